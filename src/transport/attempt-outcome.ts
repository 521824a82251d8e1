/** What one attempt ended with, and whether that is worth another attempt. */
import { NetworkError, TimeoutError } from "../errors.js";
import type { WireResponse } from "./types.js";

/** A response, whatever its status, or the error thrown when none arrived. */
export interface AttemptOutcome {
  readonly response?: WireResponse;
  readonly error?: unknown;
}

/** Request timeout, throttling, and the server errors that say "try again"; never any other 4xx. */
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether another attempt may fare better: a `RETRIABLE_STATUSES` answer, or no answer at all (`NetworkError`,
 * `TimeoutError`; other errors are never retried and do not reach an outcome).
 *
 * @example
 * isTransient({ response: { status: 503, ... } }); // true
 */
export function isTransient(outcome: AttemptOutcome): boolean {
  return outcome.response ? RETRIABLE_STATUSES.has(outcome.response.status) : true;
}

/**
 * Whether a thrown error is one another attempt may avoid: no connection, or an attempt past its time bound.
 *
 * @example
 * isRetriableError(new TimeoutError("...")); // true
 */
export function isRetriableError(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof TimeoutError;
}
