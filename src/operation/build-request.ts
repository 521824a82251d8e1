/**
 * Turns one operation's spec entry (generated/operations.ts) and the caller's values into a WireRequest. This is the
 * facade's way onto the wire: no `Request` objects, no per-call parsing of the path key.
 */
import type { OperationSpec } from "../../generated/operations.js";
import { ValidationError } from "../errors.js";
import type { WireRequest } from "../transport/types.js";
import { buildWithXmlLibrary } from "../xml/builder.js";
import { writeQueueMessage } from "../xml/queue-message-writer.js";

export type QueryValue = string | number | boolean | undefined;

export interface OperationInput {
  /** Values for the path template's `{names}`. */
  readonly path?: Readonly<Record<string, string>>;
  /** Query parameters by their wire names; undefined values are left out. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Extra request headers (not the transport-owned ones). */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** Sent as `x-ms-meta-<name>` headers, names in the case given. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** The request document's content, as the spec's schema shapes it; serialised to XML. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
}

const XML_CONTENT_TYPE = "application/xml; charset=utf-8";
const utf8 = new TextEncoder();

/**
 * The request itself when its body needs no library (no body, or a QueueMessage, which the message writer writes),
 * else a promise of it, resolved once fast-xml-builder is loaded: the common operations wait on no promise here.
 *
 * @throws ValidationError (thrown, or as a rejection) for a body that does not fit its schema or a missing path value.
 * @example
 * buildOperationRequest("http://127.0.0.1:10001/devstoreaccount1", operations.Messages_Peek,
 *   { path: { queue: "jobs" }, query: { numofmessages: 5 } });
 * // GET http://127.0.0.1:10001/devstoreaccount1/jobs/messages?peekonly=true&numofmessages=5
 */
export function buildOperationRequest(baseUrl: string, op: OperationSpec, input: OperationInput = {}): WireRequest | Promise<WireRequest> {
  if (!op.requestBody || input.body === undefined) return assembleRequest(baseUrl, op, input, undefined);
  const xml = writeQueueMessage(op.requestBody, input.body);
  if (xml !== undefined) return assembleRequest(baseUrl, op, input, xml);
  return buildWithXmlLibrary(op.requestBody, input.body).then((built) => assembleRequest(baseUrl, op, input, built));
}

function assembleRequest(baseUrl: string, op: OperationSpec, input: OperationInput, xml: string | undefined): WireRequest {
  const headers: Record<string, string> = {};
  if (input.headers) {
    for (const [name, value] of Object.entries(input.headers)) if (value !== undefined) headers[name] = value;
  }
  if (input.metadata) {
    for (const [name, value] of Object.entries(input.metadata)) headers[`x-ms-meta-${name}`] = value;
  }
  let body: Uint8Array | undefined;
  if (xml !== undefined) {
    body = utf8.encode(xml);
    headers["content-type"] = XML_CONTENT_TYPE;
  }
  const request: WireRequest = {
    method: op.method,
    url: baseUrl + expandPath(op, input.path) + buildQuery(op, input.query),
    headers,
    operationId: op.operationId,
    ...(body ? { body } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
  return request;
}

function expandPath(op: OperationSpec, values: Readonly<Record<string, string>> | undefined): string {
  if (op.pathParams.length === 0) return op.path;
  let path = op.path;
  for (const name of op.pathParams) {
    const value = values?.[name];
    if (value === undefined || value === "") {
      throw new ValidationError("path-parameter", `${op.operationId} needs a value for {${name}}`);
    }
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  return path;
}

function buildQuery(op: OperationSpec, values: Readonly<Record<string, QueryValue>> | undefined): string {
  let query = "";
  for (const [name, value] of Object.entries(op.fixedQuery)) {
    query += `${query ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
  }
  if (values) {
    // Spec order, so the same call always produces the same URL (and the same signature).
    for (const name of op.queryParams) {
      const value = values[name];
      if (value === undefined) continue;
      query += `${query ? "&" : "?"}${name}=${encodeURIComponent(String(value))}`;
    }
  }
  return query;
}
