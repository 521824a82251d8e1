/**
 * Figure 3: the consumer loop (get 32, delete each, until the queue is empty) against one Azurite, azqueue and the
 * official SDK at the same concurrency. Each repetition is a fresh process on a freshly filled queue; the
 * contenders alternate so a drifting machine load hits both alike.
 */
import { ACCOUNT_KEY, ACCOUNT_NAME, type BenchSizes, type ContenderName } from "../config.js";
import type { ConsumerResult } from "../child/jobs.js";
import { runJob } from "../processes.js";
import type { QueueSetup } from "../queue-setup.js";
import type { ConsumerRow } from "../results.js";
import { summarize } from "../stats.js";

export interface ConsumerFigureEnv {
  readonly azuriteUrl: string;
  readonly azurite: QueueSetup;
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
      for (const [name, count] of [[warmupQueue, warmupMessages], [queue, messages]] as const) {
        await env.azurite.createQueue(name);
        await env.azurite.fillQueue(name, count);
      }
      runs.get(contender)!.push(
        await runJob<ConsumerResult>({
          kind: "consumer",
          contender,
          config: { accountUrl: env.azuriteUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY },
          warmupQueue,
          queue,
          expected: messages,
          concurrency,
        }),
      );
      await env.azurite.deleteQueue(warmupQueue);
      await env.azurite.deleteQueue(queue);
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
