/**
 * The second half of `npm start`: 1,000 messages put concurrently, then processed by the lease worker. Some
 * handlers hold their message for longer than a lease, so the worker renews it; one message always fails, so it is
 * retried up to maxDequeueCount and then copied to the poison queue. Progress bars show both phases (on a terminal
 * only), and a summary table ends it.
 */
import { MultiBar, Presets } from "cli-progress";
import type { QueueService, WorkerStats } from "../src/index.js";

const MESSAGES = 1000;
const PUT_CONCURRENCY = 32;
/** Every this-many-th message takes longer than a lease. */
const SLOW_EVERY = 100;
const SLOW_MS = 3500;
const LEASE_SECONDS = 2;
/** The message whose handler always throws. */
const POISON_NUMBER = 666;

export interface WorkerDemoSummary {
  readonly stats: WorkerStats;
  readonly poisonQueueHolds: readonly string[];
  readonly seconds: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** A progress bar, or nothing when stdout is not a terminal (a pipe, CI), where only the summary prints. */
interface Bar {
  increment(): void;
  update(value: number, detail: string): void;
}

function progressBars(): { bar(phase: string): Bar; stop(): void } {
  if (process.stdout.isTTY !== true) return { bar: () => ({ increment() {}, update() {} }), stop() {} };
  const multi = new MultiBar({ format: " {phase} [{bar}] {value}/{total} {detail}", hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  return {
    bar: (phase) => {
      const bar = multi.create(MESSAGES, 0, { phase, detail: "" });
      return { increment: () => bar.increment(), update: (value, detail) => bar.update(value, { detail }) };
    },
    stop: () => multi.stop(),
  };
}

type Progress = ReturnType<typeof progressBars>;

async function putAll(qs: QueueService, queue: string, progress: Progress): Promise<number> {
  const bar = progress.bar("put    ");
  const started = performance.now();
  let next = 0;
  const putter = async (): Promise<void> => {
    for (let n = next++; n < MESSAGES; n = next++) {
      await qs.putMessage(queue, JSON.stringify({ order: n, item: `widget-${n % 17}` }));
      bar.increment();
    }
  };
  await Promise.all(Array.from({ length: PUT_CONCURRENCY }, putter));
  return (performance.now() - started) / 1000;
}

async function processAll(qs: QueueService, queue: string, progress: Progress): Promise<{ stats: WorkerStats; seconds: number }> {
  const bar = progress.bar("process");
  let lastError = "";
  const started = performance.now();
  const worker = qs.processMessages(
    queue,
    async (message, { signal }) => {
      const { order } = JSON.parse(message.content) as { order: number };
      if (order === POISON_NUMBER) throw new Error(`order ${order}: item out of stock`);
      await sleep(order % SLOW_EVERY === 0 ? SLOW_MS : 5 + (order % 7), signal);
    },
    {
      concurrency: 32,
      batchSize: 32,
      visibilityTimeout: LEASE_SECONDS,
      maxPollInterval: 0.5,
      onError: ({ source, error }) => {
        if (source !== "handler") lastError = `; last error (${source}): ${(error as Error).message}`;
      },
    },
  );
  while (worker.stats.completed + worker.stats.poisoned < MESSAGES) {
    const { completed, renewed, poisoned, failed, inFlight } = worker.stats;
    bar.update(completed + poisoned, `renewed ${renewed}, failed ${failed}, poisoned ${poisoned}, in flight ${inFlight}${lastError}`);
    await sleep(100);
  }
  await worker.stop();
  const { stats } = worker;
  bar.update(stats.completed + stats.poisoned, `renewed ${stats.renewed}, poisoned ${stats.poisoned}${lastError}`);
  return { stats, seconds: (performance.now() - started) / 1000 };
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const line = `  +${"-".repeat(width + 2)}+${"-".repeat(valueWidth + 2)}+`;
  return [line, ...rows.map(([name, value]) => `  | ${name.padEnd(width)} | ${value.padStart(valueWidth)} |`), line].join("\n");
}

/** Runs the worker demo on `qs`; the queues it creates are deleted at the end. */
export async function workerDemo(qs: QueueService): Promise<WorkerDemoSummary> {
  const queue = "demo-orders";
  const poisonQueue = `${queue}-poison`;
  await qs.createQueue(queue);
  console.log(`\nLease worker (processMessages): ${MESSAGES} orders, a ${LEASE_SECONDS} s lease; every ${SLOW_EVERY}th order takes ${SLOW_MS / 1000} s, order ${POISON_NUMBER} always fails`);
  const progress = progressBars();
  let putSeconds: number;
  let processed: { stats: WorkerStats; seconds: number };
  try {
    putSeconds = await putAll(qs, queue, progress);
    processed = await processAll(qs, queue, progress);
  } finally {
    progress.stop();
  }
  const poisonQueueHolds = (await qs.peekMessages(poisonQueue, { numMessages: 32 })).map((message) => message.content);
  const { stats, seconds } = processed;
  console.log(
    table([
      ["put", `${MESSAGES} in ${putSeconds.toFixed(1)} s (${Math.round(MESSAGES / putSeconds)}/s)`],
      ["received", String(stats.received)],
      ["completed", String(stats.completed)],
      ["renewed (leases extended)", String(stats.renewed)],
      ["failed (handler threw)", String(stats.failed)],
      ["released for a retry", String(stats.released)],
      ["poisoned", `${stats.poisoned} -> ${poisonQueue}`],
      ["duration", `${seconds.toFixed(1)} s`],
      ["messages/s", String(Math.round(stats.completed / seconds))],
    ]),
  );
  console.log(`  ${poisonQueue} holds: ${poisonQueueHolds.join(", ")}`);
  await qs.deleteQueue(queue);
  await qs.deleteQueue(poisonQueue);
  return { stats, poisonQueueHolds, seconds };
}
