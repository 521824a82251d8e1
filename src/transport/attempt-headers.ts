/**
 * The attempt-headers step, run on every attempt before the authorize step: the transport's own headers, stamped
 * fresh, so a retried request is never sent with a stale date, and the signature that follows covers them.
 */
import { SERVICE_VERSION } from "../constants.js";
import { defaultUserAgent } from "./user-agent.js";
import type { Policy } from "./types.js";
import { copyRequest } from "./wire-request.js";

export interface AttemptHeadersOptions {
  /** `x-ms-version`; defaults to the pinned `SERVICE_VERSION`. */
  readonly version?: string;
  /** The whole `User-Agent`; defaults to `defaultUserAgent()`. */
  readonly userAgent?: string;
}

// Owned by the transport: a caller's copy (any case) would be stale on a retry or contradict the signature.
const OWNED = new Set(["x-ms-date", "x-ms-version", "authorization", "user-agent"]);

/**
 * Creates the attempt-headers step: drops caller-supplied `x-ms-date`, `x-ms-version`, `Authorization` and
 * `User-Agent`, and stamps a fresh `x-ms-date` (RFC 1123), `x-ms-version` and `User-Agent`.
 *
 * @example
 * const send = compose([attemptHeadersPolicy({ userAgent: defaultUserAgent("orders-worker/2.1") }), authorizePolicy(authorizer)], sender.send);
 */
export function attemptHeadersPolicy(options: AttemptHeadersOptions = {}): Policy {
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
    return next(copyRequest(request, request.url, headers));
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
