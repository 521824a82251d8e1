/** The `x-ms-client-request-id` step: one id per call, so the service's logs tie all its attempts together. */
import type { Policy } from "./types.js";
import { withHeader } from "./wire-request.js";

const HEADER = "x-ms-client-request-id";

/**
 * Stamps a random `x-ms-client-request-id` on each call, before retries, unless the caller set one (any case).
 *
 * @example
 * const send = compose([clientRequestIdPolicy(), retryPolicy(), attemptHeadersPolicy(), authorizePolicy(authorizer)], sender.send);
 */
export function clientRequestIdPolicy(): Policy {
  return (request, next) => {
    for (const name in request.headers) {
      if (name.toLowerCase() === HEADER) return next(request);
    }
    return next(withHeader(request, HEADER, randomUuid()));
  };
}

// A random (version 4) UUID from the platform's `crypto`.
function randomUuid(): string {
  const crypto = globalThis.crypto;
  // randomUUID exists only in secure contexts in browsers (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
