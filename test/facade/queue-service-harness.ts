/**
 * What the QueueService tests share: a service on the suite's (recorded) Azurite, a fresh queue per test, and a
 * record of the attempts a service sent, so a test can prove that invalid input sent nothing.
 */
import { inject } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueService, type LogEvent, type QueueServiceOptions } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";

/** The suite's Azurite, through the recording proxy that checks every exchange against the spec. */
export function accountUrl(): string {
  return inject("azurite").accountUrl;
}

/** A QueueService with the emulator's key on the suite's Azurite; `options` add to (or override) that. */
export function emulatorService(options: QueueServiceOptions = {}): QueueService {
  return new QueueService({ endpoint: accountUrl(), accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, ...options });
}

/** A service whose attempts are logged into `attempts`. */
export function loggedService(options: QueueServiceOptions = {}): { qs: QueueService; attempts: LogEvent[] } {
  const attempts: LogEvent[] = [];
  return { qs: emulatorService({ ...options, logger: (event) => attempts.push(event) }), attempts };
}

/** Creates a queue of its own for one test. */
export async function newQueue<T>(qs: QueueService<T>, prefix = "fq"): Promise<string> {
  const queue = uniqueQueueName(prefix);
  if (!(await qs.createQueue(queue))) throw new Error(`queue ${queue} existed already`);
  return queue;
}

/** The error a promise rejects with (fails when it resolves). */
export { rejection as rejectionOf } from "../harness/rejection.js";

/** The error a synchronous call throws (fails when it returns). */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it returned");
}
