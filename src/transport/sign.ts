/**
 * The sign step, run on every attempt: the transport's own headers, stamped fresh, then the credentials. A
 * retried request is never sent with a stale date or signature.
 */
import { SERVICE_VERSION } from "../constants.js";
import { thenMaybe } from "../maybe-promise.js";
import { defaultUserAgent } from "./user-agent.js";
import type { Authorizer, Policy } from "./types.js";
import { copyRequest } from "./wire-request.js";

export interface SignOptions {
  /** Adds the credentials (SharedKey, SAS, bearer token, or nothing for anonymous access). */
  readonly authorizer: Authorizer;
  /** `x-ms-version`; defaults to the pinned `SERVICE_VERSION`. */
  readonly version?: string;
  /** The whole `User-Agent`; defaults to `defaultUserAgent()`. */
  readonly userAgent?: string;
}

// Owned by the transport: a caller's copy (any case) would be stale on a retry or contradict the signature.
const OWNED = new Set(["x-ms-date", "x-ms-version", "authorization", "user-agent"]);

/**
 * Creates the sign step: drops caller-supplied `x-ms-date`, `x-ms-version`, `Authorization` and `User-Agent`,
 * stamps a fresh `x-ms-date` (RFC 1123), `x-ms-version` and `User-Agent`, then awaits the authorizer.
 *
 * @example
 * const sign = signPolicy({ authorizer: sharedKeyAuthorizer, userAgent: defaultUserAgent("orders-worker/2.1") });
 */
export function signPolicy(options: SignOptions): Policy {
  const { authorizer } = options;
  const version = options.version ?? SERVICE_VERSION;
  const userAgent = options.userAgent ?? defaultUserAgent();
  return (request, next) => {
    const headers: Record<string, string> = {};
    for (const name in request.headers) {
      if (!OWNED.has(name.toLowerCase())) headers[name] = request.headers[name]!;
    }
    headers["x-ms-date"] = rfc1123Now();
    headers["x-ms-version"] = version;
    headers["User-Agent"] = userAgent;
    // Not an async function: a synchronous authorizer (SharedKey, anonymous) then costs no extra promise. A throw
    // still becomes a rejection, as it would in an async function.
    try {
      return thenMaybe(authorizer(copyRequest(request, request.url, headers)), next);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

// The date has whole seconds: formatted once per second, not once per attempt.
let cachedSecond = Number.NaN;
let cachedDate = "";

function rfc1123Now(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedDate = new Date(now).toUTCString();
    cachedSecond = second;
  }
  return cachedDate;
}
