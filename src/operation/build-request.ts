/**
 * Turns one operation's spec entry (generated/operations.ts) and the caller's values into a WireRequest. This is the
 * facade's way onto the wire: no `Request` objects, no per-call parsing of the path key.
 */
import type { OperationSpec, XmlDocumentSpec } from "./operation-spec.js";
import { METADATA_HEADER_PREFIX, XML_CONTENT_TYPE } from "../constants.js";
import { ValidationError } from "../errors.js";
import { thenMaybe, type MaybePromise } from "../maybe-promise.js";
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
export function buildOperationRequest(baseUrl: string, op: OperationSpec, input: OperationInput = {}): MaybePromise<WireRequest> {
  if (!op.requestBody || input.body === undefined) return assembleRequest(baseUrl, op, input, undefined);
  return thenMaybe(writeRequestBody(op.requestBody, input.body), (xml) => assembleRequest(baseUrl, op, input, xml));
}

/**
 * The request document for `value`: written at once by the message writer for a QueueMessage, else by
 * fast-xml-builder once it is loaded.
 *
 * @throws ValidationError (thrown, or as a rejection) for a value that does not fit the schema or a character XML
 *   1.0 cannot carry.
 * @example
 * writeRequestBody(operations.Messages_Put.requestBody, { MessageText: "hello" }); // '<?xml ...?><QueueMessage>...'
 */
export function writeRequestBody(doc: XmlDocumentSpec, value: unknown): MaybePromise<string> {
  return writeQueueMessage(doc, value) ?? buildWithXmlLibrary(doc, value);
}

/**
 * The WireRequest of one call of `op`: its method, operationId and whether it is read-only, and the XML document, if
 * any, as UTF-8 with its content type. `headers` is the caller's own object, completed here.
 *
 * @example
 * operationRequest(operations.Messages_Put, url, {}, xml, signal);
 */
export function operationRequest(
  op: OperationSpec,
  url: string,
  headers: Record<string, string>,
  xml: string | undefined,
  signal: AbortSignal | undefined,
): WireRequest {
  const request: Mutable<WireRequest> = {
    method: op.method,
    url,
    headers,
    operationId: op.operationId,
    // A secondary-only operation (Service_GetStatistics) is read from the secondary already; no retry moves it.
    readOnly: op.readOnly && op.endpoint === "primary",
  };
  if (xml !== undefined) {
    request.body = utf8.encode(xml);
    headers["content-type"] = XML_CONTENT_TYPE;
  }
  if (signal) request.signal = signal;
  return request;
}

function assembleRequest(baseUrl: string, op: OperationSpec, input: OperationInput, xml: string | undefined): WireRequest {
  const headers: Record<string, string> = {};
  if (input.headers) {
    for (const name in input.headers) {
      const value = input.headers[name];
      if (value !== undefined) headers[name] = value;
    }
  }
  if (input.metadata) {
    for (const name in input.metadata) headers[METADATA_HEADER_PREFIX + name] = input.metadata[name]!;
  }
  return operationRequest(op, baseUrl + expandPath(op, input.path) + buildQuery(op, input.query), headers, xml, input.signal);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The path template cut at its `{names}`: literal text at even indexes, parameter names at odd ones. Worked out once
 * per operation.
 */
const pathPieces = new WeakMap<OperationSpec, readonly string[]>();

function piecesOf(op: OperationSpec): readonly string[] {
  let pieces = pathPieces.get(op);
  if (pieces === undefined) {
    pieces = op.path.split(/\{([^}]+)\}/);
    pathPieces.set(op, pieces);
  }
  return pieces;
}

function expandPath(op: OperationSpec, values: Readonly<Record<string, string>> | undefined): string {
  if (op.pathParams.length === 0) return op.path;
  const pieces = piecesOf(op);
  let path = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i]!;
    const value = values?.[name];
    if (value === undefined || value === "") {
      throw new ValidationError("path-parameter", `${op.operationId} needs a value for {${name}}`);
    }
    path += encodeURIComponent(value) + pieces[i + 1]!;
  }
  return path;
}

function buildQuery(op: OperationSpec, values: Readonly<Record<string, QueryValue>> | undefined): string {
  let query = "";
  for (const name in op.fixedQuery) {
    query += `${query ? "&" : "?"}${name}=${encodeURIComponent(op.fixedQuery[name]!)}`;
  }
  if (values) {
    // Spec order, so the same call always produces the same URL (and the same signature).
    for (const name of op.queryParams) {
      const value = values[name];
      if (value === undefined) continue;
      query += `${query ? "&" : "?"}${name}=${encodeURIComponent(typeof value === "string" ? value : String(value))}`;
    }
  }
  return query;
}
