/**
 * Reading an error answer. It may carry anything (nothing, a proxy's HTML page, a cut-off body), so it is read
 * leniently and never fails: what cannot be read is simply absent.
 */
import { xmlDocuments } from "../../generated/operations.js";
import { AzureHttpError } from "../errors.js";
import { earlierAttemptMayHaveSucceeded } from "../transport/earlier-attempts.js";
import type { WireResponse } from "../transport/types.js";
import { parseWithXmlLibrary } from "../xml/parser.js";
import { parseStorageError } from "../xml/storage-error.js";

/** The service's error document (`<Error><Code>..</Code><Message>..</Message>...</Error>`) as the spec shapes it. */
export interface StorageErrorBody {
  readonly Code?: string | undefined;
  /** The whole `<Message>`: the service appends "\nRequestId:...\nTime:..." to the sentence itself. */
  readonly Message?: string | undefined;
  /** Elements some codes add (`AuthenticationErrorDetail`, `QueryParameterName`, ...), all text. */
  readonly [element: string]: string | undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * The error document of a non-success response: the StorageError document when the body is one; else the code (from
 * `x-ms-error-code`, or the body) and the message a lenient read finds; undefined for an empty body without a code.
 * The promise never rejects.
 *
 * @example
 * await readStorageError(response); // { Code: "QueueNotFound", Message: "The specified queue does not exist.\nRequestId:..." }
 */
export async function readStorageError(response: WireResponse): Promise<StorageErrorBody | undefined> {
  const code = response.headers["x-ms-error-code"];
  if (response.body.byteLength === 0) return code === undefined ? undefined : { Code: code };
  const text = utf8.decode(response.body);
  try {
    return (await parseWithXmlLibrary(text, xmlDocuments.StorageError)) as StorageErrorBody;
  } catch {
    const detail = await parseStorageError(text);
    return { Code: code ?? detail.code, Message: detail.message };
  }
}

/**
 * The error for a non-success response: its status, the service's code (`x-ms-error-code` first, else the body's),
 * the first line of the service's message, and the request id.
 *
 * @example
 * throw await httpErrorFromResponse("Message_Delete", response);
 */
export async function httpErrorFromResponse(operationId: string | undefined, response: WireResponse): Promise<AzureHttpError> {
  const body = await readStorageError(response);
  return AzureHttpError.from({
    statusCode: response.status,
    errorCode: response.headers["x-ms-error-code"] ?? (body?.Code?.trim() || undefined),
    requestId: response.headers["x-ms-request-id"],
    serviceMessage: body?.Message?.split("\n", 1)[0]!.trim() || undefined,
    operationId,
    earlierAttemptMayHaveSucceeded: earlierAttemptMayHaveSucceeded(response),
  });
}
