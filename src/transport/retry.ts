/**
 * The retry step: runs the rest of the send path again after a transient failure, waiting between attempts. It
 * sits before signing, so every attempt is signed afresh. What counts as transient (attempt-outcome.ts), how long to
 * wait (retry-timing.ts), where a retried read goes (secondary-reads.ts) and what an earlier attempt may have done
 * (earlier-attempts.ts) each have their own module; this one is the loop.
 */
import { AbortError, ValidationError } from "../errors.js";
import { isRetriableError, isTransient, type AttemptOutcome } from "./attempt-outcome.js";
import { attemptMayHaveTakenEffect, withEarlierAttemptNote } from "./earlier-attempts.js";
import { retryWaitSeconds } from "./retry-timing.js";
import { keepsSecondary, secondaryAttemptUrl, secondaryUrlFor, type ReadEndpoints } from "./secondary-reads.js";
import { abortedError, retriesExhaustedError } from "./send-errors.js";
import { sleepUnlessAborted } from "./sleep.js";
import type { Policy, WireRequest, WireResponse } from "./types.js";
import { copyRequest } from "./wire-request.js";

/**
 * How a call retries after a transient failure: no connection, an attempt past `socketTimeout`, or a 408, 429, 500,
 * 502, 503 or 504. Any other 4xx is never retried. Waits grow exponentially with full jitter, unless the service
 * asks for a wait with `Retry-After`. Set `maxTries: 1` where a caller of yours retries already, or lower the
 * delays for an interactive tool that should fail fast.
 *
 * @example
 * const qs = new QueueService({ connectionString, retry: { maxTries: 6, retryDelay: 0.5, maxRetryDelay: 30 } });
 */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. Default 4. */
  readonly maxTries?: number;
  /**
   * Seconds (fractions allowed): the base of the exponential backoff. The n-th wait is drawn from
   * [0, retryDelay × 2^(n-1)), so with the default 0.8 the waits average 0.4, 0.8 and 1.6 s.
   */
  readonly retryDelay?: number;
  /** Seconds: the longest single wait, a server's `Retry-After` included. Default 60. */
  readonly maxRetryDelay?: number;
}

/** The retry step's own options: the public ones, and the seams its tests pin. */
export interface RetryPolicyOptions extends RetryOptions {
  /** Source of jitter in [0, 1); `Math.random` unless a test pins it. */
  readonly random?: () => number;
  /**
   * Adjusts each attempt's request before it is signed and sent. Receives the request with `attempt` already
   * stamped.
   */
  readonly prepareAttempt?: (request: WireRequest, context: AttemptContext) => WireRequest;
}

/** What the previous attempt ended with, for `prepareAttempt`. */
export interface AttemptContext {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Absent before the first attempt; otherwise the retried response, or the error when none arrived. */
  readonly previous?: AttemptOutcome;
}

/**
 * - `maxTries` 4: the first try and three retries, as the official SDK (maxTries 4) and the reference Python client
 *   (retry_total 3).
 * - `retryDelay` 0.8 s: with full jitter the waits average 0.4, 0.8 and 1.6 s (5.6 s at worst), so a caller learns of
 *   an outage within seconds; the official SDK's 4 s base suits large blob transfers more than small queue calls.
 *   A throttled service says how long to wait with `Retry-After`, which takes precedence.
 * - `maxRetryDelay` 60 s: the longest a single call waits between attempts by default, even if a server asks more.
 */
export const DEFAULT_RETRY_OPTIONS = { maxTries: 4, retryDelay: 0.8, maxRetryDelay: 60 } as const;

/**
 * Creates the retry step: retries `NetworkError`, `TimeoutError` (an attempt outliving `attemptTimeoutMs`) and the
 * `RETRIABLE_STATUSES`, with exponential backoff and full jitter, or as long as `Retry-After` asks (capped by
 * `maxRetryDelay`). When tries run out the last response is returned, or the last error thrown, its message saying
 * how many attempts were made. The request's signal cancels at once, during an attempt or a wait, with `AbortError`.
 * Bodies are buffers, so every request, POST included, can be sent again; a final response notes when an earlier
 * attempt may have succeeded (see `earlierAttemptMayHaveSucceeded`).
 *
 * With `placement.endpoints`, retries of read-only requests alternate between the secondary and the primary
 * endpoint, as the official SDK does: attempt 2 reads from the secondary, 3 from the primary, and so on. The
 * secondary only ever contributes a success (see `keepsSecondary`), and when tries run out the primary's last
 * outcome is the answer.
 *
 * @example
 * const retry = retryPolicy({ maxTries: 6, retryDelay: 0.5, maxRetryDelay: 30 });
 */
export function retryPolicy(options: RetryPolicyOptions = {}, placement: AttemptPlacement = {}): Policy {
  const { endpoints, attemptTimeoutMs } = placement;
  const maxTries = options.maxTries ?? DEFAULT_RETRY_OPTIONS.maxTries;
  const retryDelay = options.retryDelay ?? DEFAULT_RETRY_OPTIONS.retryDelay;
  const maxRetryDelay = options.maxRetryDelay ?? DEFAULT_RETRY_OPTIONS.maxRetryDelay;
  const random = options.random ?? Math.random;
  const { prepareAttempt } = options;
  if (!Number.isInteger(maxTries) || maxTries < 1) throw new ValidationError("retry", "retry.maxTries must be an integer of at least 1.");
  if (!(retryDelay >= 0) || !Number.isFinite(retryDelay)) throw new ValidationError("retry", "retry.retryDelay must be a finite number of seconds, 0 or more.");
  if (!(maxRetryDelay >= 0) || !Number.isFinite(maxRetryDelay)) throw new ValidationError("retry", "retry.maxRetryDelay must be a finite number of seconds, 0 or more.");

  return async (request, next) => {
    let secondaryUrl = endpoints && maxTries > 1 ? secondaryUrlFor(request, endpoints) : undefined;
    let previous: AttemptOutcome | undefined;
    let primaryOutcome: AttemptOutcome | undefined;
    let uncertain = false;

    for (let attempt = 1; ; attempt++) {
      if (request.signal?.aborted) throw abortedError(request);
      const attemptUrl = secondaryAttemptUrl(attempt, secondaryUrl);
      const onSecondary = attemptUrl !== undefined;
      // The one copy of the request per attempt: its number, its time bound and, on the secondary, its URL.
      let attemptRequest = copyRequest(request, onSecondary ? attemptUrl : request.url, request.headers, attempt, request.attemptTimeoutMs ?? attemptTimeoutMs);
      if (prepareAttempt) attemptRequest = prepareAttempt(attemptRequest, previous ? { attempt, previous } : { attempt });

      let outcome: AttemptOutcome;
      try {
        outcome = { response: await next(attemptRequest) };
      } catch (error) {
        if (request.signal?.aborted && !(error instanceof AbortError)) throw abortedError(request);
        if (!isRetriableError(error)) throw error;
        outcome = { error };
      }

      if (onSecondary) {
        if (outcome.response && outcome.response.status < 300) return settle(outcome, uncertain, request, attempt);
        if (!keepsSecondary(outcome)) secondaryUrl = undefined;
        if (attempt >= maxTries) return settle(primaryOutcome!, uncertain, request, attempt);
      } else {
        primaryOutcome = outcome;
        if (!isTransient(outcome) || attempt >= maxTries) return settle(outcome, uncertain, request, attempt);
        if (attemptMayHaveTakenEffect(outcome)) uncertain = true;
      }
      previous = outcome;

      await sleepUnlessAborted(retryWaitSeconds(attempt, outcome.response, retryDelay, maxRetryDelay, random) * 1000, request);
    }
  };
}

/** Where the transport sends attempts: the account's endpoints for read retries, and the default time bound. */
export interface AttemptPlacement {
  /** With a secondary, retries of read-only operations alternate between it and the primary. */
  readonly endpoints?: ReadEndpoints | undefined;
  /** Milliseconds, for requests that set no `attemptTimeoutMs`. */
  readonly attemptTimeoutMs?: number | undefined;
}

/** The call's answer: the outcome's response (noting an uncertain earlier attempt), or its error thrown. */
function settle(outcome: AttemptOutcome, uncertain: boolean, request: WireRequest, attempts: number): WireResponse {
  if (!outcome.response) throw retriesExhaustedError(outcome.error, request, attempts);
  return uncertain ? withEarlierAttemptNote(outcome.response) : outcome.response;
}
