/**
 * How long the retry step waits before the next attempt: as long as the service asks (`Retry-After`), else a
 * jittered exponential backoff; never longer than `maxRetryDelay`.
 */
import type { WireResponse } from "./types.js";

/**
 * Seconds to wait after failed attempt number `failedAttempt`: the server's `Retry-After` when its answer has one,
 * else `backoffSeconds`, capped at `maxRetryDelay` either way.
 *
 * @example
 * retryWaitSeconds(1, { status: 503, headers: { "retry-after": "2" }, ... }, 0.8, 60, Math.random); // 2
 */
export function retryWaitSeconds(
  failedAttempt: number,
  response: WireResponse | undefined,
  retryDelay: number,
  maxRetryDelay: number,
  random: () => number,
): number {
  const asked = response ? retryAfterSeconds(response.headers) : undefined;
  return Math.min(asked ?? backoffSeconds(failedAttempt, retryDelay, maxRetryDelay, random), maxRetryDelay);
}

/**
 * Full-jitter exponential backoff: a uniform wait in [0, min(maxRetryDelay, retryDelay * 2^(failed - 1))), so
 * clients that failed together do not retry together.
 *
 * @example
 * backoffSeconds(3, 0.8, 60, () => 0.5); // 1.6
 */
export function backoffSeconds(failedAttempt: number, retryDelay: number, maxRetryDelay: number, random: () => number): number {
  return random() * Math.min(maxRetryDelay, retryDelay * 2 ** (failedAttempt - 1));
}

/**
 * How long the server asked to wait, in seconds: `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds), else
 * `Retry-After` as seconds or an HTTP date. Undefined when absent or unreadable.
 *
 * @example
 * retryAfterSeconds({ "retry-after": "2" }); // 2
 */
export function retryAfterSeconds(headers: Readonly<Record<string, string>>, now = Date.now()): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = headers[name];
    if (value !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value) / 1000;
  }
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  // Only an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"): Date.parse would also read "-3" as a year.
  if (!/GMT\s*$/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
