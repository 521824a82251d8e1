/** Everything one bench run measured: what the report and the chart are written from. */
import type { ContenderName, Operation } from "./config.js";
import type { Summary } from "./stats.js";

export type Target = "stub" | "azurite";

export interface CpuRow {
  readonly target: Target;
  readonly contender: ContenderName;
  readonly op: Operation;
  /** Client CPU (user + system) per operation, microseconds, over the repetitions. */
  readonly cpuUs: Summary;
  /** Each repetition's CPU per operation, in order. */
  readonly cpuSamplesUs: readonly number[];
  readonly wallUs: Summary;
  /** Each repetition's wall time per operation, in order. */
  readonly wallSamplesUs: readonly number[];
  /** The error that stopped the loop, when one did. */
  readonly failure?: string;
}

export interface ThroughputRow {
  readonly contender: ContenderName;
  readonly concurrency: number;
  readonly opsPerSecond: Summary;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerOp: Summary;
}

export interface ConsumerRow {
  readonly contender: ContenderName;
  readonly concurrency: number;
  readonly messagesPerSecond: Summary;
  readonly cpuUsPerMessage: Summary;
}

export interface DrainRow {
  readonly contender: ContenderName;
  /** Handlers at once (azqueue's worker), or loops of get 32, delete each (the others). */
  readonly concurrency: number;
  readonly messages: number;
  readonly messagesPerSecond: Summary;
  readonly cpuUsPerMessage: Summary;
}

/** The worker's cost of keeping leases: handlers that hold their message for several leases, against no-op ones. */
export interface RenewalRow {
  readonly messages: number;
  readonly concurrency: number;
  readonly visibilityTimeout: number;
  /** Leases each handler held its message for. */
  readonly leases: number;
  /** Renewals made per repetition. */
  readonly renewals: Summary;
  readonly noopCpuUsPerMessage: Summary;
  readonly holdCpuUsPerMessage: Summary;
  /** Each repetition's held CPU per message less its no-op CPU per message. */
  readonly extraCpuUsPerMessage: Summary;
}

/** Figure 8: azqueue's client CPU for one operation against the stub, without and with encryption (2.0, A256KW). */
export interface EncryptionRow {
  readonly op: "put" | "get";
  readonly plainCpuUs: Summary;
  readonly encryptedCpuUs: Summary;
}

/** Figure 8: AesKeyWrapKey alone, per protocol 2.0 content key. */
export interface KeyWrapRow {
  readonly wrapCpuUs: Summary;
  readonly unwrapCpuUs: Summary;
}

/** Bytes of some of a bundle's files: raw, and gzip -9 of each file on its own (as a browser fetches it), summed. */
export interface BundleSize {
  readonly files: number;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

export interface BundleRow {
  readonly contender: ContenderName;
  /** Which program, e.g. "azqueue, SharedKey". */
  readonly label: string;
  /** What the program loads to run: its entry chunk and every chunk reached from it by static imports. */
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** How many files that is. Runs before code splitting measured one file and left the fields below out. */
  readonly loadedFiles?: number;
  /** The chunks only a dynamic `import()` reaches, fetched when first needed. */
  readonly lazy?: BundleSize;
  /** Every chunk: what a program that ends up needing everything fetches. */
  readonly total?: BundleSize;
  /** The packages and source files the lazy chunks hold, largest first. */
  readonly lazyContents?: string;
  /** What the bundle was checked to contain, e.g. "fetch, @noble/hashes; no undici, no node:*". */
  readonly checked: string;
}

export interface ColdStartRow {
  readonly contender: ContenderName;
  /** Where the child ran; Node when absent (results written before Deno and Bun were measured). */
  readonly runtime?: "node" | "deno" | "bun";
  readonly ms: Summary;
  readonly runs: number;
}

export interface MemoryRow {
  readonly contender: ContenderName;
  /** Peak resident set of the client process across figure 2, megabytes. */
  readonly maxRssMb: number;
}

export interface RunInfo {
  readonly date: string;
  readonly mode: "full" | "smoke";
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly os: string;
  readonly commit: string;
  readonly versions: Readonly<Record<string, string>>;
  /** 1-minute load average at the start and the end of the run: a busy machine shows here. */
  readonly loadAverage: readonly [number, number];
  readonly durationS: number;
  /** Where the processes ran, e.g. "servers on CPU 0, contenders on CPU 1 (taskset)". */
  readonly cpuPinning: string;
  /** Operations each contender process ran against the stub before measuring. */
  readonly jitWarmup: Readonly<Record<Operation, number>>;
  /** Rounds of figure 1 against Azurite (the contenders take turns); absent in results written before rounds. */
  readonly azuriteRounds?: number;
  readonly note?: string;
}

export interface BenchResults {
  readonly info: RunInfo;
  readonly cpu: readonly CpuRow[];
  readonly throughput: readonly ThroughputRow[];
  readonly consumer: readonly ConsumerRow[];
  /** Figure 7; absent in results written before it. */
  readonly drain?: readonly DrainRow[];
  readonly renewal?: RenewalRow;
  /** Figure 8; absent in results written before it. */
  readonly encryption?: readonly EncryptionRow[];
  readonly keyWrap?: KeyWrapRow;
  readonly bundle: readonly BundleRow[];
  readonly coldStart: readonly ColdStartRow[];
  readonly memory: readonly MemoryRow[];
  /** Figures that could not be measured, with the error. */
  readonly figureFailures: readonly string[];
}
