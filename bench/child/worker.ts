/**
 * A contender's process for figures 1-3, 7, 8 and profiling: `node worker.js '<job JSON>'` loads that one contender,
 * runs the job and prints one JSON line. Only this process's CPU is counted, and nothing else runs in it.
 */
import { inspect } from "node:util";
import { LIST_PREFIX, MESSAGE_TEXT, type Operation } from "../config.js";
import type { Contender, CreateContender } from "./contenders/contender.js";
import { runDrain } from "./drain.js";
import { runKeyWrap } from "./key-wrap.js";
import type {
  ConsumerJob,
  ConsumerResult,
  JitWarmup,
  Job,
  JobResult,
  LoopSample,
  OpsJob,
  OpsResult,
  ThroughputJob,
  ThroughputResult,
} from "./jobs.js";

const UPDATED_TEXT = MESSAGE_TEXT.replace("order.created", "order.shipped");

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "") as Job;
  if (job.kind === "keywrap") {
    process.stdout.write(`${JSON.stringify(await runKeyWrap(job))}\n`);
    return;
  }
  const { createContender } = (await import(`./contenders/${job.contender}.js`)) as { createContender: CreateContender };
  const contender = await createContender(job.config);
  if (job.jitWarmup) {
    const warmer = await createContender({ ...job.config, accountUrl: job.jitWarmup.accountUrl });
    await warmUpJit(warmer, job.jitWarmup);
    await warmer.close();
  }
  let result: JobResult;
  if (job.kind === "ops") result = await runOps(contender, job);
  else if (job.kind === "throughput") result = await runThroughput(contender, job);
  else if (job.kind === "drain") result = await runDrain(contender, job);
  else result = await runConsumer(contender, job);
  await contender.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Prepares what one loop consumes (outside any measurement) and returns its step. */
async function prepareStep(contender: Contender, op: Operation, queue: string, total: number): Promise<(i: number) => Promise<unknown>> {
  switch (op) {
    case "put":
      return () => contender.put(queue, MESSAGE_TEXT);
    case "get":
      return () => contender.get(queue, 32);
    case "list":
      return () => contender.list(queue);
    case "delete": {
      const messages: unknown[] = [];
      while (messages.length < total) {
        const batch = await contender.get(queue, Math.min(32, total - messages.length));
        if (batch.length === 0) throw new Error(`delete: the queue ${queue} ran dry at ${messages.length} of ${total} messages`);
        messages.push(...batch);
      }
      return (i) => contender.delete(queue, messages[i]);
    }
    case "update": {
      let [message] = await contender.get(queue, 1);
      if (message === undefined) throw new Error(`update: the queue ${queue} is empty`);
      return async () => {
        message = await contender.update(queue, message, UPDATED_TEXT);
      };
    }
  }
}

async function warmUpJit(contender: Contender, warmup: JitWarmup): Promise<void> {
  for (const { op, count } of warmup.loops) {
    const step = await prepareStep(contender, op, op === "list" ? LIST_PREFIX : "bench", count);
    for (let i = 0; i < count; i++) await step(i);
  }
}

async function measureLoop(step: (i: number) => Promise<unknown>, from: number, count: number): Promise<LoopSample> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = from; i < from + count; i++) await step(i);
  const cpu = cpuMicros(cpuStart);
  const wall = (performance.now() - wallStart) * 1000;
  return { cpuUsPerOp: cpu / count, wallUsPerOp: wall / count };
}

async function runOps(contender: Contender, job: OpsJob): Promise<OpsResult> {
  const loops: OpsResult["loops"][number][] = [];
  for (const { op, queue, size } of job.loops) {
    const samples: LoopSample[] = [];
    const start = nowUs();
    try {
      const step = await prepareStep(contender, op, queue, size.warmup + size.ops * size.reps);
      for (let i = 0; i < size.warmup; i++) await step(i);
      for (let rep = 0; rep < size.reps; rep++) samples.push(await measureLoop(step, size.warmup + rep * size.ops, size.ops));
      loops.push({ op, samples, windowUs: [start, nowUs()] });
    } catch (error) {
      // One failed loop must not cost the others: reported with the whole error, cause chain included.
      loops.push({ op, samples, windowUs: [start, nowUs()], failure: inspect(error, { depth: 6 }) });
    }
  }
  return { kind: "ops", loops, maxRssKb: process.resourceUsage().maxRSS };
}

/** `concurrency` workers share one counter of puts; every put's latency is kept. */
async function runPuts(contender: Contender, queue: string, concurrency: number, count: number, latencies?: number[]): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const begin = performance.now();
      await contender.put(queue, MESSAGE_TEXT);
      latencies?.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function runThroughput(contender: Contender, job: ThroughputJob): Promise<ThroughputResult> {
  const levels: ThroughputResult["levels"][number][] = [];
  for (const concurrency of job.levels) {
    await runPuts(contender, job.queue, concurrency, job.size.warmup);
    const latenciesMs: number[] = [];
    const reps: { opsPerSecond: number; cpuUsPerOp: number }[] = [];
    for (let rep = 0; rep < job.size.reps; rep++) {
      const wallStart = performance.now();
      const cpuStart = process.cpuUsage();
      await runPuts(contender, job.queue, concurrency, job.size.ops, latenciesMs);
      const cpu = cpuMicros(cpuStart);
      reps.push({ opsPerSecond: job.size.ops / ((performance.now() - wallStart) / 1000), cpuUsPerOp: cpu / job.size.ops });
    }
    levels.push({ concurrency, reps, latenciesMs });
  }
  return { kind: "throughput", levels, maxRssKb: process.resourceUsage().maxRSS };
}

/** Consumers each get up to 32, delete every one, and stop when a get comes back empty. */
async function consume(contender: Contender, queue: string, concurrency: number): Promise<number> {
  let consumed = 0;
  const consumer = async () => {
    for (;;) {
      const messages = await contender.get(queue, 32);
      if (messages.length === 0) return;
      for (const message of messages) await contender.delete(queue, message);
      consumed += messages.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, consumer));
  return consumed;
}

async function runConsumer(contender: Contender, job: ConsumerJob): Promise<ConsumerResult> {
  await consume(contender, job.warmupQueue, job.concurrency);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const consumed = await consume(contender, job.queue, job.concurrency);
  const cpuUs = cpuMicros(cpuStart);
  const wallMs = performance.now() - wallStart;
  if (consumed !== job.expected) throw new Error(`consumer: consumed ${consumed} messages, expected ${job.expected}`);
  return { kind: "consumer", consumed, wallMs, cpuUs, maxRssKb: process.resourceUsage().maxRSS };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
