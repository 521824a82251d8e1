/**
 * Each XML path composed as the operation runtime composes it (src/operation: the hand-written writer or scanner
 * first, the XML library when it gives up), for tests that check documents on their own.
 */
import type { XmlDocumentSpec } from "../../src/operation/operation-spec.js";
import { buildWithXmlLibrary } from "../../src/xml/builder.js";
import { scanMessageList } from "../../src/xml/message-list-scanner.js";
import { parseWithXmlLibrary } from "../../src/xml/parser.js";
import { writeQueueMessage } from "../../src/xml/queue-message-writer.js";

/** The document `doc` describes, written as a request body. */
export async function buildXmlDocument(doc: XmlDocumentSpec, value: unknown): Promise<string> {
  return writeQueueMessage(doc, value) ?? buildWithXmlLibrary(doc, value);
}

/** The typed object of `doc`'s schema, read from a response body. */
export async function parseXmlDocument(text: string, doc: XmlDocumentSpec): Promise<unknown> {
  return scanMessageList(text, doc) ?? parseWithXmlLibrary(text, doc);
}

const utf8 = new TextEncoder();

/** The UTF-8 bytes of a document, as the transport sends them. */
export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}
