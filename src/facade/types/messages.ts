/**
 * Messages for QueueService: the options of putMessage, getMessages, peekMessages and updateMessage, and the
 * messages they give back. `T` is the content type of the service's codec.
 */
import type { CallOptions } from "./options.js";

/** Options of `putMessage`. */
export interface PutMessageOptions extends CallOptions {
  /** Seconds before the message becomes visible, 0..7 days (less than `timeToLive`): to schedule it; default 0. */
  readonly visibilityTimeout?: number;
  /** Seconds the message lives, at least 1, or -1 for ever; default 7 days. */
  readonly timeToLive?: number;
}

/** Options of `getMessages`. */
export interface GetMessagesOptions extends CallOptions {
  /** How many messages to take at most, 1..32; default 1. Fewer come back when fewer are visible. */
  readonly numMessages?: number;
  /**
   * Seconds the messages stay invisible to other consumers, 1 s..7 days; default 30 s. Choose more than processing
   * takes, or extend it with `updateMessage`: an expired timeout lets another consumer take the message.
   */
  readonly visibilityTimeout?: number;
}

/** Options of `peekMessages`. */
export interface PeekMessagesOptions extends CallOptions {
  /** How many messages to read at most, 1..32; default 1. */
  readonly numMessages?: number;
}

/** Options of `updateMessage`. */
export interface UpdateMessageOptions<T = string> extends CallOptions {
  /** New content, e.g. progress to resume from; the message keeps its content when this is left out. */
  readonly content?: T;
}

/** What `putMessage` gives: the new message's id, times and pop receipt. */
export interface EnqueuedMessage<T = string> {
  /** The message's id. */
  readonly id: string;
  /** When the message was put. */
  readonly insertionTime: Date;
  /** When the message expires. */
  readonly expirationTime: Date;
  /** Lets you update or delete the message you put, e.g. to cancel it before it becomes visible. */
  readonly popReceipt: string;
  /** When the message becomes visible to consumers. */
  readonly timeNextVisible: Date;
  /** The content that was put. */
  readonly content: T;
}

/** A message as `peekMessages` gives it: readable, but not yours to delete or update. */
export interface PeekedMessage<T = string> {
  /** The message's id, for `updateMessage` and `deleteMessage`. */
  readonly id: string;
  /** When the message was put. */
  readonly insertionTime: Date;
  /** When the message expires and disappears from the queue. */
  readonly expirationTime: Date;
  /**
   * How many times the message has been got. A high count marks a message that keeps failing: move it aside (a
   * "poison" queue) instead of retrying for ever.
   */
  readonly dequeueCount: number;
  /** The content, through `decodeFunction`. */
  readonly content: T;
}

/**
 * A message as `getMessages` gives it: hidden from other consumers until `timeNextVisible`. Delete it when done,
 * or update it to keep it longer.
 *
 * @example
 * for (const message of await qs.getMessages("jobs", { numMessages: 32, visibilityTimeout: 300 })) {
 *   if (message.dequeueCount > 5) {
 *     await qs.putMessage("jobs-poison", message.content);
 *     await qs.deleteMessage("jobs", message.id, message.popReceipt);
 *   }
 * }
 */
export interface ReceivedMessage<T = string> extends PeekedMessage<T> {
  /** Proof that you hold the message, for `deleteMessage` and `updateMessage`; each update gives a new one. */
  readonly popReceipt: string;
  /** When the message becomes visible again, and another consumer may take it. */
  readonly timeNextVisible: Date;
}

/** What `updateMessage` gives: the pop receipt to use from now on, and when the message reappears. */
export interface UpdatedMessage<T = string> {
  /** The message's id. */
  readonly id: string;
  /** The new pop receipt; the one the update was made with no longer works. */
  readonly popReceipt: string;
  /** When the message becomes visible again. */
  readonly timeNextVisible: Date;
  /** Present when the update sent new content. */
  readonly content?: T;
}
