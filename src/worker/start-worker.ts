/**
 * The worker's front door: checks the options at once, then loads the receive loop (src/worker/worker.ts) with a
 * dynamic `import()`. QueueService carries only this module, so a program that sends and receives without ever
 * processing (a browser app, say) does not fetch or parse the worker; one that does waits one module load.
 */
import { ValidationError } from "../errors.js";
import { tracerProviderRegistered } from "../tracing/registration.js";
import { AZQUEUE_VERSION } from "../transport/user-agent.js";
import { stopTimeoutMs, workerSettings, type ProcessMessagesOptions, type WorkerSettings } from "./options.js";
import type { MessageHandler, QueueWorker, StopOptions, StoredTextMessages, WorkerStats } from "./types.js";
import type { LeaseWorker } from "./worker.js";

const NOTHING_YET: WorkerStats = Object.freeze({ received: 0, completed: 0, failed: 0, renewed: 0, poisoned: 0, released: 0, inFlight: 0 });

/**
 * Starts a worker on `queueName` over `io` (a service's stored-text view). `decode` is read for each message.
 *
 * @throws ValidationError for a bad queue name, handler or option, before anything is loaded or received.
 */
export function startWorker<T>(
  io: StoredTextMessages,
  decode: (text: string) => T | Promise<T>,
  queueName: string,
  handler: MessageHandler<T>,
  options?: ProcessMessagesOptions,
): QueueWorker {
  const settings = workerSettings(queueName, options);
  if (typeof handler !== "function") throw new ValidationError("worker-option", "the handler must be a function");
  return new LoadingWorker(io, decode, settings, handler);
}

/** The worker as handed out: stands in for the receive loop until its module has loaded. */
class LoadingWorker<T> implements QueueWorker {
  #worker: LeaseWorker<T> | undefined;
  #stopRequested = false;
  readonly #loaded: Promise<LeaseWorker<T> | undefined>;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => void this.stop();

  constructor(io: StoredTextMessages, decode: (text: string) => T | Promise<T>, settings: WorkerSettings, handler: MessageHandler<T>) {
    // Aborting the signal is stop() with its default timeout; aborted already, the worker never starts.
    this.#signal = settings.signal;
    if (this.#signal?.aborted === true) this.#stopRequested = true;
    else this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
    this.#loaded = import("./worker.js").then(
      ({ LeaseWorker }) => {
        // Stopped before it began: nothing was received, so nothing needs to start.
        if (this.#stopRequested) return undefined;
        this.#worker = new LeaseWorker(io, decode, settings, handler, { tracerProviderRegistered, version: AZQUEUE_VERSION });
        return this.#worker;
      },
      (error: unknown) => {
        // A chunk that failed to load (a browser offline, a deployment replaced): the worker never receives.
        settings.onError({ source: "receive", error });
        return undefined;
      },
    );
  }

  get stats(): WorkerStats {
    return this.#worker?.stats ?? NOTHING_YET;
  }

  stop(options?: StopOptions): Promise<void> {
    let timeoutMs: number;
    try {
      timeoutMs = stopTimeoutMs(options);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    this.#signal?.removeEventListener("abort", this.#onAbort);
    if (this.#worker !== undefined) return this.#worker.stop(timeoutMs);
    this.#stopRequested = true;
    return this.#loaded.then((worker) => worker?.stop(timeoutMs));
  }
}
