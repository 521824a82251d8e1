/** What the runner asks of a child process, and what the child answers (one JSON line on stdout). */
import type { ContenderName, LoopSize, Operation } from "../config.js";
import type { ContenderConfig } from "./contenders/contender.js";

/** Operations run against the stub, with a client of their own, before the job: they warm up V8, not the server. */
export interface JitWarmup {
  readonly accountUrl: string;
  readonly loops: ReadonlyArray<{ readonly op: Operation; readonly count: number }>;
}

interface JobBase {
  readonly contender: ContenderName;
  readonly config: ContenderConfig;
  readonly jitWarmup?: JitWarmup;
}

export interface OpsJob extends JobBase {
  readonly kind: "ops";
  /** Run in this order, each on its own queue prepared by the runner (for list: the queue-name prefix). */
  readonly loops: ReadonlyArray<{ readonly op: Operation; readonly queue: string; readonly size: LoopSize }>;
}

export interface ThroughputJob extends JobBase {
  readonly kind: "throughput";
  readonly queue: string;
  readonly levels: readonly number[];
  readonly size: LoopSize;
}

export interface ConsumerJob extends JobBase {
  readonly kind: "consumer";
  readonly warmupQueue: string;
  readonly queue: string;
  readonly expected: number;
  readonly concurrency: number;
}

export interface DrainJob extends JobBase {
  readonly kind: "drain";
  readonly warmupQueue: string;
  readonly warmupMessages: number;
  readonly queue: string;
  readonly expected: number;
  readonly concurrency: number;
  /** azqueue only: the renewal runs, each on a queue of `messages` prepared by the runner. */
  readonly hold?: {
    readonly noopQueue: string;
    readonly holdQueue: string;
    readonly messages: number;
    readonly visibilityTimeout: number;
    readonly leases: number;
  };
}

/** Figure 8: azqueue's AesKeyWrapKey alone, wrapping and unwrapping a protocol 2.0 content key. */
export interface KeyWrapJob extends JobBase {
  readonly kind: "keywrap";
  readonly size: LoopSize;
}

export type Job = OpsJob | ThroughputJob | ConsumerJob | DrainJob | KeyWrapJob;

/** One measured loop: client CPU (user + system) and wall time, both per operation. */
export interface LoopSample {
  readonly cpuUsPerOp: number;
  readonly wallUsPerOp: number;
}

export interface OpsResult {
  readonly kind: "ops";
  readonly loops: ReadonlyArray<{
    readonly op: Operation;
    readonly samples: readonly LoopSample[];
    /** Set when the loop failed (the samples then hold the repetitions before the failure). */
    readonly failure?: string;
    /** process.hrtime.bigint() in microseconds around the measured repetitions, to cut a CPU profile to them. */
    readonly windowUs: readonly [number, number];
  }>;
  readonly maxRssKb: number;
}

export interface ThroughputResult {
  readonly kind: "throughput";
  readonly levels: ReadonlyArray<{
    readonly concurrency: number;
    readonly reps: ReadonlyArray<{ readonly opsPerSecond: number; readonly cpuUsPerOp: number }>;
    /** Every measured operation's latency, milliseconds, all repetitions. */
    readonly latenciesMs: readonly number[];
  }>;
  readonly maxRssKb: number;
}

export interface ConsumerResult {
  readonly kind: "consumer";
  readonly consumed: number;
  readonly wallMs: number;
  readonly cpuUs: number;
  readonly maxRssKb: number;
}

/** One measured drain: messages settled, wall time, client CPU (user + system), and leases renewed. */
export interface DrainSample {
  readonly consumed: number;
  readonly wallMs: number;
  readonly cpuUs: number;
  readonly renewed: number;
}

export interface DrainResult {
  readonly kind: "drain";
  readonly drain: DrainSample;
  /** azqueue only: the same small batch with a no-op handler, then with handlers that hold their lease. */
  readonly hold?: { readonly noop: DrainSample; readonly held: DrainSample };
  readonly maxRssKb: number;
}

export interface KeyWrapResult {
  readonly kind: "keywrap";
  /** Client CPU per wrap and per unwrap, microseconds, one per repetition. */
  readonly wrapUs: readonly number[];
  readonly unwrapUs: readonly number[];
}

export type JobResult = OpsResult | ThroughputResult | ConsumerResult | DrainResult | KeyWrapResult;
