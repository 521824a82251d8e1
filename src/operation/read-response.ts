/**
 * Reads one operation's final response: a success becomes its typed body and headers, anything else an
 * AzureHttpError carrying the status, the service's error code and the request id.
 */
import type { OperationSpec } from "./operation-spec.js";
import { ResponseParseError } from "../errors.js";
import type { MaybePromise } from "../maybe-promise.js";
import type { WireResponse } from "../transport/types.js";
import { scanMessageList } from "../xml/message-list-scanner.js";
import { parseWithXmlLibrary } from "../xml/parser.js";
import { httpErrorFromResponse } from "./read-error.js";

export interface OperationResult<TBody = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawHeaderNames: readonly string[];
  /** The parsed success document, for operations that return one. */
  readonly body: TBody | undefined;
  readonly requestId: string | undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * The typed result of a success, or an AzureHttpError for anything else. Synchronous when the body needs no library
 * (no body, or a message list the scanner reads), so the common operations wait on no extra promise; a promise
 * otherwise: other documents are read once fast-xml-parser is loaded, and an error's body before it is thrown.
 *
 * @throws AzureHttpError (as a rejection) for a status the operation does not succeed with; ResponseParseError (as
 *   a rejection) for a success body that does not fit its schema.
 * @example
 * const result = await readOperationResponse<QueueMessage[]>(operations.Messages_Get, response);
 */
export function readOperationResponse<TBody = unknown>(op: OperationSpec, response: WireResponse): MaybePromise<OperationResult<TBody>> {
  if (!isOperationSuccess(op, response)) {
    return httpErrorFromResponse(op.operationId, response).then((error) => {
      throw error;
    });
  }
  return readResponseBody(op, response, (body) => operationResult(response, body as TBody));
}

/** Whether `response` has a status `op` succeeds with. */
export function isOperationSuccess(op: OperationSpec, response: WireResponse): boolean {
  return op.successStatuses.includes(response.status);
}

/**
 * `use` of the success document of `response` as the operation's schema shapes it (undefined for an operation that
 * returns none). Synchronous for a message list the scanner reads; a promise otherwise, once fast-xml-parser is
 * loaded. `use` rides on the parse's own promise, so the library path makes no promise more than the parse does.
 *
 * @throws ResponseParseError (as a rejection) naming the operation, with the response's status and request id, for
 *   a body that does not fit its schema.
 * @example
 * const count = await readResponseBody(operations.Messages_Peek, response, (messages) => (messages as unknown[]).length);
 */
export function readResponseBody<R>(op: OperationSpec, response: WireResponse, use: (body: unknown) => R): MaybePromise<R> {
  if (!op.responseBody) return use(undefined);
  const text = utf8.decode(response.body);
  const scanned = scanMessageList(text, op.responseBody);
  if (scanned !== undefined) return use(scanned);
  return parseWithXmlLibrary(text, op.responseBody).then(use, (error: unknown) => {
    throw withOperation(op, response, error);
  });
}

function operationResult<TBody>(response: WireResponse, body: TBody | undefined): OperationResult<TBody> {
  return {
    status: response.status,
    headers: response.headers,
    rawHeaderNames: response.rawHeaderNames,
    body,
    requestId: response.headers["x-ms-request-id"],
  };
}

/** A parse error names the operation and carries the response's status and request id. */
function withOperation(op: OperationSpec, response: WireResponse, error: unknown): unknown {
  if (!(error instanceof ResponseParseError)) return error;
  const requestId = response.headers["x-ms-request-id"];
  return new ResponseParseError(`${op.operationId}: ${error.message}`, { statusCode: response.status, requestId }, { cause: error });
}

