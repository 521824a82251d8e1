/**
 * Figure 7: the lease worker with a no-op handler drains a queue, against the same job written by hand with the
 * official SDK and with the raw floor's transport (loops of get 32, delete each). Each repetition is a fresh
 * process and a fresh Azurite with freshly filled queues; the contenders take turns, so a drifting machine load
 * hits all alike. azqueue's process then measures the renewal overhead: a small batch whose handlers hold their
 * message for several leases, against the same batch with a no-op handler.
 */
import { ACCOUNT_KEY, ACCOUNT_NAME, type BenchSizes, type ContenderName } from "../config.js";
import type { DrainResult, DrainSample } from "../child/jobs.js";
import { runJob } from "../processes.js";
import { withFreshAzurite } from "../queue-setup.js";
import type { DrainRow, RenewalRow } from "../results.js";
import { summarize } from "../stats.js";
import { jitWarmup } from "./jit-warmup.js";

export interface DrainFigureEnv {
  readonly stubUrl: string;
  readonly sizes: BenchSizes;
  readonly log: (line: string) => void;
}

const CONTENDERS = ["azqueue", "official", "raw"] as const satisfies readonly ContenderName[];

const perMessage = (sample: DrainSample): number => sample.cpuUs / sample.consumed;

export async function measureDrain(env: DrainFigureEnv): Promise<{ drain: DrainRow[]; renewal: RenewalRow }> {
  const { messages, warmupMessages, reps, concurrency, hold } = env.sizes.drain;
  const runs = new Map<ContenderName, DrainResult[]>(CONTENDERS.map((contender) => [contender, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const contender of CONTENDERS) {
      env.log(`  repetition ${rep + 1}/${reps}: ${contender}`);
      const queue = `f7-${contender}-${rep}`;
      const queues: [string, number][] = [[`${queue}-warmup`, warmupMessages], [queue, messages]];
      const holdQueues = contender === "azqueue" ? { noopQueue: `${queue}-noop`, holdQueue: `${queue}-hold` } : undefined;
      if (holdQueues) queues.push([holdQueues.noopQueue, hold.messages], [holdQueues.holdQueue, hold.messages]);
      const result = await withFreshAzurite(async (azurite) => {
        for (const [name, count] of queues) {
          await azurite.setup.createQueue(name);
          await azurite.setup.fillQueue(name, count);
        }
        return runJob<DrainResult>({
          kind: "drain",
          contender,
          config: { accountUrl: azurite.accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
          jitWarmup: jitWarmup(env.stubUrl, env.sizes, ["get", "delete"]),
          warmupQueue: `${queue}-warmup`,
          warmupMessages,
          queue,
          expected: messages,
          concurrency,
          ...(holdQueues && { hold: { ...holdQueues, ...hold } }),
        }, { timeoutMs: env.sizes.jobTimeoutMs });
      });
      if (result.drain.consumed !== messages) throw new Error(`${contender} drained ${result.drain.consumed} of ${messages} messages`);
      runs.get(contender)!.push(result);
    }
  }
  const drain = CONTENDERS.map((contender) => {
    const results = runs.get(contender)!;
    return {
      contender,
      concurrency,
      messages,
      messagesPerSecond: summarize(results.map(({ drain: run }) => run.consumed / (run.wallMs / 1000))),
      cpuUsPerMessage: summarize(results.map(({ drain: run }) => perMessage(run))),
    };
  });
  const holds = runs.get("azqueue")!.flatMap((result) => (result.hold ? [result.hold] : []));
  const renewal: RenewalRow = {
    messages: hold.messages,
    concurrency,
    visibilityTimeout: hold.visibilityTimeout,
    leases: hold.leases,
    renewals: summarize(holds.map(({ held }) => held.renewed)),
    noopCpuUsPerMessage: summarize(holds.map(({ noop }) => perMessage(noop))),
    holdCpuUsPerMessage: summarize(holds.map(({ held }) => perMessage(held))),
    extraCpuUsPerMessage: summarize(holds.map(({ noop, held }) => perMessage(held) - perMessage(noop))),
  };
  return { drain, renewal };
}
