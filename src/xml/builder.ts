/**
 * Writing request documents. QueueMessage (the body of put and update message) is written by the hand-written
 * writer, synchronously; every other document by the fast-xml-builder configuration of xml-library.ts, loaded on
 * the first document that needs it.
 */
import type { XmlDocumentSpec } from "../../generated/operations.js";
import { loadXmlLibrary } from "./load-xml-library.js";
import { writeQueueMessage } from "./queue-message-writer.js";

/**
 * Writes `value` as the document `doc` describes: the XML declaration, then the root element. A caller on a hot path
 * calls `writeQueueMessage` itself and `buildWithXmlLibrary` only when it gives up, and so waits on no promise for
 * a message.
 *
 * @throws ValidationError (as a rejection) before anything is built when a value does not fit the schema (rule
 *   `xml-value`), or a string holds a character XML 1.0 cannot carry (rule `xml-chars`; send such data
 *   base64-encoded).
 * @example
 * await buildXmlDocument(operations.Messages_Put.requestBody, { MessageText: "a\r\nb" });
 * // '<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>a&#xD;\nb</MessageText></QueueMessage>'
 */
export async function buildXmlDocument(doc: XmlDocumentSpec, value: unknown): Promise<string> {
  return writeQueueMessage(doc, value) ?? buildWithXmlLibrary(doc, value);
}

/**
 * Writes `value` as `doc` with fast-xml-builder alone, loading it first if need be: for a caller that has already
 * tried the message writer (or a document it does not write).
 *
 * @throws ValidationError (as a rejection), as `buildXmlDocument`.
 * @example
 * const xml = writeQueueMessage(doc, value) ?? (await buildWithXmlLibrary(doc, value));
 */
export async function buildWithXmlLibrary(doc: XmlDocumentSpec, value: unknown): Promise<string> {
  const library = await loadXmlLibrary();
  return library.buildWithFastXmlBuilder(doc, value);
}

const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes of a document, as the transport sends them (one buffer, with Content-Length).
 *
 * @example
 * encodeUtf8(await buildXmlDocument(doc, value)).byteLength;
 */
export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}
