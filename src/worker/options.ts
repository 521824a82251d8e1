/**
 * The worker's options: their defaults (those of Azure Functions' queue trigger where it has one) and their checks,
 * all made before anything is received.
 */
import { ValidationError } from "../errors.js";
import { assertNumberIn, assertQueueName } from "../facade/validation.js";
import type { StopOptions, WorkerErrorEvent } from "./types.js";

const SEVEN_DAYS = 7 * 24 * 3600;

/** How the lease worker runs (the options of `processMessages`). */
export interface ProcessMessagesOptions {
  /** Handlers running at once; default 16. */
  readonly concurrency?: number;
  /** Messages per get, 1..32, never more than free handler slots; default 16. */
  readonly batchSize?: number;
  /** Lease length in seconds (1 s..7 days), renewed at half of it while the handler runs; default 30. */
  readonly visibilityTimeout?: number;
  /** Seconds a failed message stays invisible before it can be received again; default 0. */
  readonly retryDelay?: number;
  /** A message whose handler fails on this delivery (or that arrives with more) is poisoned; default 5. */
  readonly maxDequeueCount?: number;
  /**
   * Where poisoned messages go, created when first needed; default `<queue>-poison`, none for a queue whose name
   * ends in `-poison`. The copy is the stored text as it was received, and never expires. `null` (and a queue
   * ending in `-poison`): a message past the limit is not retried but kept invisible as long as the service allows.
   */
  readonly poisonQueueName?: string | null;
  /** Seconds; empty polls back off from 0.1 s to this, randomised; a received message resets it. Default 60. */
  readonly maxPollInterval?: number;
  /** Seconds a handler may hold one message; then its signal aborts and the message is released. Default 3600. */
  readonly maxLeaseDuration?: number;
  /** Aborting it is `stop()`. */
  readonly signal?: AbortSignal;
  /** Receives every error the worker meets; the worker never throws them. */
  readonly onError?: (event: WorkerErrorEvent) => void;
}

/** The options with their defaults, checked. */
export interface WorkerSettings {
  readonly queueName: string;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly visibilityTimeout: number;
  readonly retryDelay: number;
  readonly maxDequeueCount: number;
  readonly poisonQueueName: string | null;
  readonly maxPollInterval: number;
  readonly maxLeaseDuration: number;
  readonly signal: AbortSignal | undefined;
  readonly onError: (event: WorkerErrorEvent) => void;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new ValidationError("worker-option", message);
}

// [default, min, max, whole]: Update Message takes whole seconds, so a lease under 1 s could not be renewed.
type NumericOption = "concurrency" | "batchSize" | "visibilityTimeout" | "retryDelay" | "maxDequeueCount" | "maxPollInterval" | "maxLeaseDuration";
const NUMERIC: Readonly<Record<NumericOption, readonly [number, number, number, boolean]>> = {
  concurrency: [16, 1, 10_000, true],
  batchSize: [16, 1, 32, true],
  visibilityTimeout: [30, 1, SEVEN_DAYS, true],
  retryDelay: [0, 0, SEVEN_DAYS, true],
  maxDequeueCount: [5, 1, Infinity, true],
  maxPollInterval: [60, 0.1, 3600, false],
  // Bounded because timers are: setTimeout fires at once past 2^31 - 1 ms (24.8 days).
  maxLeaseDuration: [3600, 1, SEVEN_DAYS, false],
};

function numeric(options: ProcessMessagesOptions, name: NumericOption): number {
  const [fallback, min, max, whole] = NUMERIC[name];
  const given: unknown = options[name];
  const value = given === undefined ? fallback : given;
  assertNumberIn(name, value, min, max, "worker-option", whole);
  return value;
}

/**
 * The settings for `options`.
 *
 * @throws ValidationError (rule `worker-option` or `queue-name`) for an option outside its range.
 */
export function workerSettings(queueName: string, options: ProcessMessagesOptions = {}): WorkerSettings {
  assertQueueName(queueName);
  const { signal, onError = () => {} } = options;
  check(typeof onError === "function", "onError must be a function");
  check(signal === undefined || signal instanceof AbortSignal, "signal must be an AbortSignal");
  let poisonQueueName: string | null;
  if (options.poisonQueueName === undefined) {
    // As Azure Functions: a poison queue's own failures are not routed to a poison queue of a poison queue.
    poisonQueueName = queueName.endsWith("-poison") ? null : `${queueName}-poison`;
  } else {
    poisonQueueName = options.poisonQueueName;
  }
  if (poisonQueueName !== null) assertQueueName(poisonQueueName);
  const report = onError;
  return {
    queueName,
    concurrency: numeric(options, "concurrency"),
    batchSize: numeric(options, "batchSize"),
    visibilityTimeout: numeric(options, "visibilityTimeout"),
    retryDelay: numeric(options, "retryDelay"),
    maxDequeueCount: numeric(options, "maxDequeueCount"),
    poisonQueueName,
    maxPollInterval: numeric(options, "maxPollInterval"),
    maxLeaseDuration: numeric(options, "maxLeaseDuration"),
    signal,
    // An onError that throws must not break the loop; its error surfaces as an uncaught exception, as an event
    // listener's would, rather than vanish.
    onError: (event) => {
      try {
        report(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    },
  };
}

/**
 * The milliseconds `stop` lets running handlers finish in; default 30 s.
 *
 * @throws ValidationError for a timeout that is not seconds >= 0.
 */
export function stopTimeoutMs(options: StopOptions = {}): number {
  const { timeout = 30 } = options;
  check(typeof timeout === "number" && timeout >= 0, `stop timeout must be seconds >= 0, not ${String(timeout)}`);
  return timeout * 1000;
}
