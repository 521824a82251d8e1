/**
 * A hand-written writer for the request body of Messages_Put and Messages_Update
 * (`<QueueMessage><MessageText>...</MessageText></QueueMessage>`), the one document a busy client writes: with it,
 * sending a message needs neither fast-xml-builder nor the schema mapping, so a browser program that only sends and
 * receives messages never loads them.
 *
 * It is an optimisation, not a second builder: it writes exactly what `buildXmlDocument`'s fast-xml-builder path
 * writes, byte for byte, or returns `undefined` ("give up") for anything it does not handle, and then that path runs
 * and produces the document or the error. It handles documents whose root holds only string elements (in the spec,
 * QueueMessage), given an object whose values for them are strings (or absent, where optional); it gives up on
 * anything else: another document, a value that is not a plain object, a missing required or non-string value.
 */
import type { XmlDocumentSpec } from "../operation/operation-spec.js";
import { XML_DECLARATION, escapeXmlText } from "./writing.js";
import { assertXmlChars } from "./xml-chars.js";

/** One element of the document, with its tags and its error path written out once. */
interface WriteField {
  /** The property name in the typed object. */
  readonly name: string;
  readonly open: string;
  readonly close: string;
  /** `Root.Element`, as the schema mapping names it in errors. */
  readonly path: string;
  readonly required: boolean;
}

interface WritePlan {
  /** The declaration and the root's start tag. */
  readonly open: string;
  readonly close: string;
  readonly fields: readonly WriteField[];
}

// Specs are module constants, so each is planned once; `null` remembers a document the writer cannot write.
const plans = new WeakMap<XmlDocumentSpec, WritePlan | null>();

/**
 * Whether `doc` has the shape the writer writes: a root holding string elements only (no attributes, no nesting,
 * no free-named entries). In the spec, exactly QueueMessage.
 *
 * @example
 * canWriteQueueMessage(xmlDocuments.QueueMessage); // true
 * canWriteQueueMessage(xmlDocuments.SignedIdentifiers); // false
 */
export function canWriteQueueMessage(doc: XmlDocumentSpec): boolean {
  return planOf(doc) !== null;
}

/**
 * Writes `value` as `doc` the way `buildXmlDocument` would (the declaration, then the root), or returns `undefined`
 * when `doc` or `value` is not one the writer handles.
 *
 * @throws ValidationError (rule `xml-chars`) as the schema mapping does, when a string holds a character XML 1.0
 *   cannot carry: that needs no library to report.
 * @example
 * writeQueueMessage(xmlDocuments.QueueMessage, { MessageText: "a < b" });
 * // '<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>a &lt; b</MessageText></QueueMessage>'
 */
export function writeQueueMessage(doc: XmlDocumentSpec, value: unknown): string | undefined {
  const plan = planOf(doc);
  if (plan === null || typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const source = value as Record<string, unknown>;
  let xml = plan.open;
  for (const field of plan.fields) {
    // Read as the schema mapping reads it: own properties only, null and undefined alike mean absent.
    const text = Object.hasOwn(source, field.name) ? source[field.name] : undefined;
    if (text === undefined || text === null) {
      if (field.required) return undefined;
      continue;
    }
    if (typeof text !== "string") return undefined;
    assertXmlChars(text, field.path);
    xml += field.open + escapeXmlText(text) + field.close;
  }
  return xml + plan.close;
}

function planOf(doc: XmlDocumentSpec): WritePlan | null {
  let plan = plans.get(doc);
  if (plan === undefined) {
    plan = buildPlan(doc);
    plans.set(doc, plan);
  }
  return plan;
}

function buildPlan(doc: XmlDocumentSpec): WritePlan | null {
  const { shape, root } = doc;
  if (shape.type !== "object" || shape.additionalStrings) return null;
  const fields: WriteField[] = [];
  for (const property of shape.properties) {
    if (property.attribute || property.shape.type !== "string") return null;
    const name = property.xmlName;
    fields.push({ name: property.name, open: `<${name}>`, close: `</${name}>`, path: `${root}.${name}`, required: property.required });
  }
  return { open: `${XML_DECLARATION}<${root}>`, close: `</${root}>`, fields };
}
