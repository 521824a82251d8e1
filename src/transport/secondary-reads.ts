/**
 * Which attempts may read from the secondary endpoint (read-access geo-redundant storage): retries of calls the
 * operation runtime marks `readOnly` (peek, metadata, ACL, list, service properties), never a call that changes
 * state. Messages_Get is a read on the wire but dequeues, so the spec does not mark it read-only and it stays on the
 * primary.
 */
import { isTransient, type AttemptOutcome } from "./attempt-outcome.js";
import type { WireRequest } from "./types.js";

/** The account's two endpoints, without trailing slashes, as `connect` resolves them. */
export interface ReadEndpoints {
  readonly primary: string;
  readonly secondary: string;
}

/**
 * The URL a retry of `request` uses on the secondary endpoint, or undefined when the request must stay where it
 * is: not read-only, or not addressed to the primary endpoint.
 *
 * @example
 * secondaryUrlFor({ method: "GET", url: "https://acct.queue.core.windows.net/jobs/messages?peekonly=true",
 *   headers: {}, operationId: "Messages_Peek", readOnly: true },
 *   { primary: "https://acct.queue.core.windows.net", secondary: "https://acct-secondary.queue.core.windows.net" });
 * // "https://acct-secondary.queue.core.windows.net/jobs/messages?peekonly=true"
 */
export function secondaryUrlFor(request: WireRequest, endpoints: ReadEndpoints): string | undefined {
  if (!request.readOnly) return undefined;
  const { primary, secondary } = endpoints;
  if (!request.url.startsWith(primary)) return undefined;
  // A path-style secondary ("/devstoreaccount1-secondary") starts with its primary ("/devstoreaccount1"): the
  // primary must end where a path, query or the URL itself ends.
  const rest = request.url.slice(primary.length);
  if (rest !== "" && !/^[/?#]/.test(rest)) return undefined;
  return secondary + rest;
}

/**
 * The URL attempt number `attempt` goes to when that is the secondary: the even attempts, while the call keeps a
 * `secondaryUrl`; undefined sends the attempt to the request's own URL.
 *
 * @example
 * secondaryAttemptUrl(2, "https://acct-secondary.queue.core.windows.net/jobs"); // that URL; attempt 3: undefined
 */
export function secondaryAttemptUrl(attempt: number, secondaryUrl: string | undefined): string | undefined {
  return attempt % 2 === 0 ? secondaryUrl : undefined;
}

/**
 * Whether the secondary keeps its turns after an attempt on it that did not succeed: only when it answered a
 * transient status. The secondary only ever contributes a success: any error it answers (a 404 above all, since it
 * may lag behind the primary) or a failure to reach it sends the rest of the call to the primary.
 *
 * @example
 * keepsSecondary({ response: { status: 404, ... } }); // false
 */
export function keepsSecondary(outcome: AttemptOutcome): boolean {
  return outcome.response !== undefined && isTransient(outcome);
}
