/**
 * Reading response documents. The message lists (put, get and peek answers) are read by the hand-written scanner,
 * synchronously; every other document, and every list the scanner hands over, by the fast-xml-parser configuration
 * of xml-library.ts, loaded on the first document that needs it.
 */
import type { XmlDocumentSpec } from "../../generated/operations.js";
import { loadXmlLibrary } from "./load-xml-library.js";
import { scanMessageList } from "./message-list-scanner.js";

/**
 * Reads `text` as the document `doc` describes and returns the typed object of its schema (the root's content;
 * for a list document such as `QueueMessagesList`, the array of its items).
 *
 * The message lists are first read by `scanMessageList`, which returns the same result for the compact XML servers
 * write at a fraction of the cost, and hands anything else (and every error) to fast-xml-parser. A caller on a hot
 * path calls `scanMessageList` itself and `parseWithXmlLibrary` only when it gives up, and so waits on no promise
 * for a list the scanner reads.
 *
 * @throws ResponseParseError (as a rejection) naming what is wrong: an empty or non-XML body, a truncated document,
 *   a root element other than `doc.root`, a missing required element or a value of the wrong type (with its path).
 * @example
 * const messages = (await parseXmlDocument(body, operations.Messages_Get.responseBody)) as QueueMessage[];
 */
export async function parseXmlDocument(text: string, doc: XmlDocumentSpec): Promise<unknown> {
  return scanMessageList(text, doc) ?? parseWithXmlLibrary(text, doc);
}

/**
 * Reads `text` as `doc` with fast-xml-parser alone, loading it first if need be: for a caller that has already
 * tried the scanner (or a document it does not read).
 *
 * @throws ResponseParseError (as a rejection), as `parseXmlDocument`.
 * @example
 * const body = scanMessageList(text, doc) ?? (await parseWithXmlLibrary(text, doc));
 */
export async function parseWithXmlLibrary(text: string, doc: XmlDocumentSpec): Promise<unknown> {
  const library = await loadXmlLibrary();
  return library.parseWithFastXmlParser(text, doc);
}
