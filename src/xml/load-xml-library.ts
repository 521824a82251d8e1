/**
 * The one way to the XML libraries (xml-library.ts): a dynamic import, made once. A browser bundle then keeps
 * fast-xml-parser, its entity decoder and fast-xml-builder in a chunk of their own, fetched on the first document
 * the hand-written scanner and writer do not handle; sending and receiving messages never fetches it.
 */
import type * as XmlLibraryModule from "./xml-library.js";

/** The module's exports, as the dynamic import resolves to them. */
export type XmlLibrary = typeof XmlLibraryModule;

let loading: Promise<XmlLibrary> | undefined;

/**
 * The XML library module, imported on the first call; later calls share the same promise. A failed import (a chunk
 * that could not be fetched) is not remembered, so the next call tries again.
 *
 * @example
 * const { parseWithFastXmlParser } = await loadXmlLibrary();
 */
export function loadXmlLibrary(): Promise<XmlLibrary> {
  loading ??= import("./xml-library.js").catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
