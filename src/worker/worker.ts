/**
 * The lease worker: a receive loop that keeps up to `concurrency` handlers busy, polls with a randomised backoff
 * while the queue is empty, and stops without losing a message. Leases and settling live in their own modules.
 * Loaded lazily by start-worker.ts; it imports nothing at run time but errors.ts, which the facade's shared chunk
 * already holds, so that bundlers give it a chunk of its own.
 */
import { AbortError } from "../errors.js";
import type { ReceivedMessage } from "../facade/types/messages.js";
import { startProcessSpan, type ProcessSpan, type WorkerTracing } from "../tracing/process-span.js";
import { Lease } from "./lease.js";
import type { WorkerSettings } from "./options.js";
import { completeMessage, failMessage, releaseMessage, type SettleContext } from "./settle.js";
import type { MessageHandler, StoredTextMessages, WorkerStats } from "./types.js";

const MIN_POLL_MS = 100;

/** A message a handler holds. */
interface Held {
  readonly lease: Lease;
  readonly controller: AbortController;
  /** The message as received: its content is the stored text. */
  readonly stored: ReceivedMessage;
  /** The maxLeaseDuration timer, cleared once the message is settled even if the handler never returns. */
  maxLeaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the message is (being) deleted, released or poisoned: it is settled once only. */
  settling: Promise<void> | undefined;
  /** The message's consumer span, when something traces. */
  readonly span: ProcessSpan | undefined;
}

/** The receive loop and its held messages; `startWorker` (start-worker.ts) checks the options and loads this. */
export class LeaseWorker<T> {
  readonly #io: StoredTextMessages;
  readonly #decode: (text: string) => T | Promise<T>;
  readonly #settings: WorkerSettings;
  readonly #handler: MessageHandler<T>;
  readonly #tracing: WorkerTracing;
  readonly #settle: SettleContext;
  readonly #held = new Set<Held>();
  readonly #running = new Set<Promise<void>>();
  #received = 0;
  #renewed = 0;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #loop: Promise<void>;
  #wake: (() => void) | undefined;
  #sleepTimer: ReturnType<typeof setTimeout> | undefined;
  #emptyPolls = 0;

  constructor(io: StoredTextMessages, decode: (text: string) => T | Promise<T>, settings: WorkerSettings, handler: MessageHandler<T>, tracing: WorkerTracing) {
    this.#io = io;
    this.#decode = decode;
    this.#settings = settings;
    this.#handler = handler;
    this.#tracing = tracing;
    this.#settle = { io, settings, counters: { completed: 0, failed: 0, poisoned: 0, released: 0 }, poisonQueueReady: undefined };
    this.#loop = this.#receiveLoop();
  }

  get stats(): WorkerStats {
    const { completed, failed, poisoned, released } = this.#settle.counters;
    return { received: this.#received, completed, failed, renewed: this.#renewed, poisoned, released, inFlight: this.#held.size };
  }

  /** As `QueueWorker.stop`, with the timeout checked already. */
  stop(timeoutMs: number): Promise<void> {
    this.#stopped ??= this.#stop(timeoutMs);
    return this.#stopped;
  }

  async #stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#interrupt();
    // A get under way is awaited, not aborted: what it took is released at once instead of hidden for a lease.
    await this.#loop;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => (deadline = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(this.#running), expired]);
    clearTimeout(deadline);
    const reason = new AbortError("the worker stopped before the handler finished");
    await Promise.all([...this.#held].map((held) => this.#abandon(held, reason)));
  }

  #interrupt(): void {
    clearTimeout(this.#sleepTimer);
    this.#sleepTimer = undefined;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#sleepTimer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
    });
  }

  // As the Functions queue trigger: randomised exponential backoff from 0.1 s to maxPollInterval.
  #backoffMs(): number {
    const maxMs = this.#settings.maxPollInterval * 1000;
    const ceiling = Math.min(maxMs, MIN_POLL_MS * 2 ** Math.min(this.#emptyPolls, 30));
    this.#emptyPolls++;
    return Math.max(MIN_POLL_MS, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  async #receiveLoop(): Promise<void> {
    const { queueName, batchSize, concurrency, visibilityTimeout } = this.#settings;
    // As the Functions queue trigger's newBatchThreshold: with the slots nearly full, a get per freed slot would
    // bring one or two messages each, a request (and, on the service, a queue scan) for every message. Waiting
    // until half the slots or a whole batch are free keeps gets full and handlers busy.
    const threshold = Math.min(batchSize, Math.ceil(concurrency / 2));
    while (!this.#stopping) {
      const free = concurrency - this.#held.size;
      if (free < threshold) {
        // Woken when a handler's message is settled.
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      const receivedAt = performance.now();
      let messages: ReceivedMessage[];
      try {
        messages = await this.#io.getMessages(queueName, { numMessages: Math.min(batchSize, free), visibilityTimeout });
      } catch (error) {
        this.#settings.onError({ source: "receive", error });
        if (!this.#stopping) await this.#sleep(this.#backoffMs());
        continue;
      }
      this.#received += messages.length;
      for (const message of messages) this.#start(message, receivedAt);
      if (messages.length > 0) this.#emptyPolls = 0;
      else if (!this.#stopping) await this.#sleep(this.#backoffMs());
    }
  }

  #start(stored: ReceivedMessage, receivedAt: number): void {
    const span = startProcessSpan(this.#tracing, this.#settings.queueName, stored);
    // Inside the span, the lease's renewal timers and the handler's run are its children.
    if (span === undefined) this.#begin(stored, receivedAt, span);
    else span.run(() => this.#begin(stored, receivedAt, span));
  }

  #begin(stored: ReceivedMessage, receivedAt: number, span: ProcessSpan | undefined): void {
    const controller = new AbortController();
    const lease = new Lease(
      {
        io: this.#io,
        queueName: this.#settings.queueName,
        visibilityTimeout: this.#settings.visibilityTimeout,
        onRenewed: () => {
          this.#renewed++;
          span?.renewed();
        },
        onError: this.#settings.onError,
      },
      stored,
      controller,
      receivedAt,
    );
    const held: Held = { lease, controller, stored, maxLeaseTimer: undefined, settling: undefined, span };
    this.#held.add(held);
    if (this.#stopping) {
      // Received during stop: not started, visible again at once.
      void this.#settleOnce(held, () => releaseMessage(this.#settle, stored, lease, 0));
      return;
    }
    const running = this.#run(held, stored).finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async #run(held: Held, stored: ReceivedMessage): Promise<void> {
    const { lease, controller } = held;
    held.maxLeaseTimer = setTimeout(
      () => {
        const reason = new AbortError(`the handler held the message longer than maxLeaseDuration (${this.#settings.maxLeaseDuration} s)`);
        // A failure like a throw: released with retryDelay (on stop, messages are released at once instead).
        void this.#abandon(held, reason, this.#settings.retryDelay);
      },
      this.#settings.maxLeaseDuration * 1000,
    );
    let message: ReceivedMessage<unknown> = stored;
    try {
      if (stored.dequeueCount > this.#settings.maxDequeueCount) {
        // Failed too often before (e.g. its worker died each time): poison without running it again.
        await this.#settleOnce(held, () => failMessage(this.#settle, stored, stored.content, lease));
        return;
      }
      message = { ...stored, content: await this.#decode(stored.content) };
      await this.#handler(message as ReceivedMessage<T>, { signal: controller.signal });
      await this.#settleOnce(held, () => completeMessage(this.#settle, message, lease));
    } catch (error) {
      this.#settle.counters.failed += held.settling === undefined ? 1 : 0;
      if (held.settling === undefined) this.#settings.onError({ source: "handler", error, message });
      if (held.settling === undefined) held.span?.fail(error);
      await this.#settleOnce(held, () => failMessage(this.#settle, message, stored.content, lease));
    }
  }

  /** Aborts a running handler and releases its message after `delaySeconds`, without waiting for the handler. */
  #abandon(held: Held, reason: Error, delaySeconds = 0): Promise<void> {
    if (held.settling !== undefined) return held.settling;
    held.controller.abort(reason);
    held.span?.fail(reason);
    this.#settle.counters.failed++;
    return this.#settleOnce(held, () => releaseMessage(this.#settle, held.stored, held.lease, delaySeconds));
  }

  #settleOnce(held: Held, settle: () => Promise<void>): Promise<void> {
    clearTimeout(held.maxLeaseTimer);
    const { span } = held;
    // Settling calls are the span's children whoever starts them (the handler's end, a timer, stop()).
    held.settling ??= (span === undefined ? settle() : span.run(settle)).finally(() => {
      if (held.lease.lost) span?.fail(held.controller.signal.reason);
      span?.end();
      this.#held.delete(held);
      if (!this.#stopping) this.#interrupt();
    });
    return held.settling;
  }
}
