/**
 * The authorize step, run on every attempt after the attempt headers are stamped: each attempt is signed afresh,
 * over its own date.
 */
import { thenMaybe } from "../maybe-promise.js";
import type { Authorizer, Policy } from "./types.js";

/**
 * Creates the authorize step: hands the request to `authorizer` (SharedKey, SAS, bearer token, or the identity for
 * anonymous access) and sends what it returns.
 *
 * @example
 * const send = compose([attemptHeadersPolicy(), authorizePolicy(sharedKeyAuthorizer)], sender.send);
 */
export function authorizePolicy(authorizer: Authorizer): Policy {
  // Not an async function: a synchronous authorizer (SharedKey, anonymous) then costs no extra promise. A throw
  // still becomes a rejection, as it would in an async function.
  return (request, next) => {
    try {
      return thenMaybe(authorizer(request), next);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
