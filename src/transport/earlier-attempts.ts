/**
 * What a final response cannot say by itself: that an earlier attempt of the same call may have been carried out.
 * An attempt that got no answer (a reset, a timeout) or a 408/500/502/504 may have reached the service and done its
 * work; the retry then meets the result of that work. A retried delete answers 404 MessageNotFound because the
 * first delete succeeded; a retried put enqueues a second copy. 429 and 503 are the service refusing work, not
 * doing it, so they leave no doubt.
 */
import { NetworkError, TimeoutError } from "../errors.js";
import type { AttemptOutcome } from "./attempt-outcome.js";
import type { WireResponse } from "./types.js";

/** Statuses after which the request may still have been carried out. */
const UNCERTAIN_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 504]);

/**
 * Whether an attempt that ended this way may have been carried out although it is being retried.
 *
 * @example
 * attemptMayHaveTakenEffect({ error: new TimeoutError("...") }); // true
 * attemptMayHaveTakenEffect({ response: { status: 503, ... } }); // false
 */
export function attemptMayHaveTakenEffect(outcome: AttemptOutcome): boolean {
  if (outcome.response) return UNCERTAIN_STATUSES.has(outcome.response.status);
  return outcome.error instanceof NetworkError || outcome.error instanceof TimeoutError;
}

/**
 * Whether an earlier attempt of the call that produced `response` got no answer and may have succeeded. Callers use
 * it to read a final error for what it is, e.g. a 404 MessageNotFound to a retried delete.
 *
 * @example
 * const response = await connection.send(request);
 * if (response.status === 404 && earlierAttemptMayHaveSucceeded(response)) { ... }
 */
export function earlierAttemptMayHaveSucceeded(response: WireResponse): boolean {
  return response.earlierAttemptMayHaveSucceeded === true;
}

/** The same response, noting that an earlier attempt may have succeeded. */
export function withEarlierAttemptNote(response: WireResponse): WireResponse {
  return { ...response, earlierAttemptMayHaveSucceeded: true };
}
