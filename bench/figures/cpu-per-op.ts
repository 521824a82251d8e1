/** Figure 1: client CPU per operation, against the stub (client cost alone) and against Azurite. */
import type { JitWarmup, OpsJob, OpsResult } from "../child/jobs.js";
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
import { jitWarmup } from "./jit-warmup.js";
import { withFreshAzurite, type FreshAzurite } from "../queue-setup.js";
import type { CpuRow, Target } from "../results.js";
import { summarize } from "../stats.js";

export interface CpuFigureEnv {
  readonly stubUrl: string;
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
      cpuSamplesUs: samples.map((sample) => sample.cpuUsPerOp),
      wallUs: summarize(samples.map((sample) => sample.wallUsPerOp)),
      wallSamplesUs: samples.map((sample) => sample.wallUsPerOp),
      ...(failure !== undefined && { failure }),
    };
  });
}

/**
 * One stub job: every operation on the same queue name (the stub keeps no state), each loop right after its own
 * long warm-up on the measured connection. A connection's cost per request settles only after a few thousand
 * requests of one kind, and rises again for a while when the kind changes (put after list: the raw floor too).
 */
export function stubJob(contender: ContenderName, accountUrl: string, sizes: BenchSizes, size: LoopSize, ops: readonly Operation[] = OPERATIONS): OpsJob {
  return {
    kind: "ops",
    contender,
    config: { accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
    loops: ops.map((op) => ({ op, queue: op === "list" ? LIST_PREFIX : "bench", size: { ...size, warmup: Math.max(size.warmup, sizes.jitWarmup[op]) } })),
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

/** Prepares a fresh Azurite for one operation's loop (a filled queue, or a page of queues to list); returns the job. */
export async function prepareAzuriteJob(
  azurite: FreshAzurite,
  contender: ContenderName,
  op: Operation,
  size: LoopSize,
  warmup: JitWarmup,
): Promise<OpsJob> {
  let queue = LIST_PREFIX;
  if (op === "list") {
    for (let i = 0; i < LIST_PAGE_SIZE; i++) await azurite.setup.createQueue(`${LIST_PREFIX}${String(i).padStart(3, "0")}`);
  } else {
    queue = `f1-${contender}-${op}`;
    await azurite.setup.createQueue(queue);
    await azurite.setup.fillQueue(queue, messagesNeeded(op, size));
  }
  return {
    kind: "ops",
    contender,
    config: { accountUrl: azurite.accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
    jitWarmup: warmup,
    loops: [{ op, queue, size }],
  };
}

export async function measureCpuPerOp(env: CpuFigureEnv): Promise<CpuRow[]> {
  const result: CpuRow[] = [];
  for (const contender of ["azqueue", "official", "raw"] as const) {
    env.log(`  stub: ${contender}`);
    result.push(...rows("stub", contender, await runJob<OpsResult>(stubJob(contender, env.stubUrl, env.sizes, env.sizes.stub), { timeoutMs: env.sizes.jobTimeoutMs }), env.log));
  }
  // One process and one fresh Azurite per operation: Azurite's in-memory store slows down with every message it
  // holds, in any queue (updates took 20-30 ms beside a filled get queue). The contenders take turns, round after
  // round, and each row pools its rounds' repetitions (see azuriteRounds).
  const pooled = new Map<string, CpuRow>();
  for (let round = 1; round <= env.sizes.azuriteRounds; round++) {
    for (const op of OPERATIONS) {
      for (const contender of azuriteContenders(op)) {
        env.log(`  Azurite: ${contender} ${op} (round ${round} of ${env.sizes.azuriteRounds})`);
        const size = azuriteLoopSize(op, env.sizes);
        const measured = await withFreshAzurite(async (azurite) =>
          runJob<OpsResult>(await prepareAzuriteJob(azurite, contender, op, size, jitWarmup(env.stubUrl, env.sizes, [op])), { timeoutMs: env.sizes.jobTimeoutMs }),
        );
        for (const row of rows("azurite", contender, measured, env.log)) {
          const key = `${row.contender} ${row.op}`;
          const earlier = pooled.get(key);
          pooled.set(key, earlier ? poolRows(earlier, row) : row);
        }
      }
    }
  }
  return [...result, ...pooled.values()];
}

/**
 * The raw floor signs each distinct request once and reuses the signature: against Azurite that works for requests
 * that repeat exactly (puts, gets, a list page), not for deletes and updates, which name a new pop receipt each time.
 */
function azuriteContenders(op: Operation): readonly ContenderName[] {
  return op === "delete" || op === "update" ? ["azqueue", "official"] : ["azqueue", "official", "raw"];
}

function poolRows(earlier: CpuRow, later: CpuRow): CpuRow {
  const cpuSamplesUs = [...earlier.cpuSamplesUs, ...later.cpuSamplesUs];
  const wallSamplesUs = [...earlier.wallSamplesUs, ...later.wallSamplesUs];
  const failure = earlier.failure ?? later.failure;
  return {
    ...earlier,
    cpuUs: summarize(cpuSamplesUs),
    cpuSamplesUs,
    wallUs: summarize(wallSamplesUs),
    wallSamplesUs,
    ...(failure !== undefined && { failure }),
  };
}
