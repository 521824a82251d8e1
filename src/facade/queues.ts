/**
 * Queue lifecycle and metadata for QueueService: Queue_Create, Queue_Delete, Queue_GetMetadata, Queue_SetMetadata,
 * with the reference's answers (booleans for "already exists" and "does not exist" unless told to throw).
 */
import { operations, type ServiceErrorCode } from "../../generated/operations.js";
import { METADATA_HEADER_PREFIX } from "../constants.js";
import { AzureConflictHttpError, AzureMissingResourceHttpError, ResponseParseError } from "../errors.js";
import type { OperationResult } from "../operation/read-response.js";
import { callOperation, responseInfo, type FacadeConnection } from "./call.js";
import type { CallOptions, ResponseInfo } from "./types/options.js";
import type { CreateQueueOptions, DeleteQueueOptions, QueueMetadata } from "./types/queues.js";
import { assertMetadata, assertQueueName } from "./validation.js";

const QUEUE_ALREADY_EXISTS: ServiceErrorCode = "QueueAlreadyExists";
const QUEUE_NOT_FOUND: ServiceErrorCode = "QueueNotFound";
const INTEGER = /^[0-9]+$/;

/**
 * Queue_Create. True when created; false when it existed (204 for equal metadata, 409 QueueAlreadyExists for
 * other metadata), unless `failOnExist`.
 *
 * @throws AzureConflictHttpError (409, QueueAlreadyExists) with `failOnExist` when the queue exists, also when the
 *   service answered 204, keeping that response's request id.
 */
export async function createQueue(connection: FacadeConnection, queueName: string, options?: CreateQueueOptions): Promise<boolean> {
  assertQueueName(queueName);
  const metadata = options?.metadata;
  if (metadata !== undefined) assertMetadata(metadata);
  let result;
  try {
    result = await callOperation(connection, operations.Queue_Create, { path: { queue: queueName }, ...(metadata ? { metadata } : {}) }, options);
  } catch (error) {
    if (!options?.failOnExist && error instanceof AzureConflictHttpError && error.errorCode === QUEUE_ALREADY_EXISTS) return false;
    throw error;
  }
  if (result.status === 201) return true;
  if (options?.failOnExist) {
    // The service reports an existing queue with equal metadata as a success (204); the caller asked to hear of it
    // the same way in both cases.
    throw new AzureConflictHttpError({
      statusCode: 409,
      errorCode: QUEUE_ALREADY_EXISTS,
      requestId: result.requestId,
      serviceMessage: "The specified queue already exists (the service answered 204: same metadata).",
      operationId: operations.Queue_Create.operationId,
    });
  }
  return false;
}

/**
 * Queue_Delete. True when deleted; false when the queue did not exist, unless `failNotExist`.
 *
 * @throws AzureMissingResourceHttpError (404, QueueNotFound) with `failNotExist` when the queue does not exist.
 */
export async function deleteQueue(connection: FacadeConnection, queueName: string, options?: DeleteQueueOptions): Promise<boolean> {
  assertQueueName(queueName);
  try {
    await callOperation(connection, operations.Queue_Delete, { path: { queue: queueName } }, options);
    return true;
  } catch (error) {
    if (!options?.failNotExist && isQueueNotFound(error)) return false;
    throw error;
  }
}

/** Queue_GetMetadata, answered as a boolean: a 404 QueueNotFound is `false`. */
export async function queueExists(connection: FacadeConnection, queueName: string, options?: CallOptions): Promise<boolean> {
  assertQueueName(queueName);
  try {
    await callOperation(connection, operations.Queue_GetMetadata, { path: { queue: queueName } }, options, "exists");
    return true;
  } catch (error) {
    if (isQueueNotFound(error)) return false;
    throw error;
  }
}

/**
 * Queue_GetMetadata: metadata names in the case the server sent them where the platform keeps it (Node), and the
 * approximate message count.
 *
 * @throws ResponseParseError when the count header is missing or not a number.
 */
export async function getQueueMetadata(connection: FacadeConnection, queueName: string, options?: CallOptions): Promise<QueueMetadata> {
  assertQueueName(queueName);
  const result = await callOperation(connection, operations.Queue_GetMetadata, { path: { queue: queueName } }, options);
  const count = result.headers["x-ms-approximate-messages-count"];
  if (count === undefined || !INTEGER.test(count)) {
    throw new ResponseParseError(`Queue_GetMetadata: x-ms-approximate-messages-count is ${count === undefined ? "missing" : "not a count"}`, {
      statusCode: result.status,
      requestId: result.requestId,
    });
  }
  return { metadata: readMetadataHeaders(result), approximateMessageCount: Number(count) };
}

/** Queue_SetMetadata: replaces the queue's metadata; none given clears it. */
export async function setQueueMetadata(
  connection: FacadeConnection,
  queueName: string,
  metadata: Readonly<Record<string, string>> | undefined,
  options?: CallOptions,
): Promise<ResponseInfo> {
  assertQueueName(queueName);
  if (metadata !== undefined) assertMetadata(metadata);
  const result = await callOperation(connection, operations.Queue_SetMetadata, { path: { queue: queueName }, ...(metadata ? { metadata } : {}) }, options);
  return responseInfo(result.headers);
}

/**
 * `x-ms-meta-*` response headers as a null-prototype record, names in the case the server sent them where the
 * platform keeps it (undici in Node), lower-case under fetch.
 */
function readMetadataHeaders(response: Pick<OperationResult, "headers" | "rawHeaderNames">): Record<string, string> {
  const metadata: Record<string, string> = Object.create(null);
  for (const raw of response.rawHeaderNames) {
    const lower = raw.toLowerCase();
    if (!lower.startsWith(METADATA_HEADER_PREFIX)) continue;
    const value = response.headers[lower];
    if (value !== undefined) metadata[raw.slice(METADATA_HEADER_PREFIX.length)] = value;
  }
  return metadata;
}

function isQueueNotFound(error: unknown): boolean {
  return error instanceof AzureMissingResourceHttpError && error.errorCode === QUEUE_NOT_FOUND;
}
