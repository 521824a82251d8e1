/**
 * The XML libraries, configured: the one module that imports fast-xml-parser, @nodable/entities and
 * fast-xml-builder. Nothing imports it statically; `loadXmlLibrary` (load-xml-library.ts) loads it on the first
 * document the hand-written message-list scanner and message writer do not handle (error bodies, queue lists,
 * access policies, service properties), so a program that only sends and receives messages never loads it.
 *
 * What the parser configuration guarantees, and the library behaviour behind each choice (fast-xml-parser 5.12):
 * - No coercion and no trimming (`parseTagValue`, `parseAttributeValue`, `trimValues` off): "00123", "true" and
 *   "  x  " stay strings as sent. An empty element (`<A/>`, `<A></A>`) becomes "".
 * - Numeric character references are decoded: the library's built-in decoder leaves `&#xD;` and `&#13;` as they
 *   are unless `htmlEntities` is on, which would also decode HTML names such as `&nbsp;`. So it is given its own
 *   `EntityDecoder` (the documented `entityDecoder` option) that knows the five XML entities and decodes numeric
 *   references, each reference exactly once (`&amp;lt;` reads "&lt;").
 * - No DTDs: the service never sends one. The library reads a DOCTYPE's internal entities (and refuses external
 *   ones); our decoder refuses to take any, so a document with a DOCTYPE, and every entity-expansion attack, fails
 *   before any text is decoded.
 * - Element names that are Object.prototype members (`constructor`, `__proto__`, `toString`, ...) are legal
 *   metadata names but the library throws on or renames them: they are escaped reversibly (see `tree.ts`).
 * - CDATA is merged into the element's text; declarations and processing instructions are dropped.
 * - The library is lenient where a response can be cut short (`<A><B>x` reads as `{ A: { B: "" } }`), so the
 *   document must end with its root's end tag. It does not validate, though: an end tag closes whatever element is
 *   open, whatever its name, and such a mismatch goes unnoticed (no server sends one; validating every body with
 *   the library's validator would cost a second pass).
 *
 * The builder configuration (fast-xml-builder 1.3, which fast-xml-parser 5 re-exports and deprecates in its
 * favour) escapes through `writing.ts` (`processEntities` off, see there why), and writes every attribute with its
 * value (`suppressBooleanAttributes` off: by default an attribute whose value is "true" is written bare).
 */
import { EntityDecoder } from "@nodable/entities";
import Builder from "fast-xml-builder";
import { XMLParser, type EntityDecoderOptions } from "fast-xml-parser";
import { xmlArrayPaths } from "../../generated/operations.js";
import type { XmlDocumentSpec } from "../operation/operation-spec.js";
import { ResponseParseError } from "../errors.js";
import { fromXmlShape, toXmlShape } from "./shape.js";
import { ATTRIBUTE_PREFIX, TEXT_KEY, escapeTagName, unescapeTagName, type XmlTreeObject, type XmlTreeValue } from "./tree.js";
import { XML_DECLARATION, escapeXmlAttribute, escapeXmlText } from "./writing.js";

/** A configured parser: text in, the parser's object tree out. */
export interface XmlTreeParser {
  /**
   * Parses one document and returns its root element's name (as written) and value.
   *
   * @throws ResponseParseError when the text is empty, not well-formed, truncated, has a DOCTYPE, or has not
   *   exactly one root element. Messages describe structure only, never the body's content.
   */
  parse(text: string): { readonly root: string; readonly value: XmlTreeValue };
}

class DoctypeRefused extends Error {}

function createEntityDecoder(): EntityDecoderOptions {
  // A reference to a character XML 1.0 forbids is not well-formed: U+0000 fails the document; the decoder drops the
  // others (C0 controls, surrogates) and offers no option to fail on them alone. The service never writes them.
  const decoder = new EntityDecoder({ numericAllowed: true, ncr: { nullNCR: "throw" } });
  return {
    decode: (text) => decoder.decode(text),
    reset: () => void decoder.reset(),
    setXmlVersion: (version) => decoder.setXmlVersion(version),
    setExternalEntities: (entities) => decoder.setExternalEntities(entities),
    // The library calls this for every DOCTYPE it reads, with or without entities.
    addInputEntities: () => {
      throw new DoctypeRefused();
    },
  };
}

/**
 * Builds a parser whose `isArray` answers from `arrayPaths`: dotted element paths from the root (the generator's
 * `xmlArrayPaths`, e.g. "QueueMessagesList.QueueMessage"), so a repeated element is an array even with one item.
 * Build it once and reuse it: parsing is synchronous, so one instance serves every call.
 *
 * @example
 * const parser = createXmlParser(["SignedIdentifiers.SignedIdentifier"]);
 * parser.parse("<SignedIdentifiers><SignedIdentifier><Id>a</Id></SignedIdentifier></SignedIdentifiers>");
 * // { root: "SignedIdentifiers", value: { SignedIdentifier: [{ Id: "a" }] } }
 */
export function createXmlParser(arrayPaths: Iterable<string>): XmlTreeParser {
  const paths = new Set<string>();
  const lastNames = new Set<string>();
  for (const path of arrayPaths) {
    const names = path.split(".").map(escapeTagName);
    paths.add(names.join("."));
    lastNames.add(names[names.length - 1]!);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    textNodeName: TEXT_KEY,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Entity processing on (the default, stated because everything below depends on it), through our decoder.
    processEntities: true,
    htmlEntities: false,
    entityDecoder: createEntityDecoder(),
    transformTagName: escapeTagName,
    // A matcher instead of a path string: the library then builds no path strings of its own on every element.
    jPath: false,
    isArray: (tagName, matcher, _isLeaf, isAttribute) =>
      !isAttribute && lastNames.has(tagName) && paths.has(matcher.toString()),
  });
  return { parse: (text) => parseTree(parser, text) };
}

function parseTree(parser: XMLParser, text: string): { root: string; value: XmlTreeValue } {
  if (BLANK.test(text)) throw new ResponseParseError("the body is empty");
  let tree: XmlTreeObject;
  try {
    tree = parser.parse(text) as XmlTreeObject;
  } catch (error) {
    if (error instanceof DoctypeRefused) {
      throw new ResponseParseError("the body has a DOCTYPE, which the service never sends (an HTML page?)");
    }
    throw new ResponseParseError(`the body is not well-formed XML (${structuralReason(error)})`);
  }
  const roots = Object.keys(tree).filter((key) => key !== TEXT_KEY);
  if (roots.length === 0) throw new ResponseParseError("the body has no XML element");
  const rootKey = roots[0]!;
  const root = unescapeTagName(rootKey);
  const value = tree[rootKey]!;
  if (roots.length > 1 || Array.isArray(value)) throw new ResponseParseError("the body has more than one root element");
  if (!endsWithRoot(text, root, value)) throw new ResponseParseError(`the body ends before </${root}> (truncated?)`);
  return { root, value };
}

const BLANK = /^\s*$/;

/**
 * The library's message, cut before anything it quotes from the document (it appends a "Context:" excerpt to some),
 * with its internal function name replaced.
 */
function structuralReason(error: unknown): string {
  const message = error instanceof Error ? error.message : "unknown error";
  const structural = message.split(/ Context:|"/, 1)[0]!.trim().replace(/[.:]$/, "");
  return structural.replace(/^readTagExp returned undefined/, "unterminated tag").slice(0, 120);
}

function endsWithRoot(text: string, root: string, value: XmlTreeValue): boolean {
  const end = text.trimEnd();
  if (!end.endsWith(">")) return false;
  const lastEndTag = end.lastIndexOf("</");
  if (lastEndTag !== -1 && end.slice(lastEndTag + 2, -1).trimEnd() === root) return true;
  // `<Root/>` or `<Root a="1"/>`: then the root has no child element.
  return end.endsWith("/>") && (typeof value === "string" || Object.keys(value).every(isAttributeOrText));
}

function isAttributeOrText(key: string): boolean {
  return key === TEXT_KEY || key.startsWith(ATTRIBUTE_PREFIX);
}

/** The parser for every document of the spec, built once from the generator's array paths. */
const specParser = createXmlParser(xmlArrayPaths);

/**
 * Reads `text` as the document `doc` describes with fast-xml-parser and returns the typed object of its schema (the
 * root's content; for a list document such as `QueueMessagesList`, the array of its items).
 *
 * @param parser defaults to the one built from the spec's `xmlArrayPaths`.
 * @throws ResponseParseError naming what is wrong: an empty or non-XML body, a truncated document, a root element
 *   other than `doc.root`, a missing required element or a value of the wrong type (with its path).
 * @example
 * const acl = parseWithFastXmlParser(body, xmlDocuments.SignedIdentifiers) as SignedIdentifier[];
 */
export function parseWithFastXmlParser(text: string, doc: XmlDocumentSpec, parser: XmlTreeParser = specParser): unknown {
  let tree: { root: string; value: XmlTreeValue };
  try {
    tree = parser.parse(text);
  } catch (error) {
    if (error instanceof ResponseParseError) throw new ResponseParseError(`expected a <${doc.root}> document, but ${error.message}`);
    throw error;
  }
  if (tree.root !== doc.root) {
    throw new ResponseParseError(`expected a <${doc.root}> document, but its root element is <${tree.root.slice(0, 64)}>`);
  }
  return fromXmlShape(doc.shape, tree.value, doc.root);
}

const builder = new Builder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_KEY,
  processEntities: false,
  suppressBooleanAttributes: false,
  suppressEmptyNode: false,
  format: false,
  // toXmlShape hands over strings only.
  tagValueProcessor: (_name, value) => escapeXmlText(value as string),
  attributeValueProcessor: (_name, value) => escapeXmlAttribute(value as string),
});

/**
 * Writes `value` as the document `doc` describes with fast-xml-builder: the XML declaration, then the root element.
 *
 * @throws ValidationError before anything is built when a value does not fit the schema (rule `xml-value`), or a
 *   string holds a character XML 1.0 cannot carry (rule `xml-chars`; send such data base64-encoded).
 * @example
 * buildWithFastXmlBuilder(xmlDocuments.SignedIdentifiers, [{ Id: "read" }]);
 * // '<?xml version="1.0" encoding="utf-8"?><SignedIdentifiers><SignedIdentifier><Id>read</Id></SignedIdentifier></SignedIdentifiers>'
 */
export function buildWithFastXmlBuilder(doc: XmlDocumentSpec, value: unknown): string {
  const tree: XmlTreeObject = Object.create(null);
  tree[doc.root] = toXmlShape(doc.shape, value, doc.root);
  return XML_DECLARATION + (builder.build(tree) as string);
}
