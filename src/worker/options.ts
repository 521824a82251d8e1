/**
 * The worker's options: their defaults (those of Azure Functions' queue trigger where it has one) and their checks,
 * all made before anything is received.
 */
import { ValidationError } from "../errors.js";
import { assertQueueName } from "../facade/validation.js";
import type { WorkerErrorEvent } from "./types.js";

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

function check(ok: boolean, rule: string, message: string): void {
  if (!ok) throw new ValidationError(rule, message);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function isSeconds(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

/**
 * The settings for `options`.
 *
 * @throws ValidationError (rule `worker-option` or `queue-name`) for an option outside its range.
 */
export function workerSettings(queueName: string, options: ProcessMessagesOptions = {}): WorkerSettings {
  assertQueueName(queueName);
  const {
    concurrency = 16,
    batchSize = 16,
    visibilityTimeout = 30,
    retryDelay = 0,
    maxDequeueCount = 5,
    maxPollInterval = 60,
    maxLeaseDuration = 3600,
    signal,
    onError = () => {},
  } = options;
  check(isInteger(concurrency, 1, 10_000), "worker-option", `concurrency must be an integer of 1..10000, not ${String(concurrency)}`);
  check(isInteger(batchSize, 1, 32), "worker-option", `batchSize must be an integer of 1..32 (the service's limit), not ${String(batchSize)}`);
  // Update Message takes whole seconds; a lease under 1 s could not be renewed.
  check(isInteger(visibilityTimeout, 1, SEVEN_DAYS), "worker-option", `visibilityTimeout must be whole seconds of 1..604800, not ${String(visibilityTimeout)}`);
  check(isInteger(retryDelay, 0, SEVEN_DAYS), "worker-option", `retryDelay must be whole seconds of 0..604800, not ${String(retryDelay)}`);
  check(isInteger(maxDequeueCount, 1, Number.MAX_SAFE_INTEGER), "worker-option", `maxDequeueCount must be an integer of at least 1, not ${String(maxDequeueCount)}`);
  check(isSeconds(maxPollInterval, 0.1, 3600), "worker-option", `maxPollInterval must be seconds of 0.1..3600, not ${String(maxPollInterval)}`);
  check(isSeconds(maxLeaseDuration, 1, Number.MAX_SAFE_INTEGER / 1000), "worker-option", `maxLeaseDuration must be at least 1 s, not ${String(maxLeaseDuration)}`);
  check(typeof onError === "function", "worker-option", "onError must be a function");
  check(signal === undefined || signal instanceof AbortSignal, "worker-option", "signal must be an AbortSignal");
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
    concurrency,
    batchSize,
    visibilityTimeout,
    retryDelay,
    maxDequeueCount,
    poisonQueueName,
    maxPollInterval,
    maxLeaseDuration,
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
