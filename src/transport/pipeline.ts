/**
 * The send path, composed in one place: client request id, retry, sign, send. The order is fixed, no registry:
 * the id is stamped once per call, retry wraps signing so each attempt is signed afresh, and the platform sender
 * (with per-attempt logging) comes last.
 */
import { clientRequestIdPolicy } from "./client-request-id.js";
import { withAttemptLog } from "./log.js";
import { retryPolicy, type RetryOptions } from "./retry.js";
import { signPolicy } from "./sign.js";
import { defaultUserAgent } from "./user-agent.js";
import { ValidationError } from "../errors.js";
import type { Authorizer, HttpSender, Policy, Send, TransportLogger } from "./types.js";

export interface TransportOptions {
  /** The platform sender (`createHttpSender` from `#platform/http`); the transport closes it. */
  readonly sender: HttpSender;
  readonly authorizer: Authorizer;
  readonly retry?: RetryOptions;
  /** Receives one event per attempt. */
  readonly logger?: TransportLogger;
  /** The application's own product token, sent before azqueue's in `User-Agent`, e.g. `"orders-worker/2.1"`. */
  readonly userAgentPrefix?: string;
  /** Seconds one attempt may take before it is abandoned and retried; used when a request sets no `attemptTimeoutMs`. */
  readonly socketTimeout?: number;
}

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
  const attemptTimeoutMs = socketTimeout === undefined ? undefined : socketTimeout * 1000;
  const policies: readonly Policy[] = [
    clientRequestIdPolicy(),
    retryPolicy(options.retry),
    signPolicy({ authorizer: options.authorizer, userAgent: defaultUserAgent(options.userAgentPrefix) }),
  ];
  const composed = compose(policies, logger ? withAttemptLog(sender.send, logger) : sender.send);
  return {
    send: (request) =>
      composed(attemptTimeoutMs !== undefined && request.attemptTimeoutMs === undefined ? { ...request, attemptTimeoutMs } : request),
    close: () => sender.close(),
  };
}
