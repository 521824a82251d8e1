/**
 * The plain shapes every step of the send path speaks: no `Request`/`Response` objects, so the facade pays for
 * neither, and the openapi-fetch adapter converts at its edge only.
 */
import type { MaybePromise } from "../maybe-promise.js";

export type HttpMethod = "GET" | "HEAD" | "PUT" | "POST" | "DELETE" | "OPTIONS";

/** One request as the transport sends it. Steps never mutate a request: they pass a new one to `next`. */
export interface WireRequest {
  readonly method: HttpMethod;
  /** Absolute URL, query included, already percent-encoded. */
  readonly url: string;
  /**
   * Header names as the caller spelled them (metadata names keep their case on the wire); look-ups that need a
   * canonical form lowercase the name themselves.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as one buffer with Content-Length; absent for requests without a body. */
  readonly body?: Uint8Array;
  /** The spec's operationId, for logs, retry classification and contract recording. */
  readonly operationId?: string;
  /**
   * The call changes no state and is addressed to the primary endpoint (the spec's `readOnly`, stamped by the
   * operation runtime), so a retry may read it from the secondary endpoint instead.
   */
  readonly readOnly?: boolean;
  /** Cancels the whole call: every attempt and every backoff wait. */
  readonly signal?: AbortSignal;
  /** Milliseconds one attempt may take on the client before it is abandoned; 0 or absent means no bound. */
  readonly attemptTimeoutMs?: number;
  /** 1 for the first attempt; stamped by the retry step so later steps (sign, log) can tell attempts apart. */
  readonly attempt?: number;
}

/** One response as the transport returns it, whatever its status. */
export interface WireResponse {
  readonly status: number;
  /** Header values by lower-case name; a repeated header's values are joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Header names exactly as the server sent them, in order, where the platform keeps them (undici's dispatch in
   * Node); lower-case where it does not (fetch).
   */
  readonly rawHeaderNames: readonly string[];
  readonly body: Uint8Array;
  /**
   * Set by the retry step on a final response when an earlier attempt of the same call got no answer (or a
   * 408/500/502/504) and may have been carried out: a retried delete then meets 404 MessageNotFound.
   */
  readonly earlierAttemptMayHaveSucceeded?: boolean;
}

/** Sends one request and resolves with its response; rejects only when no response arrived. */
export type Send = (request: WireRequest) => Promise<WireResponse>;

/** One step of the send path, in the style of `@azure/core-rest-pipeline`: it may change the request, call `next` zero or more times, and return a response. */
export type Policy = (request: WireRequest, next: Send) => Promise<WireResponse>;

/** A platform HTTP sender: one per client, owning its connections. */
export interface HttpSender {
  readonly send: Send;
  /** Releases pooled connections; the sender refuses further requests afterwards. */
  close(): Promise<void>;
  /**
   * Sends later requests through `proxy`, or, given `undefined`, as a new sender would: through the proxy the
   * environment names (Node: HTTP_PROXY / HTTPS_PROXY / NO_PROXY), else directly. Requests already under way finish
   * on their old connections, which are then closed.
   * Throws `ValidationError` for a malformed proxy, and where the sender cannot route through one (browsers, edge
   * runtimes, a caller's `fetch`).
   */
  setProxy?(proxy: ProxyOptions | undefined): void;
}

/**
 * TLS settings for Node, e.g. to trust an emulator's self-signed certificate or to present a client certificate.
 * Certificates and keys are PEM text or bytes. Browsers and edge runtimes own TLS themselves, so giving this there is
 * a `ValidationError`.
 *
 * @example
 * import { readFileSync } from "node:fs";
 * const qs = new QueueService({
 *   endpoint: "https://127.0.0.1:10001/devstoreaccount1",
 *   isEmulated: true,
 *   tls: { ca: readFileSync("azurite-cert.pem") },
 * });
 */
export interface TlsOptions {
  /** Certificate authorities to trust instead of the platform's list. */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** `false` accepts any certificate: for local experiments only. Default `true`. */
  readonly rejectUnauthorized?: boolean;
  /** Client certificate and its key, for servers that ask for one. */
  readonly cert?: string | Uint8Array;
  /** The private key of `cert`. */
  readonly key?: string | Uint8Array;
}

/**
 * An HTTP proxy every request goes through (Node). https targets are tunnelled with CONNECT; http targets are sent
 * to the proxy in absolute form. A 407 from the proxy is an `AzureHttpError` with `statusCode` 407, not retried.
 * Without one, Node's sender follows HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the environment.
 *
 * @example
 * const client = createQueueClient({
 *   connectionString,
 *   proxy: { host: "proxy.internal", port: 3128, username: "svc", password: process.env.PROXY_PASSWORD },
 * });
 */
export interface ProxyOptions {
  /** Host name or IP address only: no scheme, port or path. */
  readonly host: string;
  /** An integer from 1 to 65535. */
  readonly port: number;
  /** `"http"` (default) or `"https"`: how the client talks to the proxy itself. */
  readonly protocol?: "http" | "https";
  /** Basic authentication with the proxy; the username cannot contain ":". Never shown in errors or logs. */
  readonly username?: string;
  /** The password for `username`; never shown in errors, logs or `util.inspect` output. */
  readonly password?: string;
}

/** Options of `createHttpSender`, the same type on every platform. */
export interface HttpSenderOptions {
  /**
   * A `fetch` to send with instead of the platform's sender (Node: instead of undici's pool; elsewhere: instead of
   * `globalThis.fetch`). Response header names then come back lower-case.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** Node only; elsewhere the runtime owns TLS and giving this is an error. */
  readonly tls?: TlsOptions;
  /** Node only; elsewhere the runtime owns proxies and giving this is an error. */
  readonly proxy?: ProxyOptions;
  /** Most sockets kept open per origin (Node). Default: no limit, as undici's `Pool`. */
  readonly connections?: number;
}

/**
 * Adds credentials to one attempt's request (an `Authorization` header, or a SAS token in the query). Called on
 * every attempt, after `x-ms-date` is stamped, so each attempt is signed afresh. Anonymous access is the identity.
 */
export type Authorizer = (request: WireRequest) => MaybePromise<WireRequest>;

/**
 * What the `logger` option receives: one event per attempt, when the attempt ends, so retries and their causes
 * show. It never carries a secret (no key, signature, token or URL). A logger that throws is ignored.
 *
 * @example
 * const qs = new QueueService({
 *   connectionString,
 *   logger: (event) => {
 *     if (event.status === undefined || event.status >= 500 || event.attempt > 1) console.warn("azqueue", event);
 *   },
 * });
 */
export interface TransportLogEvent {
  /** The spec's operationId, e.g. `Messages_Get`; the HTTP method for a request that names none. */
  readonly operation: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Absent when no response arrived (network error, timeout, abort). */
  readonly status?: number;
  /** Seconds the attempt took. */
  readonly duration: number;
  /** The service's `x-ms-request-id`, to quote when you ask Azure support about a request. */
  readonly requestId?: string;
  /** The error's name when no response arrived. */
  readonly error?: string;
}

/**
 * The `logger` option: a function to receive each attempt's {@link TransportLogEvent | LogEvent}, e.g. to forward
 * them to your own logger.
 */
export type TransportLogger = (event: TransportLogEvent) => void;
