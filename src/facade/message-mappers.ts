/**
 * The service's message documents as QueueService's message objects: RFC 1123 times as Dates, with the content the
 * message-content pipeline decoded. Every field is required by the spec, so the XML reader has already refused a
 * message missing one.
 */
import type { components } from "../../generated/schema.js";
import { parseServiceDate } from "./dates.js";
import type { EnqueuedMessage, PeekedMessage, ReceivedMessage } from "./types/messages.js";

type Wire = components["schemas"];

/** A message just put; `content` is what was put, as the reference fills it in. */
export function toEnqueuedMessage<T>(wire: Wire["EnqueuedMessage"], content: T): EnqueuedMessage<T> {
  return {
    id: wire.MessageId,
    insertionTime: parseServiceDate(wire.InsertionTime, "QueueMessage.InsertionTime"),
    expirationTime: parseServiceDate(wire.ExpirationTime, "QueueMessage.ExpirationTime"),
    popReceipt: wire.PopReceipt,
    timeNextVisible: parseServiceDate(wire.TimeNextVisible, "QueueMessage.TimeNextVisible"),
    content,
  };
}

/** A message just got, with its decoded content. */
export function toReceivedMessage<T>(wire: Wire["DequeuedMessage"], content: T): ReceivedMessage<T> {
  return {
    id: wire.MessageId,
    insertionTime: parseServiceDate(wire.InsertionTime, "QueueMessage.InsertionTime"),
    expirationTime: parseServiceDate(wire.ExpirationTime, "QueueMessage.ExpirationTime"),
    dequeueCount: wire.DequeueCount,
    content,
    popReceipt: wire.PopReceipt,
    timeNextVisible: parseServiceDate(wire.TimeNextVisible, "QueueMessage.TimeNextVisible"),
  };
}

/** A message just peeked, with its decoded content. */
export function toPeekedMessage<T>(wire: Wire["PeekedMessage"], content: T): PeekedMessage<T> {
  return {
    id: wire.MessageId,
    insertionTime: parseServiceDate(wire.InsertionTime, "QueueMessage.InsertionTime"),
    expirationTime: parseServiceDate(wire.ExpirationTime, "QueueMessage.ExpirationTime"),
    dequeueCount: wire.DequeueCount,
    content,
  };
}
