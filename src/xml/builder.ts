/**
 * Writing request documents, with the fast-xml-builder configuration of xml-library.ts, loaded on the first document
 * that needs it.
 */
import type { XmlDocumentSpec } from "../../generated/operations.js";
import { loadXmlLibrary } from "./load-xml-library.js";

/**
 * Writes `value` as the document `doc` describes: the XML declaration, then the root element.
 *
 * @throws ValidationError (as a rejection) before anything is built when a value does not fit the schema (rule
 *   `xml-value`), or a string holds a character XML 1.0 cannot carry (rule `xml-chars`; send such data
 *   base64-encoded).
 * @example
 * await buildXmlDocument(operations.Messages_Put.requestBody, { MessageText: "a\r\nb" });
 * // '<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>a&#xD;\nb</MessageText></QueueMessage>'
 */
export async function buildXmlDocument(doc: XmlDocumentSpec, value: unknown): Promise<string> {
  return buildWithXmlLibrary(doc, value);
}

/**
 * Writes `value` as `doc` with fast-xml-builder, loading it first if need be.
 *
 * @throws ValidationError (as a rejection), as `buildXmlDocument`.
 * @example
 * const xml = await buildWithXmlLibrary(xmlDocuments.SignedIdentifiers, [{ Id: "read" }]);
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
