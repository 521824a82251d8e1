/**
 * Reads one operation's final response: a success becomes its typed body and headers, anything else an
 * AzureHttpError carrying the status, the service's error code and the request id.
 */
import type { OperationSpec } from "../../generated/operations.js";
import { AzureHttpError, ResponseParseError } from "../errors.js";
import type { MaybePromise } from "../maybe-promise.js";
import { earlierAttemptMayHaveSucceeded } from "../transport/earlier-attempts.js";
import type { WireResponse } from "../transport/types.js";
import { scanMessageList } from "../xml/message-list-scanner.js";
import { parseWithXmlLibrary } from "../xml/parser.js";
import { parseStorageError } from "../xml/storage-error.js";

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
  if (!op.successStatuses.includes(response.status)) {
    return httpErrorFromResponse(op.operationId, response).then((error) => {
      throw error;
    });
  }
  if (!op.responseBody) return operationResult<TBody>(response, undefined);
  const text = utf8.decode(response.body);
  const scanned = scanMessageList(text, op.responseBody);
  if (scanned !== undefined) return operationResult(response, scanned as TBody);
  return parseWithXmlLibrary(text, op.responseBody).then(
    (body) => operationResult(response, body as TBody),
    (error: unknown) => {
      throw withOperation(op, response, error);
    },
  );
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

/** The error for a non-success response; the body is read leniently, since error pages are not always XML. */
export async function httpErrorFromResponse(operationId: string | undefined, response: WireResponse): Promise<AzureHttpError> {
  const detail = response.body.byteLength > 0 ? await parseStorageError(utf8.decode(response.body)) : {};
  return AzureHttpError.from({
    statusCode: response.status,
    errorCode: response.headers["x-ms-error-code"] ?? detail.code,
    requestId: response.headers["x-ms-request-id"],
    serviceMessage: detail.message,
    operationId,
    earlierAttemptMayHaveSucceeded: earlierAttemptMayHaveSucceeded(response),
  });
}

/**
 * `x-ms-meta-*` response headers as a null-prototype record, names in the case the server sent them where the
 * platform keeps it (undici in Node), lower-case under fetch.
 */
export function readMetadataHeaders(response: Pick<WireResponse, "headers" | "rawHeaderNames">): Record<string, string> {
  const metadata: Record<string, string> = Object.create(null);
  for (const raw of response.rawHeaderNames) {
    const lower = raw.toLowerCase();
    if (!lower.startsWith("x-ms-meta-")) continue;
    const value = response.headers[lower];
    if (value !== undefined) metadata[raw.slice("x-ms-meta-".length)] = value;
  }
  return metadata;
}
