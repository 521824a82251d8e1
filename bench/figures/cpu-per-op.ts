/** Figure 1: client CPU per operation, against the stub (client cost alone) and against Azurite. */
import type { OpsJob, OpsResult } from "../child/jobs.js";
import {
  ACCOUNT_KEY,
  ACCOUNT_NAME,
  LIST_PAGE_SIZE,
  LIST_PREFIX,
  OPERATIONS,
  type BenchSizes,
  type ContenderName,
  type LoopSize,
  type Operation,
} from "../config.js";
import { runJob } from "../processes.js";
import type { QueueSetup } from "../queue-setup.js";
import type { CpuRow, Target } from "../results.js";
import { summarize } from "../stats.js";

export interface CpuFigureEnv {
  readonly stubUrl: string;
  readonly azuriteUrl: string;
  readonly azurite: QueueSetup;
  readonly sizes: BenchSizes;
  readonly log: (line: string) => void;
}

function rows(target: Target, contender: ContenderName, result: OpsResult, log: (line: string) => void): CpuRow[] {
  return result.loops.map(({ op, samples, failure }) => {
    if (failure) log(`  FAILED: ${contender} ${op} against the ${target}:\n${failure}`);
    return {
      target,
      contender,
      op,
      cpuUs: summarize(samples.map((sample) => sample.cpuUsPerOp)),
      wallUs: summarize(samples.map((sample) => sample.wallUsPerOp)),
      ...(failure !== undefined && { failure }),
    };
  });
}

/** One stub job: every operation on the same queue name (the stub keeps no state). */
export function stubJob(contender: ContenderName, accountUrl: string, size: LoopSize, ops: readonly Operation[] = OPERATIONS): OpsJob {
  return {
    kind: "ops",
    contender,
    config: { accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
    loops: ops.map((op) => ({ op, queue: op === "list" ? LIST_PREFIX : "bench", size })),
  };
}

/** Messages a loop consumes, and so how many the runner puts in its queue first. */
export function messagesNeeded(op: Operation, size: LoopSize): number {
  const total = size.warmup + size.ops * size.reps;
  if (op === "get") return total * 32;
  if (op === "delete") return total;
  if (op === "update") return 1;
  return 0;
}

export function azuriteLoopSize(op: Operation, sizes: BenchSizes): LoopSize {
  return op === "get" ? sizes.azuriteGet : sizes.azurite;
}

/** Creates and fills one queue per operation for `contender` on Azurite; returns the job and the queues to drop. */
export async function prepareAzuriteJob(
  env: Pick<CpuFigureEnv, "azurite" | "azuriteUrl" | "sizes">,
  contender: ContenderName,
  ops: readonly Operation[] = OPERATIONS,
): Promise<{ job: OpsJob; queues: string[] }> {
  const queues: string[] = [];
  const loops: OpsJob["loops"][number][] = [];
  for (const op of ops) {
    const size = azuriteLoopSize(op, env.sizes);
    if (op === "list") {
      loops.push({ op, queue: LIST_PREFIX, size });
      continue;
    }
    const queue = `f1-${contender}-${op}`;
    await env.azurite.createQueue(queue);
    await env.azurite.fillQueue(queue, messagesNeeded(op, size));
    queues.push(queue);
    loops.push({ op, queue, size });
  }
  const job: OpsJob = {
    kind: "ops",
    contender,
    config: { accountUrl: env.azuriteUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
    loops,
  };
  return { job, queues };
}

/** A page of queues for listQueues to return, named `${LIST_PREFIX}000`... */
export async function createListQueues(azurite: QueueSetup): Promise<string[]> {
  const names = Array.from({ length: LIST_PAGE_SIZE }, (_, i) => `${LIST_PREFIX}${String(i).padStart(3, "0")}`);
  for (const name of names) await azurite.createQueue(name);
  return names;
}

export async function measureCpuPerOp(env: CpuFigureEnv): Promise<CpuRow[]> {
  const result: CpuRow[] = [];
  for (const contender of ["azqueue", "official", "raw"] as const) {
    env.log(`  stub: ${contender}`);
    result.push(...rows("stub", contender, await runJob<OpsResult>(stubJob(contender, env.stubUrl, env.sizes.stub)), env.log));
  }
  const listQueues = await createListQueues(env.azurite);
  // The raw floor reuses one signature per request: meaningful against the stub only, whose answers never change.
  // One process per operation, and only that operation's queue in Azurite: its in-memory store slows down with
  // every message it holds, in any queue.
  for (const contender of ["azqueue", "official"] as const) {
    for (const op of OPERATIONS) {
      env.log(`  Azurite: ${contender} ${op}`);
      const { job, queues } = await prepareAzuriteJob(env, contender, [op]);
      result.push(...rows("azurite", contender, await runJob<OpsResult>(job), env.log));
      for (const queue of queues) await env.azurite.deleteQueue(queue);
    }
  }
  for (const queue of listQueues) await env.azurite.deleteQueue(queue);
  return result;
}
