/**
 * Schema-driven mapping between the parser's object tree and the typed objects of `generated/schema.ts`, led by
 * the `XmlShape` the generator derives from each schema. Reading is strict about what the types promise (integers,
 * booleans, required elements) and lenient about what they do not mention (unknown elements are ignored).
 */
import type { XmlShape } from "../operation/operation-spec.js";
import { ResponseParseError, ValidationError } from "../errors.js";
import { ATTRIBUTE_PREFIX, TEXT_KEY, escapeTagName, unescapeTagName, type XmlTreeObject, type XmlTreeValue } from "./tree.js";
import { assertXmlChars } from "./xml-chars.js";

type ArrayShape = Extract<XmlShape, { type: "array" }>;
type ObjectShape = Extract<XmlShape, { type: "object" }>;

/** The `ValidationError.rule` for a value that does not fit its schema. */
export const XML_VALUE_RULE = "xml-value";

const INTEGER = /^-?[0-9]+$/;
const BLANK = /^\s*$/;
// XML 1.0 `Name` without ":" (a colon would declare a namespace prefix).
const XML_NAME =
  // eslint-disable-next-line no-misleading-character-class -- U+200C and U+200D are name characters on their own
  /^[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][-.0-9A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]*$/u;

/**
 * Turns one element's value in the parser's tree into the typed value `shape` describes. `path` names the element
 * in errors (e.g. `QueueMessagesList.QueueMessage[3].PopReceipt`); the element's content is never quoted, since a
 * response may echo what the caller sent.
 *
 * Integers must be decimal digits, booleans exactly `true` or `false`, strings are kept as they are (never trimmed);
 * an array is always an array (one item included, none when its wrapper is missing); metadata maps
 * (`additionalStrings`) come back as null-prototype records.
 *
 * @throws ResponseParseError when the tree does not fit the shape.
 * @example
 * fromXmlShape({ type: "integer" }, "12", "QueueMessage.DequeueCount"); // 12
 */
export function fromXmlShape(shape: XmlShape, node: XmlTreeValue | undefined, path = ""): unknown {
  switch (shape.type) {
    case "string":
      return readText(node, path);
    case "integer": {
      const text = readText(node, path);
      const value = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(value)) throw new ResponseParseError(`${path} is not an integer`);
      return value;
    }
    case "boolean": {
      const text = readText(node, path);
      if (text === "true") return true;
      if (text === "false") return false;
      throw new ResponseParseError(`${path} is not "true" or "false"`);
    }
    case "object":
      return readObject(shape, node, path);
    case "array":
      return readItems(shape, node, path);
  }
}

function readText(node: XmlTreeValue | undefined, path: string): string {
  if (typeof node === "string") return node;
  if (node === undefined) throw new ResponseParseError(`${path} is missing`);
  if (Array.isArray(node)) throw new ResponseParseError(`${path} is repeated where one element is expected`);
  // An element with attributes: its text, if any, sits under TEXT_KEY.
  for (const key in node) {
    if (key !== TEXT_KEY && !key.startsWith(ATTRIBUTE_PREFIX)) {
      throw new ResponseParseError(`${path} has child elements where text is expected`);
    }
  }
  const text = node[TEXT_KEY];
  return typeof text === "string" ? text : "";
}

/** The element's content as an object: an empty element (`""`) or one holding only whitespace has no children. */
function contentObject(node: XmlTreeValue | undefined, path: string): XmlTreeObject | undefined {
  if (node === undefined) return undefined;
  if (typeof node === "string") {
    if (BLANK.test(node)) return undefined;
    throw new ResponseParseError(`${path} has text where child elements are expected`);
  }
  if (Array.isArray(node)) throw new ResponseParseError(`${path} is repeated where one element is expected`);
  return node;
}

function readObject(shape: ObjectShape, node: XmlTreeValue | undefined, path: string): Record<string, unknown> {
  const content = contentObject(node, path) ?? {};
  const result: Record<string, unknown> = shape.additionalStrings ? Object.create(null) : {};
  for (const property of shape.properties) {
    const propertyShape = property.shape;
    if (propertyShape.type === "array" && !property.attribute) {
      const containerPath = propertyShape.wrapped ? `${path}.${property.xmlName}` : path;
      const container = propertyShape.wrapped ? content[escapeTagName(property.xmlName)] : content;
      result[property.name] = readItems(propertyShape, container, containerPath);
      continue;
    }
    const key = property.attribute ? ATTRIBUTE_PREFIX + property.xmlName : escapeTagName(property.xmlName);
    const childPath = property.attribute ? `${path}.@${property.xmlName}` : `${path}.${property.xmlName}`;
    const child = content[key];
    if (child === undefined) {
      if (property.required) throw new ResponseParseError(`${childPath} is missing`);
      continue;
    }
    result[property.name] = fromXmlShape(propertyShape, child, childPath);
  }
  if (shape.additionalStrings) {
    // Text beside the entries is no entry at all (Azurite writes a metadata name "_" that way): refuse it rather
    // than return a map that silently lacks an entry. Indentation between elements is fine.
    const loose = content[TEXT_KEY];
    if (typeof loose === "string" && loose.trim() !== "") throw new ResponseParseError(`${path} holds text outside its elements`);
    for (const key of Object.keys(content)) {
      if (key === TEXT_KEY || key.startsWith(ATTRIBUTE_PREFIX)) continue;
      const name = unescapeTagName(key);
      if (shape.properties.some((p) => !p.attribute && p.xmlName === name)) continue;
      result[name] = readText(content[key], `${path}.${name}`);
    }
  }
  return result;
}

function readItems(shape: ArrayShape, container: XmlTreeValue | undefined, path: string): unknown[] {
  const content = contentObject(container, path);
  const raw = content?.[escapeTagName(shape.itemName)];
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const itemPath = `${path}.${shape.itemName}`;
  return items.map((item, index) => fromXmlShape(shape.items, item, `${itemPath}[${index}]`));
}

/**
 * Turns a typed value into the tree fast-xml-builder writes, following `shape`; the reverse of `fromXmlShape`.
 * Every string is checked for characters XML 1.0 cannot carry here, before anything is built.
 *
 * @throws ValidationError (rule `xml-value`, `xml-chars` or `xml-name`) naming `path`.
 * @example
 * toXmlShape(queueMessageShape, { MessageText: "hello" }, "QueueMessage"); // { MessageText: "hello" }
 */
export function toXmlShape(shape: XmlShape, value: unknown, path = ""): XmlTreeValue {
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") throw invalid(path, "a string");
      assertXmlChars(value, path);
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) throw invalid(path, "an integer");
      return String(value);
    case "boolean":
      if (typeof value !== "boolean") throw invalid(path, "a boolean");
      return value ? "true" : "false";
    case "object":
      return writeObject(shape, value, path);
    case "array":
      return writeItems(shape, value, path);
  }
}

function writeObject(shape: ObjectShape, value: unknown, path: string): XmlTreeObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(path, "an object");
  const source = value as Record<string, unknown>;
  // Null prototype: a metadata name such as `__proto__` must become an own key, not a prototype change.
  const out: XmlTreeObject = Object.create(null);
  for (const property of shape.properties) {
    const childPath = property.attribute ? `${path}.@${property.xmlName}` : `${path}.${property.xmlName}`;
    const child = Object.hasOwn(source, property.name) ? source[property.name] : undefined;
    if (child === undefined || child === null) {
      if (property.required) throw new ValidationError(XML_VALUE_RULE, `${childPath} is required`);
      continue;
    }
    const propertyShape = property.shape;
    if (property.attribute) {
      out[ATTRIBUTE_PREFIX + property.xmlName] = toXmlShape(propertyShape, child, childPath);
    } else if (propertyShape.type === "array" && !propertyShape.wrapped) {
      out[propertyShape.itemName] = writeItems(propertyShape, child, path)[propertyShape.itemName] as XmlTreeValue;
    } else {
      out[property.xmlName] = toXmlShape(propertyShape, child, childPath);
    }
  }
  if (shape.additionalStrings) {
    for (const name of Object.keys(source)) {
      if (shape.properties.some((p) => p.name === name)) continue;
      if (!XML_NAME.test(name)) throw new ValidationError("xml-name", `${path} has a key that is not an XML element name`);
      out[name] = toXmlShape({ type: "string" }, source[name], `${path}.${name}`);
    }
  }
  return out;
}

function writeItems(shape: ArrayShape, value: unknown, path: string): XmlTreeObject {
  if (!Array.isArray(value)) throw invalid(path, "an array");
  const itemPath = `${path}.${shape.itemName}`;
  const out: XmlTreeObject = Object.create(null);
  out[shape.itemName] = value.map((item: unknown, index) => toXmlShape(shape.items, item, `${itemPath}[${index}]`));
  return out;
}

function invalid(path: string, expected: string): ValidationError {
  return new ValidationError(XML_VALUE_RULE, `${path} must be ${expected}`);
}
