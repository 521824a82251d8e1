/**
 * `azq work QUEUE -- COMMAND [ARGS...]`: the lease worker runs COMMAND once per message, the content on its stdin
 * and AZQ_MESSAGE_ID / AZQ_DEQUEUE_COUNT in its environment. Exit 0 deletes the message; anything else releases it
 * for a retry, and the worker poisons it after --max-dequeue-count deliveries.
 */
import { spawn } from "node:child_process";
import type { Command } from "commander";
import type { MessageHandlerContext, QueueService, ReceivedMessage, WorkerStats } from "../index.js";
import { integerIn } from "./arguments.js";
import { CliError } from "./errors.js";
import { commandContext } from "./global-options.js";
import { watchStopSignals } from "./signals.js";

// How often --until-empty looks at the queue, and how many empty looks in a row end the run: one look could fall
// between a release and the next delivery.
const EMPTY_POLL_MS = 500;
const EMPTY_LOOKS = 3;
// Time the running commands get to finish after Ctrl-C, as the worker's own default.
const STOP_TIMEOUT_SECONDS = 30;

interface WorkOptions {
  readonly concurrency: number;
  readonly visibilityTimeout: number;
  readonly maxDequeueCount: number;
  readonly untilEmpty: boolean;
}

export function registerWork(program: Command): void {
  program
    .command("work")
    .description("run COMMAND once per message (content on stdin); exit 0 deletes it, anything else retries it")
    .usage("[options] <queue> -- <command> [args...]")
    .argument("<queue>", "queue name")
    .argument("<command...>", "the command and its arguments, after --")
    .option("-c, --concurrency <n>", "commands running at once", integerIn(1, 1024), 4)
    .option("--visibility-timeout <seconds>", "the lease, renewed while a command runs", integerIn(1, 7 * 86_400), 30)
    .option("--max-dequeue-count <n>", "deliveries before a failing message goes to QUEUE-poison", integerIn(1), 5)
    .option("--until-empty", "exit once the queue stays empty", false)
    .action(workAction);
}

async function workAction(queue: string, commandLine: string[], options: WorkOptions, command: Command): Promise<void> {
  const { service, output } = commandContext(command);
  const [file, ...args] = commandLine as [string, ...string[]];
  await using qs = await service();
  // The worker retries a missing queue forever, as a long-running consumer should; at the start it is a typo.
  await qs.getQueueMetadata(queue);
  const stop = watchStopSignals((name) => output.note(`${name}: stopping; running commands get ${STOP_TIMEOUT_SECONDS} s to finish (again to quit now)`));
  const fatal = new AbortController();
  let fatalError: unknown;
  const worker = qs.processMessages(
    queue,
    (message, context) =>
      runCommand(file, args, message, context).catch((error: unknown) => {
        // A command that cannot start at all would fail every message into the poison queue: stop instead.
        if (isSpawnFailure(error)) {
          fatalError ??= new CliError(`cannot run ${file}: ${error.message}`);
          fatal.abort();
        }
        throw error;
      }),
    { concurrency: options.concurrency, visibilityTimeout: options.visibilityTimeout, maxDequeueCount: options.maxDequeueCount },
  );
  const live = output.progress("completed {completed} | failed {failed} | poisoned {poisoned} | in flight {inFlight}", undefined, fields(worker.stats));
  const ticker = setInterval(() => live.update(fields(worker.stats)), 200);
  try {
    const ended = AbortSignal.any([stop.signal, fatal.signal]);
    await (options.untilEmpty ? untilEmpty(qs, queue, () => worker.stats, ended) : aborted(ended));
  } finally {
    await worker.stop({ timeout: STOP_TIMEOUT_SECONDS });
    clearInterval(ticker);
    live.update(fields(worker.stats));
    live.stop();
    stop.dispose();
  }
  if (fatalError !== undefined) throw fatalError;
  const stats = worker.stats;
  output.summary(
    { queue, ...stats, stopped: stop.received ?? null },
    `${stop.received ? `Stopped by ${stop.received}: ` : ""}completed ${stats.completed}, failed ${stats.failed}, poisoned ${stats.poisoned}, received ${stats.received}.`,
  );
}

function fields(stats: WorkerStats): Record<string, number> {
  return { completed: stats.completed, failed: stats.failed, poisoned: stats.poisoned, inFlight: stats.inFlight };
}

/** Resolves when the command exits 0; rejects with why otherwise, which releases the message for a retry. */
function runCommand(file: string, args: readonly string[], message: ReceivedMessage, context: MessageHandlerContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ["pipe", "inherit", "inherit"],
      // Its own process group: a Ctrl-C at the terminal reaches azq alone, which lets the command finish its message.
      detached: true,
      env: { ...process.env, AZQ_MESSAGE_ID: message.id, AZQ_DEQUEUE_COUNT: String(message.dequeueCount) },
    });
    // The worker gave up on this message (stop timeout, lease lost): the command's work no longer counts.
    const onAbort = (): void => void child.kill("SIGTERM");
    context.signal.addEventListener("abort", onAbort, { once: true });
    // A command that exits without reading its stdin is not a failure of azq's.
    child.stdin.on("error", () => {});
    child.stdin.end(message.content);
    child.once("error", (error) => {
      context.signal.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      context.signal.removeEventListener("abort", onAbort);
      if (code === 0) resolve();
      else reject(new Error(signal ? `${file} was killed by ${signal}` : `${file} exited with ${code}`));
    });
  });
}

function isSpawnFailure(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string" && (error as NodeJS.ErrnoException).syscall!.startsWith("spawn");
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
}

/**
 * Resolves once the queue has held no message, visible or not, and no command has run, for EMPTY_LOOKS looks in a
 * row. The approximate count includes hidden messages, so a released or leased one keeps the run going.
 */
async function untilEmpty(qs: QueueService, queue: string, stats: () => WorkerStats, signal: AbortSignal): Promise<void> {
  let emptyLooks = 0;
  while (!signal.aborted) {
    const { approximateMessageCount } = await qs.getQueueMetadata(queue);
    emptyLooks = approximateMessageCount === 0 && stats().inFlight === 0 ? emptyLooks + 1 : 0;
    if (emptyLooks >= EMPTY_LOOKS) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EMPTY_POLL_MS);
      signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
