/**
 * Figure 3: the consumer loop (get 32, delete each, until the queue is empty), azqueue and the official SDK at the
 * same concurrency against the same Azurite setup. Each repetition is a fresh process and a fresh Azurite with a
 * freshly filled queue; the contenders alternate so a drifting machine load hits both alike.
 */
import { ACCOUNT_KEY, ACCOUNT_NAME, type BenchSizes, type ContenderName } from "../config.js";
import type { ConsumerResult } from "../child/jobs.js";
import { runJob } from "../processes.js";
import { jitWarmup } from "./jit-warmup.js";
import { withFreshAzurite } from "../queue-setup.js";
import type { ConsumerRow } from "../results.js";
import { summarize } from "../stats.js";

export interface ConsumerFigureEnv {
  readonly stubUrl: string;
  readonly sizes: BenchSizes;
  readonly log: (line: string) => void;
}

const CONTENDERS = ["azqueue", "official"] as const satisfies readonly ContenderName[];

export async function measureConsumer(env: ConsumerFigureEnv): Promise<ConsumerRow[]> {
  const { messages, warmupMessages, reps, concurrency } = env.sizes.consumer;
  const runs = new Map<ContenderName, ConsumerResult[]>(CONTENDERS.map((contender) => [contender, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const contender of CONTENDERS) {
      env.log(`  repetition ${rep + 1}/${reps}: ${contender}`);
      const queue = `f3-${contender}-${rep}`;
      const warmupQueue = `${queue}-warmup`;
      const result = await withFreshAzurite(async (azurite) => {
        for (const [name, count] of [[warmupQueue, warmupMessages], [queue, messages]] as const) {
          await azurite.setup.createQueue(name);
          await azurite.setup.fillQueue(name, count);
        }
        return runJob<ConsumerResult>({
          kind: "consumer",
          contender,
          config: { accountUrl: azurite.accountUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
          jitWarmup: jitWarmup(env.stubUrl, env.sizes, ["get", "delete"]),
          warmupQueue,
          queue,
          expected: messages,
          concurrency,
        }, { timeoutMs: env.sizes.jobTimeoutMs });
      });
      runs.get(contender)!.push(result);
    }
  }
  return CONTENDERS.map((contender) => {
    const results = runs.get(contender)!;
    return {
      contender,
      concurrency,
      messagesPerSecond: summarize(results.map((run) => run.consumed / (run.wallMs / 1000))),
      cpuUsPerMessage: summarize(results.map((run) => run.cpuUs / run.consumed)),
    };
  });
}
