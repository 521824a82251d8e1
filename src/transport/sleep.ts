/** The wait between two attempts, cut short by the call's signal. */
import { abortedError } from "./send-errors.js";
import type { WireRequest } from "./types.js";

/**
 * Resolves after `ms`, or rejects with `AbortError` as soon as `request.signal` fires (at once if it has already).
 *
 * @example
 * await sleepUnlessAborted(400, request);
 */
export function sleepUnlessAborted(ms: number, request: WireRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) return reject(abortedError(request));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(request));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
