/**
 * The send path, composed in one place: client request id, retry, attempt headers, authorize, log, send. The order
 * is fixed, no registry: the id is stamped once per call, retry wraps the attempt headers and the signature so each
 * attempt is dated and signed afresh, the log step times each attempt as sent, and the platform sender comes last.
 */
import { attemptHeadersPolicy } from "./attempt-headers.js";
import { authorizePolicy } from "./authorize.js";
import { clientRequestIdPolicy } from "./client-request-id.js";
import { attemptLogPolicy } from "./log.js";
import { retryPolicy, type RetryPolicyOptions } from "./retry.js";
import type { ReadEndpoints } from "./secondary-reads.js";
import { defaultUserAgent } from "./user-agent.js";
import { ValidationError } from "../errors.js";
import type { Authorizer, HttpSender, Policy, Send, TransportLogger } from "./types.js";

export interface TransportOptions {
  /** The platform sender (`createHttpSender` from `#platform/http`); the transport closes it. */
  readonly sender: HttpSender;
  readonly authorizer: Authorizer;
  readonly retry?: RetryPolicyOptions;
  /** Receives one event per attempt. */
  readonly logger?: TransportLogger;
  /**
   * The application's own product token, sent before azqueue's in `User-Agent`, e.g. `"orders-worker/2.1"`;
   * printable ASCII.
   */
  readonly userAgentPrefix?: string;
  /**
   * Seconds one attempt may take before it is abandoned and retried; used when a request sets no `attemptTimeoutMs`.
   * Default `DEFAULT_SOCKET_TIMEOUT`.
   */
  readonly socketTimeout?: number;
  /** The account's endpoints: with a secondary, retries of read-only operations may read from it. */
  readonly endpoints?: { readonly primary: string; readonly secondary?: string | undefined };
}

/**
 * 30 s: the longest the service itself works on a call (the server-side `timeout` is capped at 30 s), so a slow but
 * working call is not abandoned before the service would give up, while a dead or stalled connection is noticed
 * within half a minute instead of undici's 5 minutes. With the default retry options a call then ends within about
 * 4 x 30 s plus its waits (5.6 s at most, or up to `maxRetryDelay` per wait when the service sends `Retry-After`).
 */
export const DEFAULT_SOCKET_TIMEOUT = 30;

export interface Transport {
  /** Sends one call through every step; resolves with the final response, whatever its status. */
  readonly send: Send;
  /** Releases the sender's connections; further calls are refused. */
  close(): Promise<void>;
}

/**
 * Chains policies in order around a final `send`: the first policy sees the request first.
 *
 * @example
 * const send = compose([clientRequestIdPolicy(), retryPolicy()], sender.send);
 */
export function compose(policies: readonly Policy[], send: Send): Send {
  return policies.reduceRight<Send>((next, policy) => (request) => policy(request, next), send);
}

/**
 * Builds the send path over a platform sender.
 *
 * @example
 * import { createHttpSender } from "#platform/http";
 * const transport = createTransport({ sender: createHttpSender(), authorizer: (request) => request });
 * const response = await transport.send({ method: "GET", url: `${accountUrl}?comp=list`, headers: {} });
 * await transport.close();
 */
export function createTransport(options: TransportOptions): Transport {
  const { sender, logger, socketTimeout } = options;
  if (socketTimeout !== undefined && !(socketTimeout > 0 && Number.isFinite(socketTimeout))) {
    throw new ValidationError("socketTimeout", "socketTimeout must be a positive, finite number of seconds.");
  }
  const { userAgentPrefix } = options;
  // A header value cannot hold a line break or a control character, and fetch refuses anything beyond Latin-1.
  if (userAgentPrefix !== undefined && !(typeof userAgentPrefix === "string" && /^[\x20-\x7e]*$/.test(userAgentPrefix))) {
    throw new ValidationError("userAgentPrefix", 'userAgentPrefix must be a string of printable ASCII characters, such as "orders-worker/2.1".');
  }
  const attemptTimeoutMs = (socketTimeout ?? DEFAULT_SOCKET_TIMEOUT) * 1000;
  const { endpoints } = options;
  const readEndpoints: ReadEndpoints | undefined =
    endpoints?.secondary === undefined ? undefined : { primary: endpoints.primary, secondary: endpoints.secondary };
  const policies: readonly Policy[] = [
    clientRequestIdPolicy(),
    retryPolicy(options.retry, { endpoints: readEndpoints, attemptTimeoutMs }),
    attemptHeadersPolicy({ userAgent: defaultUserAgent(userAgentPrefix) }),
    authorizePolicy(options.authorizer),
    ...(logger ? [attemptLogPolicy(logger)] : []),
  ];
  return {
    send: compose(policies, sender.send),
    close: () => sender.close(),
  };
}
