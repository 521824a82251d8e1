/**
 * `azq drain`: receive and delete every message into a JSON-lines file or stdout. Each batch is written and flushed
 * before any of its messages is deleted, so a crash or a Ctrl-C can at worst leave a message both saved and still
 * in the queue, never lost.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
import type { Command } from "commander";
import { integerIn } from "./arguments.js";
import { commandContext } from "./global-options.js";
import { messageJson, plural } from "./output.js";
import { watchStopSignals } from "./signals.js";
import { settleAll } from "./settle.js";

const SERVICE_BATCH = 32;

interface DrainOptions {
  readonly out?: string;
  readonly max?: number;
  readonly visibilityTimeout: number;
}

/** Where drained lines go, each write durable (a file) or accepted by the reader (stdout) when it resolves. */
interface LineSink {
  write(text: string): Promise<void>;
  close(): void;
}

export function registerDrain(program: Command): void {
  program
    .command("drain")
    .description("receive and delete every message, writing each as a JSON line first (to stdout by default)")
    .argument("<queue>", "queue name")
    .option("-o, --out <file>", "append the JSON lines to this file")
    .option("--max <n>", "stop after this many messages", integerIn(1))
    .option("--visibility-timeout <seconds>", "how long a received batch stays hidden while it is saved", integerIn(1, 7 * 86_400), 300)
    .action(drainAction);
}

async function drainAction(queue: string, options: DrainOptions, command: Command): Promise<void> {
  const { service, output } = commandContext(command);
  // Appending: an existing file is never truncated, so draining twice into one file loses nothing.
  const sink = options.out === undefined ? stdoutSink() : fileSink(options.out);
  const stop = watchStopSignals((name) => output.note(`${name}: stopping once the batch in hand is saved and deleted (again to quit now)`));
  const progress = output.progress("drain {value} messages", undefined);
  let drained = 0;
  try {
    await using qs = await service();
    while (!stop.signal.aborted && (options.max === undefined || drained < options.max)) {
      const numMessages = Math.min(SERVICE_BATCH, options.max === undefined ? SERVICE_BATCH : options.max - drained);
      const batch = await qs.getMessages(queue, { numMessages, visibilityTimeout: options.visibilityTimeout });
      if (batch.length === 0) break;
      await sink.write(batch.map((message) => `${JSON.stringify(messageJson(message))}\n`).join(""));
      await settleAll(batch.map((message) => qs.deleteMessage(queue, message.id, message.popReceipt)));
      drained += batch.length;
      progress.increment(batch.length);
    }
  } finally {
    progress.stop();
    sink.close();
    stop.dispose();
  }
  const where = options.out ?? "stdout";
  const stopped = stop.received;
  // With stdout as the data, the summary goes to stderr, so the JSON lines stay alone.
  output.summary(
    { queue, drained, out: options.out ?? null, stopped: stopped ?? null },
    stopped ? `Stopped by ${stopped}: drained ${plural(drained, "message")} from ${queue} to ${where}.` : `Drained ${plural(drained, "message")} from ${queue} to ${where}.`,
    options.out === undefined ? "stderr" : "stdout",
  );
}

function fileSink(path: string): LineSink {
  const fd = openSync(path, "a");
  return {
    async write(text) {
      writeSync(fd, text);
      // On disk before the deletes: a power cut after a delete must not take the line with it.
      fdatasyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

function stdoutSink(): LineSink {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    close() {},
  };
}
