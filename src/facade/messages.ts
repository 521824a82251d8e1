/**
 * Messages for QueueService: Messages_Put, Messages_Get, Messages_Peek, Message_Update, Message_Delete and
 * Messages_Clear. Content goes through the service's message-content pipeline (`encode` before the size check,
 * `decode` before the mappers), and every limit is checked before anything is sent.
 */
import { operations, type ServiceErrorCode } from "../../generated/operations.js";
import type { components } from "../../generated/schema.js";
import { AzureMissingResourceHttpError, ResponseParseError, ValidationError } from "../errors.js";
import { callOperation, responseInfo, type FacadeConnection } from "./call.js";
import { parseServiceDate } from "./dates.js";
import { decodeEach, type MessageContent } from "./message-content.js";
import { toEnqueuedMessage, toPeekedMessage, toReceivedMessage } from "./message-mappers.js";
import { isPromise } from "../maybe-promise.js";
import type {
  EnqueuedMessage,
  GetMessagesOptions,
  PeekMessagesOptions,
  PeekedMessage,
  PutMessageOptions,
  ReceivedMessage,
  UpdateMessageOptions,
  UpdatedMessage,
} from "./types/messages.js";
import type { CallOptions, ResponseInfo } from "./types/options.js";
import {
  assertMessageSize,
  assertNumMessages,
  assertQueueName,
  assertTimeToLive,
  assertVisibilityTimeout,
  assertVisibleBeforeExpiry,
} from "./validation.js";

const MESSAGE_NOT_FOUND: ServiceErrorCode = "MessageNotFound";

type Wire = components["schemas"];

/**
 * Messages_Put.
 *
 * @throws ValidationError for a bad visibility timeout (0..7 days) or time to live (-1 or >= 1 s), a visibility
 *   timeout not less than the time to live, content the codec refuses, or encoded text over 64 KiB of UTF-8, before
 *   anything is sent.
 */
export async function putMessage<T>(
  connection: FacadeConnection,
  messageContent: MessageContent<T>,
  queueName: string,
  content: T,
  options?: PutMessageOptions,
): Promise<EnqueuedMessage<T>> {
  assertQueueName(queueName);
  const visibilityTimeout = options?.visibilityTimeout;
  const timeToLive = options?.timeToLive;
  if (visibilityTimeout !== undefined) assertVisibilityTimeout(visibilityTimeout, { min: 0 });
  if (timeToLive !== undefined) assertTimeToLive(timeToLive);
  assertVisibleBeforeExpiry(visibilityTimeout, timeToLive);
  const encoded = messageContent.encode(content);
  const text = isPromise(encoded) ? await encoded : encoded;
  assertMessageSize(text);
  const result = await callOperation<Wire["EnqueuedMessagesList"]>(
    connection,
    operations.Messages_Put,
    { path: { queue: queueName }, query: { visibilitytimeout: visibilityTimeout, messagettl: timeToLive }, body: { MessageText: text } },
    options,
  );
  const enqueued = result.body?.[0];
  if (enqueued === undefined) {
    throw new ResponseParseError("Messages_Put: QueueMessagesList holds no QueueMessage", { statusCode: result.status, requestId: result.requestId });
  }
  return toEnqueuedMessage(enqueued, content);
}

/**
 * Messages_Get: up to `numMessages` (1..32, default 1) visible messages, each hidden for `visibilityTimeout`
 * seconds (1 s..7 days; the service's default is 30 s).
 */
export async function getMessages<T>(
  connection: FacadeConnection,
  messageContent: MessageContent<T>,
  queueName: string,
  options?: GetMessagesOptions,
): Promise<ReceivedMessage<T>[]> {
  assertQueueName(queueName);
  const numMessages = options?.numMessages;
  const visibilityTimeout = options?.visibilityTimeout;
  if (numMessages !== undefined) assertNumMessages(numMessages);
  if (visibilityTimeout !== undefined) assertVisibilityTimeout(visibilityTimeout, { min: 1 });
  messageContent.assertReadable();
  const result = await callOperation<Wire["DequeuedMessagesList"]>(
    connection,
    operations.Messages_Get,
    { path: { queue: queueName }, query: { numofmessages: numMessages, visibilitytimeout: visibilityTimeout } },
    options,
  );
  return decodeEach(messageContent, result.body ?? [], toReceivedMessage);
}

/** Messages_Peek: up to `numMessages` (1..32, default 1) visible messages, left visible. */
export async function peekMessages<T>(
  connection: FacadeConnection,
  messageContent: MessageContent<T>,
  queueName: string,
  options?: PeekMessagesOptions,
): Promise<PeekedMessage<T>[]> {
  assertQueueName(queueName);
  const numMessages = options?.numMessages;
  if (numMessages !== undefined) assertNumMessages(numMessages);
  messageContent.assertReadable();
  const result = await callOperation<Wire["PeekedMessagesList"]>(
    connection,
    operations.Messages_Peek,
    { path: { queue: queueName }, query: { numofmessages: numMessages } },
    options,
  );
  return decodeEach(messageContent, result.body ?? [], toPeekedMessage);
}

/**
 * Message_Update: a new visibility timeout (0..7 days) and, when `content` is given, new content. The answer's
 * pop receipt replaces the one given.
 *
 * @throws ResponseParseError when the answer lacks x-ms-popreceipt or x-ms-time-next-visible.
 * @throws AzureHttpError with `earlierAttemptMayHaveSucceeded` set when a retry after an unanswered attempt fails,
 *   typically with 400 PopReceiptMismatch: that attempt may have updated the message, and its new pop receipt is
 *   lost with its answer. The message can only be received again once it becomes visible.
 */
export async function updateMessage<T>(
  connection: FacadeConnection,
  messageContent: MessageContent<T>,
  queueName: string,
  messageId: string,
  popReceipt: string,
  visibilityTimeout: number,
  options?: UpdateMessageOptions<T>,
): Promise<UpdatedMessage<T>> {
  assertQueueName(queueName);
  assertMessageHandle(messageId, popReceipt);
  assertVisibilityTimeout(visibilityTimeout, { min: 0 });
  const hasContent = options !== undefined && options.content !== undefined;
  let text: string | undefined;
  if (hasContent) {
    const encoded = messageContent.encode(options.content as T);
    text = isPromise(encoded) ? await encoded : encoded;
    assertMessageSize(text);
  }
  const path = { queue: queueName, messageid: messageId };
  const query = { popreceipt: popReceipt, visibilitytimeout: visibilityTimeout };
  const result = await callOperation(
    connection,
    operations.Message_Update,
    text === undefined ? { path, query } : { path, query, body: { MessageText: text } },
    options,
  );
  const newReceipt = result.headers["x-ms-popreceipt"];
  const nextVisible = result.headers["x-ms-time-next-visible"];
  if (newReceipt === undefined || nextVisible === undefined) {
    const missing = newReceipt === undefined ? "x-ms-popreceipt" : "x-ms-time-next-visible";
    throw new ResponseParseError(`Message_Update: the ${missing} header is missing`, { statusCode: result.status, requestId: result.requestId });
  }
  const updated = { id: messageId, popReceipt: newReceipt, timeNextVisible: parseServiceDate(nextVisible, "x-ms-time-next-visible") };
  return hasContent ? { ...updated, content: options.content as T } : updated;
}

/**
 * Message_Delete: needs the pop receipt of the latest get or update. A retry that answers 404 MessageNotFound after
 * an attempt that got no answer is a success: that attempt deleted the message (a valid pop receipt lets no one
 * else delete it), so the result then carries the 404's request id and no date.
 */
export async function deleteMessage(
  connection: FacadeConnection,
  queueName: string,
  messageId: string,
  popReceipt: string,
  options?: CallOptions,
): Promise<ResponseInfo> {
  assertQueueName(queueName);
  assertMessageHandle(messageId, popReceipt);
  try {
    const result = await callOperation(
      connection,
      operations.Message_Delete,
      { path: { queue: queueName, messageid: messageId }, query: { popreceipt: popReceipt } },
      options,
    );
    return responseInfo(result.headers);
  } catch (error) {
    if (error instanceof AzureMissingResourceHttpError && error.errorCode === MESSAGE_NOT_FOUND && error.earlierAttemptMayHaveSucceeded) {
      return { requestId: error.requestId, date: undefined };
    }
    throw error;
  }
}

/** Messages_Clear: deletes every message of the queue. */
export async function clearMessages(connection: FacadeConnection, queueName: string, options?: CallOptions): Promise<ResponseInfo> {
  assertQueueName(queueName);
  const result = await callOperation(connection, operations.Messages_Clear, { path: { queue: queueName } }, options);
  return responseInfo(result.headers);
}

function assertMessageHandle(messageId: string, popReceipt: string): void {
  if (typeof messageId !== "string" || messageId === "") {
    throw new ValidationError("message-id", "messageId must be the non-empty id of a message (from putMessage or getMessages)");
  }
  if (typeof popReceipt !== "string" || popReceipt === "") {
    throw new ValidationError("pop-receipt", "popReceipt must be the non-empty pop receipt of the latest getMessages or updateMessage");
  }
}
