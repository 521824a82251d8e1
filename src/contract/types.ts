/**
 * The shapes users hand the contract validator and get back: an exchange as any HTTP stack records it, and a
 * verdict that says what is wrong where.
 */

/**
 * Headers in any of the forms HTTP stacks use: a plain object (Node's `IncomingHttpHeaders`, a value list for a
 * repeated header), a fetch `Headers`, or `[name, value]` pairs (repeats kept). Names in any letter case.
 */
export type ContractHeaders =
  | Readonly<Record<string, string | number | readonly string[] | undefined>>
  | Headers
  | Iterable<readonly [string, string]>;

/** A body as text (UTF-8) or bytes; `null` or `undefined` or empty for none. */
export type ContractBody = string | Uint8Array | null | undefined;

/** A request as sent: method, absolute URL (host-style or the emulator's path-style), headers and body. */
export interface ContractRequest {
  /** The HTTP method, in any letter case. */
  readonly method: string;
  /** e.g. `https://acct.queue.core.windows.net/jobs/messages?visibilitytimeout=0`, or `http://127.0.0.1:10001/devstoreaccount1/jobs`. */
  readonly url: string | URL;
  /** The request's headers; the credentials among them are checked by form and never repeated. */
  readonly headers?: ContractHeaders;
  /** The request body, if any. */
  readonly body?: ContractBody;
}

/** The response received for it. */
export interface ContractResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** The response's headers. */
  readonly headers?: ContractHeaders;
  /** The response body; none (or empty) for a response without one. */
  readonly body?: ContractBody;
}

/** One request, with its response when there was one (without it, only the request is checked). */
export interface ContractExchange {
  /** What was sent. */
  readonly request: ContractRequest;
  /** What came back; without it, the request alone is checked. */
  readonly response?: ContractResponse;
}

/** One way an exchange breaks the contract. */
export interface ContractViolation {
  /** The side at fault. */
  readonly where: "request" | "response";
  /**
   * The part at fault: `method`, `url`, `path.queue`, `query.visibilitytimeout`, `header.x-ms-version`,
   * `credentials`, `status`, `body`, `body.QueueMessage.MessageText`, ...
   */
  readonly path: string;
  /** What is wrong, in words to act on: `604801 is above the maximum 604800`. */
  readonly message: string;
}

/** The outcome of validating one exchange. */
export interface ContractVerdict {
  /** True when there is no violation. */
  readonly ok: boolean;
  /** The operation the request matched, e.g. `Messages_Put`; undefined when it matched none. */
  readonly operationId: string | undefined;
  /** Every violation found, request first; empty when `ok`. */
  readonly violations: readonly ContractViolation[];
}
