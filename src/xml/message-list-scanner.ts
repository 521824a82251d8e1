/**
 * A hand-written reader for the message lists (the answers to Messages_Put, Messages_Get and Messages_Peek),
 * the bodies a busy client reads most: fast-xml-parser spends most of a 32-message get's CPU building its object
 * tree, which the schema mapping then walks again. The scanner reads the compact XML the service and Azurite write
 * in one pass of `startsWith`/`indexOf` and builds the typed objects directly.
 *
 * It is an optimisation, not a second parser: it returns exactly what the fast-xml-parser configuration
 * (`parseWithFastXmlParser`) returns, or `undefined` ("give up") for anything it does not fully understand, and then
 * that path runs and produces the result or the error. It needs no library, so a program that only sends and
 * receives messages never loads one. It gives up on: any declaration but the usual `<?xml version="1.0" ...?>`, a
 * BOM, a raw CR (the parser normalises line ends), whitespace or text between elements, comments, CDATA, processing
 * instructions, DOCTYPE, attributes, self-closing elements other than an empty root, unknown or repeated elements,
 * a missing element, an integer the schema mapping would refuse, entities other than the five XML ones, `&#X`, numeric
 * references to characters XML 1.0 forbids, a stray `&`, and anything after the root's end tag (truncation
 * included). It never throws.
 */
import type { XmlDocumentSpec, XmlShape } from "../operation/operation-spec.js";

/** One element of a list item, with its tags written out once so scanning only compares strings. */
interface ScanField {
  /** The property name in the typed object. */
  readonly name: string;
  readonly open: string;
  readonly close: string;
  readonly integer: boolean;
  readonly required: boolean;
}

/** The tags of one list document, built once per document spec. */
interface ScanPlan {
  readonly open: string;
  readonly close: string;
  /** `<Root/>`: how an empty list may come, read by the parser as an empty root. */
  readonly empty: string;
  readonly itemOpen: string;
  readonly itemClose: string;
  readonly fields: readonly ScanField[];
  /** Bit i set: fields[i] is required. */
  readonly required: number;
}

/**
 * The declarations the service and Azurite write. The parser reads a declaration's version (1.1 would change which
 * numeric references it decodes), so only these known 1.0 forms are skipped; any other goes to the parser.
 */
const DECLARATIONS: ReadonlySet<string> = new Set([
  '<?xml version="1.0" encoding="utf-8"?>',
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
]);

const SLASH = 0x2f;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

// Specs are module constants, so each is planned once; `null` remembers a document the scanner cannot read.
const plans = new WeakMap<XmlDocumentSpec, ScanPlan | null>();

/**
 * Whether `doc` has the shape the scanner reads: a root element holding repeated items, each a flat record of
 * string and integer elements (no attributes, no nesting, no free-named entries). In the spec, exactly the three
 * message lists (EnqueuedMessagesList, DequeuedMessagesList, PeekedMessagesList).
 *
 * @example
 * canScanMessageList(xmlDocuments.DequeuedMessagesList); // true
 * canScanMessageList(xmlDocuments.ListQueuesResult); // false
 */
export function canScanMessageList(doc: XmlDocumentSpec): boolean {
  return planOf(doc) !== null;
}

/**
 * Reads a message-list body as `parseXmlDocument` would (the array of typed messages, integers as numbers, text
 * with its references decoded), or returns `undefined` when the body holds anything the scanner does not handle,
 * or when `doc` is not a list it can read. Never throws: errors are the parser's to report.
 *
 * @example
 * const messages = scanMessageList(body, doc) ?? (await parseWithXmlLibrary(body, doc));
 */
export function scanMessageList(text: string, doc: XmlDocumentSpec): Record<string, unknown>[] | undefined {
  const plan = planOf(doc);
  if (plan === null || text.indexOf("\r") !== -1) return undefined;
  let at = 0;
  if (text.startsWith("<?")) {
    const end = text.indexOf("?>");
    if (end === -1 || !DECLARATIONS.has(text.slice(0, end + 2))) return undefined;
    at = end + 2;
  }
  if (text.startsWith(plan.empty, at)) return at + plan.empty.length === text.length ? [] : undefined;
  if (!text.startsWith(plan.open, at)) return undefined;
  at += plan.open.length;
  const { fields } = plan;
  const items: Record<string, unknown>[] = [];
  // The next `&` at or after the current value, found once per stretch of text rather than once per value.
  let ampersand = -1;
  while (!text.startsWith(plan.close, at)) {
    if (!text.startsWith(plan.itemOpen, at)) return undefined;
    at += plan.itemOpen.length;
    const item: Record<string, unknown> = {};
    let seen = 0;
    // Writers emit the fields in schema order, so the one after the last is tried first.
    let next = 0;
    // `</` ends the item (checked below); any other tag must open a field.
    while (text.charCodeAt(at + 1) !== SLASH) {
      const index = fieldAt(text, at, fields, next);
      if (index === -1 || (seen & (1 << index)) !== 0) return undefined;
      const field = fields[index]!;
      const start = at + field.open.length;
      const end = text.indexOf("<", start);
      if (end === -1 || !text.startsWith(field.close, end)) return undefined;
      let value: string | number | undefined = text.slice(start, end);
      if (ampersand < start) {
        ampersand = text.indexOf("&", start);
        if (ampersand === -1) ampersand = text.length;
      }
      if (ampersand < end) value = decodeReferences(value);
      if (value !== undefined && field.integer) value = toInteger(value);
      if (value === undefined) return undefined;
      item[field.name] = value;
      seen |= 1 << index;
      at = end + field.close.length;
      next = index + 1;
    }
    // A missing required element is the parser's error to word (with its path).
    if ((seen & plan.required) !== plan.required || !text.startsWith(plan.itemClose, at)) return undefined;
    at += plan.itemClose.length;
    items.push(item);
  }
  return at + plan.close.length === text.length ? items : undefined;
}

function fieldAt(text: string, at: number, fields: readonly ScanField[], next: number): number {
  if (next < fields.length && text.startsWith(fields[next]!.open, at)) return next;
  for (let i = 0; i < fields.length; i++) {
    if (text.startsWith(fields[i]!.open, at)) return i;
  }
  return -1;
}

/**
 * Decodes the references the parser's decoder decodes identically: the five XML entities and numeric references
 * (lower-case `x` for hex, a few digits) to characters XML 1.0 allows. Anything else gives up, including the
 * references the decoder leaves as written (unknown names) or drops (C0 controls, surrogates).
 */
function decodeReferences(raw: string): string | undefined {
  let out = "";
  let last = 0;
  for (let amp = raw.indexOf("&"); amp !== -1; amp = raw.indexOf("&", last)) {
    const semicolon = raw.indexOf(";", amp + 1);
    if (semicolon === -1 || semicolon - amp > 10) return undefined;
    const decoded = decodeReference(raw, amp + 1, semicolon);
    if (decoded === undefined) return undefined;
    out += raw.slice(last, amp) + decoded;
    last = semicolon + 1;
  }
  return out + raw.slice(last);
}

function decodeReference(raw: string, start: number, end: number): string | undefined {
  if (raw.charCodeAt(start) !== 0x23 /* # */) {
    const name = raw.slice(start, end);
    return Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : undefined;
  }
  const hex = raw.charCodeAt(start + 1) === 0x78; /* x */
  const first = hex ? start + 2 : start + 1;
  if (first === end) return undefined;
  let codePoint = 0;
  for (let i = first; i < end; i++) {
    const digit = digitValue(raw.charCodeAt(i), hex);
    if (digit === -1) return undefined;
    codePoint = codePoint * (hex ? 16 : 10) + digit;
  }
  return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : undefined;
}

function digitValue(code: number, hex: boolean): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (!hex) return -1;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** XML 1.0 `Char`, the code points the parser's decoder turns into text as they are. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** The schema mapping's integer rule (`-?[0-9]+`, a safe integer), read the same way (`Number`, so "-0" is -0). */
function toInteger(text: string): number | undefined {
  const first = text.charCodeAt(0) === 0x2d /* - */ ? 1 : 0;
  if (first === text.length) return undefined;
  for (let i = first; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function planOf(doc: XmlDocumentSpec): ScanPlan | null {
  let plan = plans.get(doc);
  if (plan === undefined) {
    plan = buildPlan(doc);
    plans.set(doc, plan);
  }
  return plan;
}

function buildPlan(doc: XmlDocumentSpec): ScanPlan | null {
  const shape = doc.shape;
  if (shape.type !== "array" || !shape.wrapped || shape.items.type !== "object" || shape.items.additionalStrings) return null;
  const fields: ScanField[] = [];
  for (const property of shape.items.properties) {
    if (property.attribute || !isText(property.shape)) return null;
    const name = property.xmlName;
    fields.push({ name: property.name, open: `<${name}>`, close: `</${name}>`, integer: property.shape.type === "integer", required: property.required });
  }
  // Fields seen and required are tracked as bits of one number.
  if (fields.length > 30) return null;
  const required = fields.reduce((bits, field, i) => (field.required ? bits | (1 << i) : bits), 0);
  const item = shape.itemName;
  return { open: `<${doc.root}>`, close: `</${doc.root}>`, empty: `<${doc.root}/>`, itemOpen: `<${item}>`, itemClose: `</${item}>`, fields, required };
}

function isText(shape: XmlShape): boolean {
  return shape.type === "string" || shape.type === "integer";
}
