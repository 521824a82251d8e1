/**
 * Which attempts may read from the secondary endpoint (read-access geo-redundant storage): retries of calls the
 * operation runtime marks `readOnly` (peek, metadata, ACL, list, service properties), never a call that changes
 * state. Messages_Get is a read on the wire but dequeues, so the spec does not mark it read-only and it stays on the
 * primary.
 */
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
