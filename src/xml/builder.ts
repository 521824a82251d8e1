/**
 * Writing request documents. QueueMessage (the body of put and update message) is written by the hand-written
 * writer, synchronously; every other document by the fast-xml-builder configuration of xml-library.ts, loaded on
 * the first document that needs it.
 */
import type { XmlDocumentSpec } from "../operation/operation-spec.js";
import { loadXmlLibrary } from "./load-xml-library.js";

/**
 * Writes `value` as `doc` with fast-xml-builder alone, loading it first if need be: for a caller that has already
 * tried the message writer (or a document it does not write).
 *
 * @throws ValidationError (as a rejection) before anything is built when a value does not fit the schema (rule
 *   `xml-value`), or a string holds a character XML 1.0 cannot carry (rule `xml-chars`; send such data
 *   base64-encoded).
 * @example
 * const xml = writeQueueMessage(doc, value) ?? (await buildWithXmlLibrary(doc, value));
 */
export async function buildWithXmlLibrary(doc: XmlDocumentSpec, value: unknown): Promise<string> {
  const library = await loadXmlLibrary();
  return library.buildWithFastXmlBuilder(doc, value);
}

