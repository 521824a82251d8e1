/**
 * The service's message documents as QueueService's message objects: RFC 1123 times as Dates, text decoded by the
 * service's codec. Every field is required by the spec, so the XML reader has already refused a message missing one.
 */
import type { components } from "../../generated/schema.js";
import { parseServiceDate } from "./dates.js";
import type { EnqueuedMessage, PeekedMessage, ReceivedMessage } from "./types.js";

type Wire = components["schemas"];

/** Turns stored text into content: the codec's decode, plus decryption in time. */
export type DecodeFromWire<T> = (text: string) => T;

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

export function toReceivedMessage<T>(wire: Wire["DequeuedMessage"], decode: DecodeFromWire<T>): ReceivedMessage<T> {
  return {
    id: wire.MessageId,
    insertionTime: parseServiceDate(wire.InsertionTime, "QueueMessage.InsertionTime"),
    expirationTime: parseServiceDate(wire.ExpirationTime, "QueueMessage.ExpirationTime"),
    dequeueCount: wire.DequeueCount,
    content: decode(wire.MessageText),
    popReceipt: wire.PopReceipt,
    timeNextVisible: parseServiceDate(wire.TimeNextVisible, "QueueMessage.TimeNextVisible"),
  };
}

export function toPeekedMessage<T>(wire: Wire["PeekedMessage"], decode: DecodeFromWire<T>): PeekedMessage<T> {
  return {
    id: wire.MessageId,
    insertionTime: parseServiceDate(wire.InsertionTime, "QueueMessage.InsertionTime"),
    expirationTime: parseServiceDate(wire.ExpirationTime, "QueueMessage.ExpirationTime"),
    dequeueCount: wire.DequeueCount,
    content: decode(wire.MessageText),
  };
}
