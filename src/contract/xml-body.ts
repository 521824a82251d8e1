/**
 * Reads an XML body into the JSON value its schema describes, following the spec's `xml` objects, so that the
 * value can then be checked against the same schema. Deliberately independent of src/xml (the client's fast
 * paths, which the validator checks): one generic fast-xml-parser pass, then a walk driven by the schema.
 *
 * Naming rules (OpenAPI `xml` object): the root element is the schema's `xml.name`, else its component name; a
 * property's element is its own `xml.name`, else the property name; `xml.attribute` reads an attribute; an array
 * item's element is the items' `xml.name` (after `$ref`), else the component name of the items, else the property
 * name; `xml.wrapped` puts the items inside an element named by the array.
 *
 * XML is read as a closed world: an element, attribute or text the schema has no place for is reported, unless
 * the object has `additionalProperties` (then extra child elements become its free entries, e.g. metadata).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { referencedSchemaName, type SchemaObject } from "./openapi-document.js";
import type { SchemaProblem } from "./schema-check.js";
import { schemaType } from "./schema-check.js";

/** Element keys carry this mark, so that names such as `constructor` are plain strings to the parser. */
const ELEMENT = "<";
const ATTRIBUTE = "@";
const TEXT = "#text";

type XmlNode = { readonly [key: string]: XmlNode[] | string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  // Idempotent: the parser applies it twice to self-closing tags.
  transformTagName: (name) => (name.startsWith(ELEMENT) ? name : `${ELEMENT}${name}`),
});

export interface XmlReadResult {
  /** The root element's name, once the body was read that far. */
  readonly root?: string;
  readonly value?: unknown;
  /** `at`: the dotted path of elements from the root, e.g. `QueueMessage.MessageText`. */
  readonly problems: readonly SchemaProblem[];
}

export function readXmlBody(text: string, schema: SchemaObject, resolve: (schema: SchemaObject) => SchemaObject): XmlReadResult {
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) return { problems: [{ at: "", message: `is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})` }] };
  const document = parser.parse(text) as XmlNode;
  const roots = elementEntries(document);
  const expected = resolve(schema).xml?.name ?? referencedSchemaName(schema);
  if (!expected) return { problems: [{ at: "", message: "cannot be checked: its schema names no root element (no xml.name, not a component)" }] };
  if (roots.length !== 1 || roots[0]![1].length !== 1) return { problems: [{ at: "", message: `must have one root element <${expected}>` }] };
  const [rootName, [rootNode]] = roots[0]!;
  if (rootName !== expected) return { problems: [{ at: "", message: `has the root element <${rootName}>; the spec expects <${expected}>` }] };
  const problems: SchemaProblem[] = [];
  const reader = new SchemaReader(resolve, problems);
  const resolved = resolve(schema);
  const value =
    schemaType(resolved, resolve) === "array"
      ? reader.wrappedItems(rootNode!, resolved, rootName, rootName)
      : reader.value(rootNode!, resolved, rootName);
  return { root: rootName, value, problems };
}

function elementEntries(node: XmlNode): [string, XmlNode[]][] {
  return Object.entries(node)
    .filter((entry): entry is [string, XmlNode[]] => entry[0].startsWith(ELEMENT))
    .map(([key, nodes]) => [key.slice(ELEMENT.length), nodes]);
}

function textOf(node: XmlNode): string {
  const text = node[TEXT];
  return typeof text === "string" ? text : "";
}

class SchemaReader {
  constructor(
    private readonly resolve: (schema: SchemaObject) => SchemaObject,
    private readonly problems: SchemaProblem[],
  ) {}

  value(node: XmlNode, schema: SchemaObject, where: string): unknown {
    const resolved = this.resolve(schema);
    switch (schemaType(resolved, this.resolve)) {
      case "object":
        return this.object(node, resolved, where);
      case "array":
        this.problems.push({ at: where, message: `an array must be a property (wrapped or not) or the root` });
        return undefined;
      default:
        return this.scalar(node, resolved, where);
    }
  }

  scalar(node: XmlNode, schema: SchemaObject, where: string): unknown {
    const children = elementEntries(node);
    if (children.length > 0) this.problems.push({ at: where, message: `expected text, found element <${children[0]![0]}>` });
    const text = textOf(node);
    switch (schemaType(schema, this.resolve)) {
      case "integer":
        return /^-?\d+$/.test(text) ? Number(text) : text;
      case "number":
        return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
      case "boolean":
        return text === "true" ? true : text === "false" ? false : text;
      default:
        return text;
    }
  }

  object(node: XmlNode, schema: SchemaObject, where: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    if (textOf(node).trim() !== "") this.problems.push({ at: where, message: `unexpected text ${JSON.stringify(textOf(node).trim())}` });
    const claimed = new Set<string>();
    for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
      const resolved = this.resolve(propertySchema);
      const name = propertySchema.xml?.name ?? property;
      if (propertySchema.xml?.attribute ?? resolved.xml?.attribute) {
        const attribute = node[`${ATTRIBUTE}${name}`];
        if (typeof attribute === "string") result[property] = this.scalar({ [TEXT]: attribute }, resolved, `${where}.${name}`);
        claimed.add(`${ATTRIBUTE}${name}`);
        continue;
      }
      if (schemaType(resolved, this.resolve) === "array") {
        const wrapped = propertySchema.xml?.wrapped ?? resolved.xml?.wrapped ?? false;
        const wrapperName = wrapped ? (propertySchema.xml?.name ?? resolved.xml?.name ?? property) : name;
        if (wrapped) {
          const wrappers = this.children(node, wrapperName, claimed);
          if (wrappers.length > 1) this.problems.push({ at: where, message: `<${wrapperName}> appears ${wrappers.length} times` });
          if (wrappers[0]) result[property] = this.wrappedItems(wrappers[0], resolved, property, `${where}.${wrapperName}`);
        } else {
          const itemName = this.itemName(resolved, property);
          const items = this.children(node, itemName, claimed);
          if (items.length > 0) result[property] = items.map((item, i) => this.value(item, resolved.items ?? {}, `${where}.${itemName}[${i}]`));
        }
        continue;
      }
      const elements = this.children(node, name, claimed);
      if (elements.length === 1) result[property] = this.value(elements[0]!, resolved, `${where}.${name}`);
      // Several: kept as a list, so the schema check reports the wrong type.
      else if (elements.length > 1) result[property] = elements.map((element, i) => this.value(element, resolved, `${where}.${name}[${i}]`));
    }
    const additional = schema.additionalProperties;
    for (const [key, value] of Object.entries(node)) {
      if (claimed.has(key) || key === TEXT) continue;
      if (key.startsWith(ATTRIBUTE)) {
        if (!key.startsWith(`${ATTRIBUTE}xmlns`)) this.problems.push({ at: `${where}.${key.slice(ATTRIBUTE.length)}`, message: "is an attribute the spec does not declare" });
        continue;
      }
      const name = key.slice(ELEMENT.length);
      if (additional === undefined || additional === false) {
        this.problems.push({ at: `${where}.${name}`, message: "is not declared by the spec" });
        continue;
      }
      const elements = value as XmlNode[];
      const entrySchema = additional === true ? { type: "string" } : additional;
      const entries = elements.map((element) => this.value(element, entrySchema, `${where}.${name}`));
      result[name] = entries.length === 1 ? entries[0] : entries;
    }
    return result;
  }

  wrappedItems(wrapper: XmlNode, arraySchema: SchemaObject, property: string, where: string): unknown[] {
    if (textOf(wrapper).trim() !== "") this.problems.push({ at: where, message: `unexpected text ${JSON.stringify(textOf(wrapper).trim())}` });
    const itemName = this.itemName(arraySchema, property);
    const claimed = new Set<string>();
    const items = this.children(wrapper, itemName, claimed).map((item, i) => this.value(item, arraySchema.items ?? {}, `${where}.${itemName}[${i}]`));
    for (const key of Object.keys(wrapper)) {
      if (key.startsWith(ELEMENT) && !claimed.has(key)) this.problems.push({ at: `${where}.${key.slice(ELEMENT.length)}`, message: "is not declared by the spec" });
    }
    return items;
  }

  private itemName(arraySchema: SchemaObject, property: string): string {
    const items = arraySchema.items ?? {};
    return items.xml?.name ?? this.resolve(items).xml?.name ?? referencedSchemaName(items) ?? property;
  }

  private children(node: XmlNode, name: string, claimed: Set<string>): XmlNode[] {
    const key = `${ELEMENT}${name}`;
    claimed.add(key);
    const value = node[key];
    return Array.isArray(value) ? value : [];
  }
}
