/**
 * Settling a message once its handler is done with it: delete after success, release after a failure, copy to the
 * poison queue at the dequeue limit. Each first stops the lease (so no renewal races it) and uses its newest pop
 * receipt; a failure is reported, never thrown.
 */
import type { ReceivedMessage } from "../facade/types/messages.js";
import type { Lease } from "./lease.js";
import type { WorkerSettings } from "./options.js";
import type { StoredTextMessages, WorkerErrorEvent } from "./types.js";

/** The service's longest visibility timeout, for messages past the limit with no poison queue. */
const SEVEN_DAYS = 7 * 24 * 3600;

/** The counters settling moves. */
export interface SettleCounters {
  completed: number;
  failed: number;
  poisoned: number;
  released: number;
}

/** What settling needs from its worker. */
export interface SettleContext {
  readonly io: StoredTextMessages;
  readonly settings: WorkerSettings;
  readonly counters: SettleCounters;
  /** The poison queue's creation, made once per worker. */
  poisonQueueReady: Promise<boolean> | undefined;
}

function report(context: SettleContext, event: WorkerErrorEvent): void {
  context.settings.onError(event);
}

/** Deletes a message whose handler resolved. */
export async function completeMessage(context: SettleContext, message: ReceivedMessage<unknown>, lease: Lease): Promise<void> {
  await lease.stop();
  if (lease.lost) {
    // Reported when the renewal was refused; the message may be someone else's now.
    context.counters.failed++;
    return;
  }
  try {
    await context.io.deleteMessage(context.settings.queueName, message.id, lease.popReceipt);
    context.counters.completed++;
  } catch (error) {
    context.counters.failed++;
    report(context, { source: "delete", error, message });
  }
}

/** Makes a message visible again after `delaySeconds`; a lost lease leaves it to whoever holds it now. */
export async function releaseMessage(context: SettleContext, message: ReceivedMessage<unknown>, lease: Lease, delaySeconds: number): Promise<void> {
  await lease.stop();
  if (lease.lost) return;
  try {
    const { popReceipt } = await context.io.updateMessage(context.settings.queueName, message.id, lease.popReceipt, delaySeconds);
    lease.popReceipt = popReceipt;
    context.counters.released++;
  } catch (error) {
    report(context, { source: "release", error, message });
  }
}

/**
 * After a handler failed (or before it runs, for a message that arrives past the limit): poisons the message at
 * `maxDequeueCount`, otherwise releases it with `retryDelay`.
 */
export async function failMessage(context: SettleContext, message: ReceivedMessage<unknown>, storedText: string, lease: Lease): Promise<void> {
  const { maxDequeueCount, poisonQueueName, retryDelay } = context.settings;
  if (message.dequeueCount < maxDequeueCount) return releaseMessage(context, message, lease, retryDelay);
  if (poisonQueueName === null) {
    // No poison queue: keep the message out of the way as long as the service allows rather than retry it forever.
    const untilExpiry = Math.floor((message.expirationTime.getTime() - Date.now()) / 1000) - 1;
    return releaseMessage(context, message, lease, Math.max(retryDelay, Math.min(SEVEN_DAYS, untilExpiry)));
  }
  await lease.stop();
  if (lease.lost) return;
  try {
    context.poisonQueueReady ??= context.io.createQueue(poisonQueueName).catch((error: unknown) => {
      context.poisonQueueReady = undefined;
      throw error;
    });
    await context.poisonQueueReady;
    // The stored text as received, never decoded and encoded again: byte for byte what was put.
    await context.io.putMessage(poisonQueueName, storedText, { timeToLive: -1 });
  } catch (error) {
    report(context, { source: "poison", error, message });
    return releaseMessage(context, message, lease, retryDelay);
  }
  try {
    await context.io.deleteMessage(context.settings.queueName, message.id, lease.popReceipt);
    context.counters.poisoned++;
  } catch (error) {
    // Copied but not deleted: the original comes back and may be poisoned twice, never lost.
    report(context, { source: "delete", error, message });
  }
}
