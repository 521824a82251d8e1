/** Figure 2 (throughput and latency of puts against Azurite at several concurrencies) and figure 6 (peak RSS). */
import { ACCOUNT_KEY, ACCOUNT_NAME, type BenchSizes } from "../config.js";
import type { ThroughputResult } from "../child/jobs.js";
import { runJob } from "../processes.js";
import { jitWarmup } from "./jit-warmup.js";
import { withFreshAzurite } from "../queue-setup.js";
import type { MemoryRow, ThroughputRow } from "../results.js";
import { quantile, summarize } from "../stats.js";

export interface ThroughputFigureEnv {
  readonly stubUrl: string;
  readonly sizes: BenchSizes;
  readonly log: (line: string) => void;
}

export async function measureThroughput(env: ThroughputFigureEnv): Promise<{ throughput: ThroughputRow[]; memory: MemoryRow[] }> {
  const throughput: ThroughputRow[] = [];
  const memory: MemoryRow[] = [];
  // The raw floor takes part: Azurite accepts its reused signature for puts (it only rejects dates far off).
  for (const contender of ["azqueue", "official", "raw"] as const) {
    env.log(`  ${contender}`);
    const queue = `f2-${contender}`;
    const result = await withFreshAzurite(async (azurite) => {
      await azurite.setup.createQueue(queue);
      return runJob<ThroughputResult>({
        kind: "throughput",
        contender,
        config: { accountUrl: azurite.accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
        jitWarmup: jitWarmup(env.stubUrl, env.sizes, ["put"]),
        queue,
        levels: env.sizes.throughput.levels,
        size: env.sizes.throughput,
      }, { timeoutMs: env.sizes.jobTimeoutMs });
    });
    for (const level of result.levels) {
      throughput.push({
        contender,
        concurrency: level.concurrency,
        opsPerSecond: summarize(level.reps.map((rep) => rep.opsPerSecond)),
        p50Ms: quantile(level.latenciesMs, 0.5),
        p99Ms: quantile(level.latenciesMs, 0.99),
        cpuUsPerOp: summarize(level.reps.map((rep) => rep.cpuUsPerOp)),
      });
    }
    memory.push({ contender, maxRssMb: result.maxRssKb / 1024 });
  }
  return { throughput, memory };
}
