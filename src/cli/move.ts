/**
 * `azq move`: messages from one queue to another, for example a poison queue back to its queue. Each message is
 * put on the target before it is deleted from the source (at least once, never lost), and the stored text is copied
 * byte for byte whatever --format says: decoding and encoding again need not give the same text back.
 */
import type { Command } from "commander";
import { integerIn } from "./arguments.js";
import { UsageError } from "./errors.js";
import { commandContext } from "./global-options.js";
import { plural } from "./output.js";
import { settleAll } from "./settle.js";
import { watchStopSignals } from "./signals.js";

const SERVICE_BATCH = 32;

interface MoveOptions {
  readonly max?: number;
  readonly visibilityTimeout: number;
  readonly ttl?: number;
}

export function registerMove(program: Command): void {
  program
    .command("move")
    .description("move messages from one queue to another (created when missing): put on TO, then delete from FROM")
    .argument("<from>", "source queue")
    .argument("<to>", "target queue")
    .option("--max <n>", "stop after this many messages", integerIn(1))
    .option("--ttl <seconds>", "time to live of the moved messages; -1: never expire (default: 7 days)", integerIn(-1))
    .option("--visibility-timeout <seconds>", "how long a batch stays hidden in FROM while it is moved", integerIn(1, 7 * 86_400), 300)
    .action(moveAction);
}

async function moveAction(from: string, to: string, options: MoveOptions, command: Command): Promise<void> {
  if (from === to) throw new UsageError("FROM and TO are the same queue");
  const { storedTextService, output } = commandContext(command);
  await using qs = storedTextService();
  // Checked first: a typo in FROM must not leave a stray new queue behind.
  await qs.getQueueMetadata(from);
  const created = await qs.createQueue(to);
  if (created) output.note(`created queue ${to}`);
  const stop = watchStopSignals((name) => output.note(`${name}: stopping once the batch in hand is moved (again to quit now)`));
  const progress = output.progress("move {value} messages", undefined);
  let moved = 0;
  try {
    while (!stop.signal.aborted && (options.max === undefined || moved < options.max)) {
      const numMessages = Math.min(SERVICE_BATCH, options.max === undefined ? SERVICE_BATCH : options.max - moved);
      const batch = await qs.getMessages(from, { numMessages, visibilityTimeout: options.visibilityTimeout });
      if (batch.length === 0) break;
      // A message whose put fails is not deleted: it becomes visible in FROM again when its timeout ends.
      await settleAll(
        batch.map(async (message) => {
          await qs.putMessage(to, message.content, { timeToLive: options.ttl });
          await qs.deleteMessage(from, message.id, message.popReceipt);
          moved += 1;
          progress.increment();
        }),
      );
    }
  } finally {
    progress.stop();
    stop.dispose();
  }
  const stopped = stop.received;
  output.summary(
    { from, to, moved, createdTarget: created, stopped: stopped ?? null },
    stopped ? `Stopped by ${stopped}: moved ${plural(moved, "message")} from ${from} to ${to}.` : `Moved ${plural(moved, "message")} from ${from} to ${to}.`,
  );
}
