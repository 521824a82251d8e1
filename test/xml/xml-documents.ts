/**
 * Each XML path composed as the operation runtime composes it (src/operation: the hand-written writer or scanner
 * first, the XML library when it gives up), for tests that check documents on their own.
 */
import type { XmlDocumentSpec, XmlShape } from "../../src/operation/operation-spec.js";
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

/**
 * The dotted element paths, from the document root, where `doc` has an element that may repeat: the same form as
 * the generator's `xmlArrayPaths`, derived here independently of the generator so tests can hold it to it.
 *
 * @example
 * xmlArrayPathsOf(listQueuesDocument); // ["EnumerationResults.Queues.Queue"]
 */
export function xmlArrayPathsOf(doc: XmlDocumentSpec): string[] {
  const paths = new Set<string>();
  const visit = (shape: XmlShape, path: string): void => {
    if (shape.type === "array") {
      const itemPath = `${path}.${shape.itemName}`;
      paths.add(itemPath);
      visit(shape.items, itemPath);
    } else if (shape.type === "object") {
      for (const property of shape.properties) {
        if (property.attribute) continue;
        // Unwrapped items sit directly in the parent element.
        const inline = property.shape.type === "array" && !property.shape.wrapped;
        visit(property.shape, inline ? path : `${path}.${property.xmlName}`);
      }
    }
  };
  visit(doc.shape, doc.root);
  return [...paths].sort();
}
