/**
 * Reading response documents. The message lists (put, get and peek answers) are read by the hand-written scanner,
 * synchronously; every other document, and every list the scanner hands over, by the fast-xml-parser configuration
 * of xml-library.ts, loaded on the first document that needs it.
 */
import type { XmlDocumentSpec } from "../operation/operation-spec.js";
import { loadXmlLibrary } from "./load-xml-library.js";

/**
 * Reads `text` as `doc` with fast-xml-parser alone, loading it first if need be: for a caller that has already
 * tried the scanner (or a document it does not read).
 *
 * @throws ResponseParseError (as a rejection) naming what is wrong: an empty or non-XML body, a truncated document,
 *   a root element other than `doc.root`, a missing required element or a value of the wrong type (with its path).
 * @example
 * const body = scanMessageList(text, doc) ?? (await parseWithXmlLibrary(text, doc));
 */
export async function parseWithXmlLibrary(text: string, doc: XmlDocumentSpec): Promise<unknown> {
  const library = await loadXmlLibrary();
  return library.parseWithFastXmlParser(text, doc);
}
