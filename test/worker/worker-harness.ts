/**
 * What the worker tests share: starting a worker on a QueueService the way `processMessages` does, a text-exact
 * service (its codec leaves stored text as it is) to put and read raw text, and waiting for a condition.
 */
import { storedTextMessages, type QueueService } from "../../src/facade/queue-service.js";
import type { ProcessMessagesOptions } from "../../src/worker/options.js";
import type { MessageHandler, QueueWorker, StoredTextMessages, WorkerErrorEvent } from "../../src/worker/types.js";
import { startWorker } from "../../src/worker/start-worker.js";
import { emulatorService } from "../facade/queue-service-harness.js";

/** A worker on `qs`: the public method. */
export function processMessages<T>(qs: QueueService<T>, queueName: string, handler: MessageHandler<T>, options?: ProcessMessagesOptions): QueueWorker {
  return qs.processMessages(queueName, handler, options);
}

/** A service whose content is the stored text itself. */
export function rawService(): QueueService {
  return emulatorService({ encodeFunction: (text: string) => text, decodeFunction: (text: string) => text });
}

/** Resolves once `condition()` holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000, what = "the condition"): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An onError that records its events. */
export function errorRecorder(): { events: WorkerErrorEvent[]; onError: (event: WorkerErrorEvent) => void } {
  const events: WorkerErrorEvent[] = [];
  return { events, onError: (event) => events.push(event) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A call the worker made, with the pop receipt it sent and the one it got back. */
export interface RecordedCall {
  readonly operation: "getMessages" | "updateMessage" | "deleteMessage" | "putMessage" | "createQueue";
  readonly messageId?: string;
  readonly sent?: string;
  readonly received?: string[];
  readonly visibilityTimeout?: number;
  /** For getMessages: how many it asked for. */
  readonly numMessages?: number;
  readonly at: number;
  readonly failed?: unknown;
}

/**
 * A worker on `qs` whose calls (all real, to the same service) are recorded, to show which pop receipt each used.
 */
export function recordedWorker<T>(
  qs: QueueService<T>,
  queueName: string,
  handler: MessageHandler<T>,
  options?: ProcessMessagesOptions,
): { worker: QueueWorker; calls: RecordedCall[] } {
  const io = storedTextMessages(qs);
  const calls: RecordedCall[] = [];
  const record = async <R>(call: Omit<RecordedCall, "at">, run: () => Promise<R>, received: (result: R) => string[] = () => []): Promise<R> => {
    const at = performance.now();
    try {
      const result = await run();
      calls.push({ ...call, at, received: received(result) });
      return result;
    } catch (failed) {
      calls.push({ ...call, at, failed });
      throw failed;
    }
  };
  const recorded: StoredTextMessages = {
    createQueue: (name, o) => record({ operation: "createQueue" }, () => io.createQueue(name, o)),
    putMessage: (name, text, o) => record({ operation: "putMessage" }, () => io.putMessage(name, text, o)),
    getMessages: (name, o) => record({ operation: "getMessages", numMessages: o?.numMessages }, () => io.getMessages(name, o), (list) => list.map((m) => m.popReceipt)),
    updateMessage: (name, id, popReceipt, visibilityTimeout, o) =>
      record({ operation: "updateMessage", messageId: id, sent: popReceipt, visibilityTimeout }, () => io.updateMessage(name, id, popReceipt, visibilityTimeout, o), (r) => [r.popReceipt]),
    deleteMessage: (name, id, popReceipt, o) => record({ operation: "deleteMessage", messageId: id, sent: popReceipt }, () => io.deleteMessage(name, id, popReceipt, o)),
  };
  return { worker: startWorker(recorded, (text) => qs.decodeFunction(text), queueName, handler, options), calls };
}
