/**
 * Reads one operation's final response: a success becomes its typed body and headers, anything else an
 * AzureHttpError carrying the status, the service's error code and the request id.
 */
import type { OperationSpec } from "../../generated/operations.js";
import { AzureHttpError, ResponseParseError } from "../errors.js";
import { earlierAttemptMayHaveSucceeded } from "../transport/earlier-attempts.js";
import type { WireResponse } from "../transport/types.js";
import { parseXmlDocument } from "../xml/parser.js";
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

export function readOperationResponse<TBody = unknown>(op: OperationSpec, response: WireResponse): OperationResult<TBody> {
  if (!op.successStatuses.includes(response.status)) throw httpErrorFromResponse(op.operationId, response);
  let body: TBody | undefined;
  if (op.responseBody) {
    const requestId = response.headers["x-ms-request-id"];
    try {
      body = parseXmlDocument(utf8.decode(response.body), op.responseBody) as TBody;
    } catch (error) {
      if (error instanceof ResponseParseError) {
        throw new ResponseParseError(`${op.operationId}: ${error.message}`, { statusCode: response.status, requestId }, { cause: error });
      }
      throw error;
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    rawHeaderNames: response.rawHeaderNames,
    body,
    requestId: response.headers["x-ms-request-id"],
  };
}

/** The error for a non-success response; the body is read leniently, since error pages are not always XML. */
export function httpErrorFromResponse(operationId: string | undefined, response: WireResponse): AzureHttpError {
  const detail = response.body.byteLength > 0 ? parseStorageError(utf8.decode(response.body)) : {};
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
