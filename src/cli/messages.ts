/** `azq put`, `peek`, `get`, `update`, `delete` and `clear`: the messages of one queue. */
import type { Command } from "commander";
import pMap from "p-map";
import type { PeekedMessage, ReceivedMessage } from "../index.js";
import { integerIn } from "./arguments.js";
import { UsageError } from "./errors.js";
import { commandContext } from "./global-options.js";
import { countMessageLines, inputLines, messageFromLine, openInput, type MessageToPut } from "./input.js";
import { cell, messageJson, plural, table } from "./output.js";
import { watchStopSignals } from "./signals.js";

/** The service returns at most this many messages per peek or get. */
const SERVICE_BATCH = 32;
const SEVEN_DAYS = 7 * 86_400;

export function registerMessages(program: Command): void {
  program
    .command("put")
    .description("put one message, or one per line of --file or stdin")
    .argument("<queue>", "queue name")
    .argument("[text]", "the message; without it, one message per line of --file or stdin")
    .option("-f, --file <path>", "read messages from this file, one per line")
    .option("--jsonl", "each line is a JSON string or { content, visibilityTimeout, timeToLive }", false)
    .option("-c, --concurrency <n>", "puts in flight at once", integerIn(1, 1024), 16)
    .option("--ttl <seconds>", "time to live; -1: never expires (default: 7 days)", integerIn(-1))
    .option("--visibility-timeout <seconds>", "hidden for this long after the put", integerIn(0, SEVEN_DAYS))
    .action(putAction);

  program
    .command("peek")
    .description("show messages without receiving them (at most 32: the service's cap)")
    .argument("<queue>", "queue name")
    .option("-n, --num-messages <n>", "how many", integerIn(1), 1)
    .action(async (queue: string, options: { numMessages: number }, command: Command) => {
      const { service, output } = commandContext(command);
      if (options.numMessages > SERVICE_BATCH) {
        output.note(`the service peeks at most ${SERVICE_BATCH} messages; showing the first ${SERVICE_BATCH} (azq drain --out F reads them all)`);
      }
      await using qs = await service();
      const messages = await qs.peekMessages(queue, { numMessages: Math.min(options.numMessages, SERVICE_BATCH) });
      output.result(messages.map(messageJson), () => messageTable(messages));
    });

  program
    .command("get")
    .description("receive messages: hidden for --visibility-timeout seconds, then visible again unless deleted")
    .argument("<queue>", "queue name")
    .option("-n, --num-messages <n>", "how many (several requests past 32)", integerIn(1), 1)
    .option("--visibility-timeout <seconds>", "how long the messages stay hidden", integerIn(1, SEVEN_DAYS), 30)
    .action(async (queue: string, options: { numMessages: number; visibilityTimeout: number }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      const received: ReceivedMessage[] = [];
      while (received.length < options.numMessages) {
        const numMessages = Math.min(SERVICE_BATCH, options.numMessages - received.length);
        const batch = await qs.getMessages(queue, { numMessages, visibilityTimeout: options.visibilityTimeout });
        received.push(...batch);
        if (batch.length < numMessages) break;
      }
      output.result(received.map(receivedJson), () => messageTable(received));
    });

  program
    .command("update")
    .description("change a received message's visibility timeout and, with --content, its content")
    .argument("<queue>", "queue name")
    .argument("<id>", "message id")
    .argument("<pop-receipt>", "pop receipt of its latest get or update")
    .option("--content <text>", "the new content")
    .option("--visibility-timeout <seconds>", "hidden for this long from now; 0: visible at once", integerIn(0, SEVEN_DAYS), 0)
    .action(async (queue: string, id: string, popReceipt: string, options: { content?: string; visibilityTimeout: number }, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      const updated = await qs.updateMessage(queue, id, popReceipt, options.visibilityTimeout, { content: options.content });
      const value = { id: updated.id, popReceipt: updated.popReceipt, timeNextVisible: updated.timeNextVisible.toISOString() };
      output.result(value, () => table(["ID", "POP RECEIPT", "NEXT VISIBLE"], [[value.id, value.popReceipt, value.timeNextVisible]]));
    });

  program
    .command("delete")
    .description("delete a received message")
    .argument("<queue>", "queue name")
    .argument("<id>", "message id")
    .argument("<pop-receipt>", "pop receipt of its latest get or update")
    .action(async (queue: string, id: string, popReceipt: string, _options: object, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      await qs.deleteMessage(queue, id, popReceipt);
      output.summary({ queue, id, deleted: true }, `Deleted message ${id}.`);
    });

  program
    .command("clear")
    .description("delete every message of a queue")
    .argument("<queue>", "queue name")
    .action(async (queue: string, _options: object, command: Command) => {
      const { service, output } = commandContext(command);
      await using qs = await service();
      await qs.clearMessages(queue);
      output.summary({ queue, cleared: true }, `Cleared queue ${queue}.`);
    });
}

interface PutOptions {
  readonly file?: string;
  readonly jsonl: boolean;
  readonly concurrency: number;
  readonly ttl?: number;
  readonly visibilityTimeout?: number;
}

async function putAction(queue: string, text: string | undefined, options: PutOptions, command: Command): Promise<void> {
  const { service, output } = commandContext(command);
  const defaults = { timeToLive: options.ttl, visibilityTimeout: options.visibilityTimeout };
  if (text !== undefined) {
    if (options.file !== undefined) throw new UsageError("give the message as an argument or --file, not both");
    await using qs = await service();
    const message = await qs.putMessage(queue, text, defaults);
    output.summary({ queue, id: message.id, popReceipt: message.popReceipt, put: 1 }, `Put message ${message.id} on ${queue}.`);
    return;
  }
  if (options.file === undefined && process.stdin.isTTY === true) output.note("reading messages from stdin, one per line; end with Ctrl-D");
  const total = options.file === undefined ? undefined : await countMessageLines(options.file);
  const stop = watchStopSignals((name) => output.note(`${name}: stopping once the puts in flight finish (again to quit now)`));
  // The first failure stops reading as a signal does: what was read is still put, so the count stays exact.
  const ended = new AbortController();
  const stopReading = AbortSignal.any([stop.signal, ended.signal]);
  let failure: unknown;
  let put = 0;
  let lastLine = 0;
  const progress = output.progress(total === undefined ? "put {value} messages" : "put [{bar}] {value}/{total}", total);
  try {
    await using qs = await service();
    await pMap(
      inputLines(openInput(options.file), stopReading),
      async (line) => {
        try {
          const message: MessageToPut = messageFromLine(line, options.jsonl, defaults);
          await qs.putMessage(queue, message.content, message.options);
          put += 1;
          lastLine = Math.max(lastLine, line.number);
          progress.increment();
        } catch (error) {
          failure ??= error;
          ended.abort();
        }
      },
      { concurrency: options.concurrency },
    );
  } finally {
    progress.stop();
    stop.dispose();
  }
  if (failure !== undefined) {
    output.note(`put ${plural(put, "message")} on ${queue} before the failure below`);
    throw failure;
  }
  const stopped = stop.received;
  output.summary(
    { queue, put, lastLine, stopped: stopped ?? null },
    stopped
      ? `Stopped by ${stopped}: put ${plural(put, "message")} on ${queue}, every line up to ${lastLine}; continue from line ${lastLine + 1}.`
      : `Put ${plural(put, "message")} on ${queue}.`,
  );
}

function receivedJson(message: ReceivedMessage): Record<string, unknown> {
  return { ...messageJson(message), popReceipt: message.popReceipt, timeNextVisible: message.timeNextVisible.toISOString() };
}

function messageTable(messages: readonly (PeekedMessage | ReceivedMessage)[]): string {
  if (messages.length === 0) return "(no visible messages)";
  const received = messages.every((message): message is ReceivedMessage => "popReceipt" in message);
  const head = received ? ["ID", "POP RECEIPT", "DEQUEUES", "NEXT VISIBLE", "CONTENT"] : ["ID", "DEQUEUES", "INSERTED", "CONTENT"];
  const rows = messages.map((message) =>
    "popReceipt" in message && received
      ? [message.id, message.popReceipt, String(message.dequeueCount), message.timeNextVisible.toISOString(), cell(message.content)]
      : [message.id, String(message.dequeueCount), message.insertionTime.toISOString(), cell(message.content)],
  );
  return table(head, rows);
}
