/**
 * Worker processes competing for one queue (the fixture fixtures/competing-consumer.ts), seen from the test: each is
 * spawned with its settings, its stdout read line by line into events, and its end awaited. A process still running
 * when the test gives up is killed by its PID.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { WorkerStats } from "../../src/worker/types.js";

/** What a consumer process is told, as one JSON argument. */
export interface ConsumerConfig {
  readonly accountUrl: string;
  readonly queue: string;
  readonly concurrency: number;
  readonly visibilityTimeout: number;
  /** A handler sleeps a random time in this range, milliseconds. */
  readonly handlerMs: readonly [number, number];
  readonly client: { readonly socketTimeout: number; readonly maxTries: number; readonly retryDelay: number; readonly maxRetryDelay: number };
}

/** One line a consumer process prints. */
export type ConsumerEvent =
  | { readonly event: "ready" }
  | { readonly event: "start"; readonly id: string; readonly content: string; readonly dequeueCount: number }
  | { readonly event: "handled"; readonly id: string }
  | { readonly event: "deleted"; readonly id: string }
  | { readonly event: "error"; readonly source: string; readonly code: string; readonly id?: string }
  | { readonly event: "stats"; readonly stats: WorkerStats };

export interface ConsumerProcess {
  readonly pid: number;
  /** Every event read so far, in the order printed. */
  readonly events: ConsumerEvent[];
  /** Messages whose handler started and whose delete was not (yet) confirmed: what this process holds. */
  held(): Set<string>;
  /** Messages whose handler is running right now (started, not resolved). */
  inHandler(): Set<string>;
  /** Resolves once the process exited and its output is read to the end. */
  readonly ended: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

const FIXTURE = new URL("fixtures/competing-consumer.ts", import.meta.url).pathname;

export function startConsumer(config: ConsumerConfig): ConsumerProcess {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--conditions=@azqueue/source", "--import", "tsx", FIXTURE, JSON.stringify(config)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end();
  const events: ConsumerEvent[] = [];
  const held = new Set<string>();
  const inHandler = new Set<string>();
  let partial = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      const event = JSON.parse(line) as ConsumerEvent;
      events.push(event);
      if (event.event === "start") {
        held.add(event.id);
        inHandler.add(event.id);
      } else if (event.event === "handled") {
        inHandler.delete(event.id);
      } else if (event.event === "deleted") {
        held.delete(event.id);
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    // "close", not "exit": every line the process wrote before it died has been read by then.
    child.once("close", (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    pid: child.pid!,
    events,
    held: () => new Set(held),
    inHandler: () => new Set(inHandler),
    ended,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    },
  };
}

/** What all consumers reported about the messages, merged. */
export interface Ledger {
  /** Handler starts per message id, over all processes. */
  readonly starts: Map<string, number>;
  /** Handlers that resolved, per message id. */
  readonly handled: Map<string, number>;
  /** Deletes the service confirmed, per message id. */
  readonly deleted: Map<string, number>;
  /** The content of each message id. */
  readonly contentOf: Map<string, string>;
  /** Ids a process reported an error for (a lost lease, a failed delete or release). */
  readonly erred: Set<string>;
  /** Message ids redelivered (started with a dequeue count above 1), by the process that started them. */
  readonly redelivered: Set<string>;
}

export function ledgerOf(processes: readonly ConsumerProcess[]): Ledger {
  const ledger: Ledger = { starts: new Map(), handled: new Map(), deleted: new Map(), contentOf: new Map(), erred: new Set(), redelivered: new Set() };
  const count = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  for (const { events } of processes) {
    for (const event of events) {
      switch (event.event) {
        case "start":
          count(ledger.starts, event.id);
          ledger.contentOf.set(event.id, event.content);
          if (event.dequeueCount > 1) ledger.redelivered.add(event.id);
          break;
        case "handled":
          count(ledger.handled, event.id);
          break;
        case "deleted":
          count(ledger.deleted, event.id);
          break;
        case "error":
          if (event.id !== undefined) ledger.erred.add(event.id);
          break;
      }
    }
  }
  return ledger;
}

/** The ids that `map` counts more than once. */
export function repeated(map: ReadonlyMap<string, number>): string[] {
  return [...map].filter(([, times]) => times > 1).map(([id]) => id);
}
