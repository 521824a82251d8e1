/**
 * The plain shapes every step of the send path speaks: no `Request`/`Response` objects, so the facade pays for
 * neither, and the openapi-fetch adapter converts at its edge only.
 */

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
  /** Cancels the whole call: every attempt and every backoff wait. */
  readonly signal?: AbortSignal;
  /** Milliseconds one attempt may take on the client before it is abandoned; 0 or absent means no bound. */
  readonly attemptTimeoutMs?: number;
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
}

/**
 * Adds credentials to one attempt's request (an `Authorization` header, or a SAS token in the query). Called on
 * every attempt, after `x-ms-date` is stamped, so each attempt is signed afresh. Anonymous access is the identity.
 */
export type Authorizer = (request: WireRequest) => WireRequest | Promise<WireRequest>;

/** One event per attempt; never carries a secret. */
export interface TransportLogEvent {
  readonly operation: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Absent when no response arrived (network error, timeout, abort). */
  readonly status?: number;
  /** Seconds the attempt took. */
  readonly duration: number;
  readonly requestId?: string;
  /** The error's name when no response arrived. */
  readonly error?: string;
}

export type TransportLogger = (event: TransportLogEvent) => void;
