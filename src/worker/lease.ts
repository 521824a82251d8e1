/**
 * The lease on one received message: renewed at half its length while the handler runs, always with the newest
 * pop receipt, until the worker settles the message or the service says the lease is gone.
 */
import { AzureHttpError, LeaseLostError, type ServiceErrorCode } from "../errors.js";
import type { StoredTextMessages, WorkerErrorEvent } from "./types.js";

const MIN_RETRY_MS = 1000;

/** What a lease needs from its worker. */
export interface LeaseContext {
  readonly io: StoredTextMessages;
  readonly queueName: string;
  readonly visibilityTimeout: number;
  readonly onRenewed: () => void;
  readonly onError: (event: WorkerErrorEvent) => void;
}

// The answers that mean another consumer may hold the message, or that it is gone: renewing again cannot help.
// A queue being deleted ends it too, as in Azure Functions' trigger: the message goes with its queue.
const LEASE_ENDING_CODES: Readonly<Record<number, readonly ServiceErrorCode[]>> = {
  400: ["PopReceiptMismatch"],
  404: ["MessageNotFound", "QueueNotFound"],
  409: ["QueueBeingDeleted"],
};

function endsLease(error: unknown): boolean {
  if (!(error instanceof AzureHttpError) || error.errorCode === undefined) return false;
  return LEASE_ENDING_CODES[error.statusCode]?.includes(error.errorCode as ServiceErrorCode) === true;
}

/** One message's lease. */
export class Lease {
  /** The newest pop receipt: the one every later call must use. */
  popReceipt: string;
  /** True once the service refused a renewal: the message is no longer ours to delete or release. */
  lost = false;
  readonly #context: LeaseContext;
  readonly #messageId: string;
  readonly #message: WorkerErrorEvent["message"];
  readonly #controller: AbortController;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #renewing: Promise<void> | undefined;
  #stopped = false;

  /**
   * Starts renewing. `receivedAt` is `performance.now()` (global in Node, browsers and Deno) when the get was sent:
   * a monotonic clock, so that a clock change or a skew between this machine and the service never moves a renewal
   * (server times are not used).
   */
  constructor(context: LeaseContext, message: NonNullable<WorkerErrorEvent["message"]> & { readonly popReceipt: string }, controller: AbortController, receivedAt: number) {
    this.#context = context;
    this.#messageId = message.id;
    this.#message = message;
    this.popReceipt = message.popReceipt;
    this.#controller = controller;
    this.#intervalMs = (context.visibilityTimeout * 1000) / 2;
    this.#schedule(receivedAt + this.#intervalMs - performance.now());
  }

  /**
   * Stops renewing and waits for a renewal under way, so that a delete or release that follows uses its pop
   * receipt and never races it.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#renewing;
  }

  #schedule(delayMs: number, retryMs = this.#intervalMs): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#renewing = this.#renew(retryMs);
    }, Math.max(0, delayMs));
  }

  async #renew(retryMs: number): Promise<void> {
    const sentAt = performance.now();
    try {
      const { popReceipt } = await this.#context.io.updateMessage(this.#context.queueName, this.#messageId, this.popReceipt, this.#context.visibilityTimeout);
      this.popReceipt = popReceipt;
      this.#context.onRenewed();
      // From when this renewal was sent: the service's new timeout counts from its receipt, which is later.
      this.#schedule(sentAt + this.#intervalMs - performance.now());
    } catch (error) {
      if (endsLease(error)) {
        this.lost = true;
        this.#stopped = true;
        const reason = new LeaseLostError(this.#messageId, { cause: error });
        this.#context.onError({ source: "renew", error: reason, message: this.#message });
        this.#controller.abort(reason);
        return;
      }
      this.#context.onError({ source: "renew", error, message: this.#message });
      // A transient failure: retry sooner, halving each time, never below 1 s, while the lease may still hold.
      const next = Math.max(MIN_RETRY_MS, retryMs / 2);
      this.#schedule(next, next);
    }
  }
}
