/**
 * Figure 7's child job: drain a queue with a no-op handler. azqueue runs its lease worker; the official SDK and the
 * raw floor run the loop people write by hand, `concurrency` loops of get 32 then handle and delete each message,
 * until a get comes back empty. Only the measured drain's client CPU is counted (the warm-up drain runs first, the
 * same way, on a queue of its own). The worker is the package's public `QueueService.processMessages`.
 */
import type * as Azqueue from "../../src/index.js";
import type { ProcessMessagesOptions } from "../../src/worker/options.js";
import type { MessageHandler, QueueWorker } from "../../src/worker/types.js";
import type { Contender, ContenderConfig } from "./contenders/contender.js";
import { createRawDrainer } from "./drain-raw.js";
import type { DrainJob, DrainResult, DrainSample } from "./jobs.js";

/** What the hand-written loop needs of a client. */
export interface DrainClient<M = unknown> {
  get(queue: string, count: number): Promise<readonly M[]>;
  delete(queue: string, message: M): Promise<void>;
}

/** The job's handler: does nothing, as a handler that only acknowledges. */
const noop = (_message: unknown): Promise<void> => Promise.resolve();

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** `concurrency` loops of get 32, then handle and delete each message in turn, until a get comes back empty. */
async function handLoop(client: DrainClient, queue: string, concurrency: number): Promise<number> {
  let consumed = 0;
  const loop = async () => {
    for (;;) {
      const messages = await client.get(queue, 32);
      if (messages.length === 0) return;
      for (const message of messages) {
        await noop(message);
        await client.delete(queue, message);
        consumed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return consumed;
}

async function measured(run: () => Promise<{ consumed: number; renewed: number }>): Promise<DrainSample> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const { consumed, renewed } = await run();
  const cpuUs = cpuMicros(cpuStart);
  return { consumed, wallMs: performance.now() - wallStart, cpuUs, renewed };
}

// A variable, not a literal: the type checker reads the sources' types and never looks for dist/ (absent before a build).
const PACKAGE = "azqueue";

interface WorkerKit {
  readonly service: Azqueue.QueueService;
  readonly start: (queue: string, handler: MessageHandler<string>, options: ProcessMessagesOptions) => QueueWorker;
}

async function workerKit(config: ContenderConfig): Promise<WorkerKit> {
  const { QueueService } = (await import(PACKAGE)) as typeof Azqueue;
  const service = new QueueService({ endpoint: config.accountUrl, accountName: config.accountName, accountKey: config.accountKey });
  return { service, start: (queue, handler, options) => service.processMessages(queue, handler, options) };
}

/**
 * Runs a worker until `expected` messages are settled, then stops it. The handler counts the messages it has seen
 * and wakes this function once every one has reached it; only then are the stats polled, every millisecond, for
 * the last deletes. (Polling all along cost a timer wake-up every few milliseconds: with handlers that hold their
 * messages for seconds, that was most of the CPU the renewal figure measured.)
 */
async function drainWithWorker(kit: WorkerKit, queue: string, expected: number, concurrency: number, hold?: { readonly visibilityTimeout: number; readonly ms: number }): Promise<{ consumed: number; renewed: number }> {
  let seen = 0;
  let allSeen!: () => void;
  const everyMessageSeen = new Promise<void>((resolve) => (allSeen = resolve));
  const handle = hold ? () => new Promise<void>((resolve) => setTimeout(resolve, hold.ms)) : noop;
  const handler = (message: unknown) => {
    if (++seen === expected) allSeen();
    return handle(message);
  };
  const worker = kit.start(queue, handler, {
    concurrency,
    batchSize: Math.min(32, concurrency),
    visibilityTimeout: hold?.visibilityTimeout ?? 30,
    maxPollInterval: 1,
    onError: ({ source, error }) => process.stderr.write(`worker ${source} error: ${String(error)}\n`),
  });
  await everyMessageSeen;
  while (worker.stats.completed + worker.stats.failed < expected) await new Promise((resolve) => setTimeout(resolve, 1));
  const { completed, failed, renewed } = worker.stats;
  await worker.stop();
  if (failed > 0) throw new Error(`drain: the worker failed ${failed} messages`);
  return { consumed: completed, renewed };
}

async function runWorkerDrain(job: DrainJob): Promise<DrainResult> {
  const kit = await workerKit(job.config);
  try {
    await drainWithWorker(kit, job.warmupQueue, job.warmupMessages, job.concurrency);
    const drain = await measured(() => drainWithWorker(kit, job.queue, job.expected, job.concurrency));
    if (!job.hold) return { kind: "drain", drain, maxRssKb: process.resourceUsage().maxRSS };
    const { noopQueue, holdQueue, messages, visibilityTimeout, leases } = job.hold;
    const noopRun = await measured(() => drainWithWorker(kit, noopQueue, messages, job.concurrency));
    const held = await measured(() => drainWithWorker(kit, holdQueue, messages, job.concurrency, { visibilityTimeout, ms: leases * visibilityTimeout * 1000 }));
    return { kind: "drain", drain, hold: { noop: noopRun, held }, maxRssKb: process.resourceUsage().maxRSS };
  } finally {
    await kit.service.close();
  }
}

async function runHandDrain(client: DrainClient, job: DrainJob): Promise<DrainResult> {
  await handLoop(client, job.warmupQueue, job.concurrency);
  const drain = await measured(async () => ({ consumed: await handLoop(client, job.queue, job.concurrency), renewed: 0 }));
  if (drain.consumed !== job.expected) throw new Error(`drain: consumed ${drain.consumed} messages, expected ${job.expected}`);
  return { kind: "drain", drain, maxRssKb: process.resourceUsage().maxRSS };
}

/** Runs the job with `contender` (the official SDK's), or with the raw floor's or azqueue's own clients. */
export async function runDrain(contender: Contender, job: DrainJob): Promise<DrainResult> {
  switch (job.contender) {
    case "azqueue":
      return runWorkerDrain(job);
    case "official":
      return runHandDrain(contender, job);
    case "raw": {
      const raw = createRawDrainer(job.config);
      try {
        return await runHandDrain(raw, job);
      } finally {
        await raw.close();
      }
    }
  }
}
