/**
 * The one way to the XML libraries (xml-library.ts): a dynamic import, made once. A browser bundle then keeps
 * fast-xml-parser, its entity decoder and fast-xml-builder in a chunk of their own, fetched on the first document
 * the hand-written scanner and writer do not handle; sending and receiving messages never fetches it.
 */
import { lazyModule } from "../lazy-module.js";
import type * as XmlLibraryModule from "./xml-library.js";

/** The module's exports, as the dynamic import resolves to them. */
export type XmlLibrary = typeof XmlLibraryModule;

/**
 * The XML library module, imported on the first call; later calls share the same promise. A failed import (a chunk
 * that could not be fetched) is not remembered, so the next call tries again.
 *
 * @example
 * const { parseWithFastXmlParser } = await loadXmlLibrary();
 */
export const loadXmlLibrary: () => Promise<XmlLibrary> = lazyModule(() => import("./xml-library.js"));
