/**
 * The public shapes of the lease worker: what a handler gets, what it reports, and the worker it returns.
 */
import type { ReceivedMessage, EnqueuedMessage, GetMessagesOptions, PutMessageOptions, UpdatedMessage } from "../facade/types/messages.js";
import type { CallOptions, ResponseInfo } from "../facade/types/options.js";
import type { CreateQueueOptions } from "../facade/types/queues.js";

/** What a handler gets besides its message. */
export interface MessageHandlerContext {
  /**
   * Aborts when the worker gives up the message: the lease was lost (reason: `LeaseLostError`), `maxLeaseDuration`
   * passed, or `stop()` reached its deadline (reason: `AbortError`). Pass it on to the work you do.
   */
  readonly signal: AbortSignal;
}

/**
 * Processes one message: resolving deletes it, throwing releases it (or poisons it at `maxDequeueCount`). The
 * worker owns the message's lease: its `popReceipt` is the one of the receive, stale after the first renewal, so
 * leave updating and deleting it to the worker.
 */
export type MessageHandler<T> = (message: ReceivedMessage<T>, context: MessageHandlerContext) => Promise<void> | void;

/** Where an error reported to `onError` came from. */
export type WorkerErrorSource = "receive" | "renew" | "delete" | "release" | "poison" | "handler";

/** An error the worker met; it never throws them into your code, it reports them. */
export interface WorkerErrorEvent {
  /** The step that failed. */
  readonly source: WorkerErrorSource;
  /** What it failed with: the handler's own error for `handler`, otherwise an azqueue error. */
  readonly error: unknown;
  /** The message concerned, when one is (its content as the handler got it, or as stored when decoding failed). */
  readonly message?: ReceivedMessage<unknown> | undefined;
}

/** Counters since the worker started. */
export interface WorkerStats {
  /** Messages received. */
  readonly received: number;
  /** Messages whose handler resolved and that were deleted. */
  readonly completed: number;
  /** Handlers that threw, were aborted, or whose message could not be deleted. */
  readonly failed: number;
  /** Successful lease renewals. */
  readonly renewed: number;
  /** Messages copied to the poison queue and deleted. */
  readonly poisoned: number;
  /** Messages made visible again (after a failure with `retryDelay`, or at once on stop). */
  readonly released: number;
  /** Messages held right now. */
  readonly inFlight: number;
}

/** The options of `stop`. */
export interface StopOptions {
  /** Seconds running handlers may take to finish before they are aborted and their messages released; default 30. */
  readonly timeout?: number;
}

/** A running lease worker, as `QueueService.processMessages` returns it. */
export interface QueueWorker {
  /** Counters since the worker started (a fresh snapshot each read). */
  readonly stats: WorkerStats;
  /**
   * Stops receiving, releases messages not yet started, waits for running handlers until `timeout`, then aborts
   * them and releases their messages. Resolves when nothing is held and nothing keeps the process alive.
   */
  stop(options?: StopOptions): Promise<void>;
}

/**
 * The message calls the worker makes, on stored text (no codec): a QueueService provides them over its own
 * connection. Not exported from a public entry.
 */
export interface StoredTextMessages {
  createQueue(queueName: string, options?: CreateQueueOptions): Promise<boolean>;
  putMessage(queueName: string, text: string, options?: PutMessageOptions): Promise<EnqueuedMessage>;
  getMessages(queueName: string, options?: GetMessagesOptions): Promise<ReceivedMessage[]>;
  updateMessage(queueName: string, messageId: string, popReceipt: string, visibilityTimeout: number, options?: CallOptions): Promise<UpdatedMessage>;
  deleteMessage(queueName: string, messageId: string, popReceipt: string, options?: CallOptions): Promise<ResponseInfo>;
}
