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

/**
 * The end of the send path: a platform sender (`createHttpSender` from `#platform/http`), one per client, owning
 * its connections.
 */
export interface HttpSender {
  readonly send: Send;
  /** Releases pooled connections; the sender refuses further requests afterwards. */
  close(): Promise<void>;
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
