/**
 * The message-list scanner is an optimisation of parseXmlDocument, so it is held to one rule: on any text,
 * parseXmlDocument (scanner first) answers exactly as the fast-xml-parser configuration alone does, the same value or
 * the same error, and the scanner really reads the compact lists servers write.
 *
 * Cases: random message lists serialised as Azurite writes them (with every escaping choice a writer may make), and
 * the same lists perturbed (comments, CDATA, whitespace, attributes, unknown elements and entities, truncation, BOM,
 * self-closing and duplicated elements, wrong integers, raw markup). AZQUEUE_SCANNER_RUNS sets the cases per
 * property (3,000 by default); AZQUEUE_PROPERTY_SEED replays a failure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xmlDocuments } from "../../generated/operations.js";
import type { XmlDocumentSpec, XmlProperty } from "../../src/operation/operation-spec.js";
import { canScanMessageList, scanMessageList } from "../../src/xml/message-list-scanner.js";
import { parseWithFastXmlParser } from "../../src/xml/xml-library.js";
import { Tally, propertyParameters } from "../property/runs.js";
import { parseXmlDocument } from "./xml-documents.js";

const RUNS = Number(process.env.AZQUEUE_SCANNER_RUNS ?? "") || 3000;
const SPEC_LISTS = [xmlDocuments.EnqueuedMessagesList, xmlDocuments.DequeuedMessagesList, xmlDocuments.PeekedMessagesList];

/** The dequeued list with every other field optional: the spec has no optional field, the scanner supports them. */
const optionalFieldsList: XmlDocumentSpec = (() => {
  const { shape } = xmlDocuments.DequeuedMessagesList;
  const properties = shape.items.properties.map((property, i) => ({ ...property, required: i % 2 === 1 }));
  return { ...xmlDocuments.DequeuedMessagesList, schema: "OptionalFieldsList", shape: { ...shape, items: { ...shape.items, properties } } };
})();
const LISTS = [...SPEC_LISTS, optionalFieldsList];
const DECLARATIONS = ["", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<?xml version="1.0" encoding="utf-8"?>'];

function fieldsOf(doc: XmlDocumentSpec): readonly XmlProperty[] {
  if (doc.shape.type !== "array" || doc.shape.items.type !== "object") throw new Error(`${doc.schema} is not a list`);
  return doc.shape.items.properties;
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
}

/** One character of a value and how the writer spells it (a choice among the spellings XML allows). */
const textUnit = fc.tuple(
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 3, arbitrary: fc.constantFrom("&", "<", ">", '"', "'", "\r", "\n", "\t", " ", ";", "#", "]]>", "\uFEFF", "😀") },
    // Every code point, lone surrogates and C0 controls included: a reader keeps raw text as it is.
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  ),
  fc.nat(9),
);

/** How Azurite or the service may write `char`: `&` and `<` always escaped, `\r` as a reference, others at will. */
function spell(char: string, choice: number): string {
  const cp = char.codePointAt(0)!;
  if (char === "&") return ["&amp;", "&#38;", "&#x26;"][choice % 3]!;
  if (char === "<") return ["&lt;", "&#60;", "&#x3c;"][choice % 3]!;
  if (char === "\r") return ["&#xD;", "&#13;", "&#x0d;"][choice % 3]!;
  if (char === ">" && choice < 5) return "&gt;";
  if (char === '"' && choice < 5) return "&quot;";
  if (char === "'" && choice < 5) return "&apos;";
  if (char.length > 2 || !isXmlChar(cp) || (char.length === 1 && cp >= 0xd800 && cp <= 0xdfff)) return char;
  if (choice === 0) return `&#x${cp.toString(16)};`;
  if (choice === 1) return `&#x${cp.toString(16).toUpperCase()};`;
  if (choice === 2) return `&#${cp};`;
  return char;
}

const text = fc.array(textUnit, { maxLength: 24 }).map((units) => ({
  value: units.map(([char]) => char).join(""),
  xml: units.map(([char, choice]) => spell(char, choice)).join(""),
}));

const integer = fc
  .tuple(fc.oneof(fc.integer({ min: -5, max: 100 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), fc.nat(2))
  .map(([value, zeros]) => ({ value, xml: (value < 0 ? "-" : "") + "0".repeat(zeros) + String(Math.abs(value)) }));

interface Written {
  readonly doc: XmlDocumentSpec;
  readonly xml: string;
  readonly expected: Record<string, unknown>[];
}

/** A list as a server writes it: compact, fields in schema order (sometimes shuffled), any spelling of the text. */
const written: fc.Arbitrary<Written> = fc.constantFrom(...LISTS).chain((doc) => {
  const fields = fieldsOf(doc);
  // An optional field is sometimes left out (undefined), as a writer may.
  const message = fc.tuple(
    ...fields.map((field) => {
      const value: fc.Arbitrary<{ value: unknown; xml: string }> = field.shape.type === "integer" ? integer : text;
      return field.required ? value : fc.option(value, { nil: undefined });
    }),
  );
  return fc
    .record({
      declaration: fc.constantFrom(...DECLARATIONS),
      // Lengths spread over 0..32 (fast-check's default size keeps arrays short), so full pages are common.
      messages: fc.nat(32).chain((length) => fc.array(fc.tuple(message, fc.boolean(), fc.nat()), { minLength: length, maxLength: length })),
      emptyRoot: fc.constantFrom(`<${doc.root}></${doc.root}>`, `<${doc.root}/>`),
    })
    .map(({ declaration, messages, emptyRoot }) => {
      const items = messages.map(([values, shuffled, seed]) => {
        const order = fields.map((_, i) => i);
        if (shuffled) order.sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const present = order.filter((i) => values[i] !== undefined);
        return `<QueueMessage>${present.map((i) => `<${fields[i]!.xmlName}>${values[i]!.xml}</${fields[i]!.xmlName}>`).join("")}</QueueMessage>`;
      });
      const body = items.length === 0 ? emptyRoot : `<${doc.root}>${items.join("")}</${doc.root}>`;
      const expected = messages.map(([values]) =>
        Object.fromEntries(fields.flatMap((field, i) => (values[i] === undefined ? [] : [[field.name, values[i].value]]))),
      );
      return { doc, xml: declaration + body, expected };
    });
});

/** Pieces a perturbation inserts: markup the scanner must hand over, or text that breaks the document. */
const INSERTS = [
  "<!-- c -->", "<!---->", "<![CDATA[x]]>", "<![CDATA[]]>", "<?pi x?>", '<?xml version="1.0"?>', "<!DOCTYPE QueueMessagesList>",
  " ", "\n", "\t", "\r", "\r\n", "x", "\uFEFF", "<", ">", "/", "&", ";", "]]>",
  "&nbsp;", "&foo;", "&amp", "&#0;", "&#1;", "&#xD800;", "&#X41;", "&#x110000;", "&#xFFFE;", "&#65", "&#;", "&#x;", "&#1234567890;",
  "<Unknown>v</Unknown>", "<Unknown/>", "<QueueMessage>", "</QueueMessage>", "<MessageText>", "</MessageText>",
  "<DequeueCount>1</DequeueCount>", "<MessageId>m</MessageId>", "<PopReceipt/>", "<QueueMessagesList>", "</QueueMessagesList>",
];
const INTEGER_TEXTS = ["-0", "+1", " 1", "1 ", "1.0", "1e3", "", "9007199254740993", "00", "-", "&#49;", "&#x31;2", "١", "0x1"];
const ELEMENT = /<(\w+)>([^<]*)<\/\1>/g;
const TAG_END = /(?<!\/)>/g;

type Perturbation = (xml: string) => string;

const perturbation: fc.Arbitrary<Perturbation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...INSERTS), fc.nat()).map(([piece, n]): Perturbation => (xml) => insertAt(xml, boundaries(xml), n, piece)),
  },
  fc.tuple(fc.constantFrom(...INSERTS), fc.nat()).map(([piece, n]): Perturbation => (xml) => {
    const at = n % (xml.length + 1);
    return xml.slice(0, at) + piece + xml.slice(at);
  }),
  fc.nat().map((n): Perturbation => (xml) => xml.slice(0, n % (xml.length + 1))),
  fc.constantFrom("\uFEFF", " ", "\n", '<?xml version="1.1" encoding="utf-8"?>', "<!-- -->", "<!DOCTYPE x>", '<?xml version="1.0" encoding="utf-8"?>')
    .map((prefix): Perturbation => (xml) => prefix + xml),
  fc.constantFrom(" ", "\n", "x", "<!-- -->", "<Other/>", "</QueueMessagesList>").map((suffix): Perturbation => (xml) => xml + suffix),
  fc.tuple(fc.constantFrom(' a="1"', " ", ' xmlns="urn:x"', "/"), fc.nat()).map(([attribute, n]): Perturbation => (xml) => {
    const ends = [...xml.matchAll(TAG_END)].map((match) => match.index);
    return insertAt(xml, ends, n, attribute);
  }),
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom("self-close", "duplicate", "remove", "rename-end", "integer", "integer", "raw"), fc.nat(), fc.nat(INTEGER_TEXTS.length - 1), fc.string({ unit: "grapheme", maxLength: 8 }))
      .map(([edit, n, k, raw]): Perturbation => (xml) => editElement(xml, edit, n, INTEGER_TEXTS[k]!, raw)),
  },
);

/** Positions between markup: before each `<` and after each `>`. */
function boundaries(xml: string): number[] {
  const positions: number[] = [0, xml.length];
  for (let i = 0; i < xml.length; i++) {
    if (xml[i] === "<") positions.push(i);
    else if (xml[i] === ">") positions.push(i + 1);
  }
  return positions;
}

function insertAt(xml: string, positions: readonly number[], n: number, piece: string): string {
  if (positions.length === 0) return xml + piece;
  const at = positions[n % positions.length]!;
  return xml.slice(0, at) + piece + xml.slice(at);
}

function editElement(xml: string, edit: string, n: number, integerText: string, raw: string): string {
  // Integer edits go to the integer field, where the schema mapping's rule is what decides.
  const elements = [...xml.matchAll(ELEMENT)].filter((match) => edit !== "integer" || match[1] === "DequeueCount");
  if (elements.length === 0) return xml;
  const match = elements[n % elements.length]!;
  const [whole, name] = match;
  const replacement = {
    "self-close": `<${name}/>`,
    duplicate: whole + whole,
    remove: "",
    "rename-end": `<${name}>${match[2]}</${name}x>`,
    integer: `<${name}>${integerText}</${name}>`,
    raw: `<${name}>${raw}</${name}>`,
  }[edit]!;
  return xml.slice(0, match.index) + replacement + xml.slice(match.index + whole.length);
}

type Outcome = { readonly value: unknown } | { readonly error: Error };

async function outcome(read: () => unknown): Promise<Outcome> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: error as Error };
  }
}

/** parseXmlDocument with the scanner first answers as fast-xml-parser alone does: the same value or the same error. */
async function expectSameAnswer(xml: string, doc: XmlDocumentSpec): Promise<"scanned" | "handed over" | "refused"> {
  const scanned = scanMessageList(xml, doc);
  const slow = await outcome(() => parseWithFastXmlParser(xml, doc));
  const combined = await outcome(() => parseXmlDocument(xml, doc));
  if ("error" in slow) {
    expect(scanned).toBeUndefined();
    expect("error" in combined && combined.error.constructor).toBe(slow.error.constructor);
    expect("error" in combined && combined.error.message).toBe(slow.error.message);
    return "refused";
  }
  expect(combined).toStrictEqual(slow);
  if (scanned === undefined) return "handed over";
  expect(scanned).toStrictEqual(slow.value);
  return "scanned";
}

describe("message-list scanner", () => {
  it("reads exactly the three message lists of the spec", () => {
    const scannable = Object.values(xmlDocuments).filter((doc) => canScanMessageList(doc)).map((doc) => doc.schema);
    expect(scannable.sort()).toEqual(["DequeuedMessagesList", "EnqueuedMessagesList", "PeekedMessagesList"]);
    expect(scanMessageList("<QueueMessage><MessageText>a</MessageText></QueueMessage>", xmlDocuments.QueueMessage)).toBeUndefined();
  });

  it("reads every list a server writes, as the parser reads it", async () => {
    const tally = new Tally();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(written, async ({ doc, xml, expected }) => {
        const scanned = scanMessageList(xml, doc);
        expect(scanned).toStrictEqual(expected);
        expect(parseWithFastXmlParser(xml, doc)).toStrictEqual(expected);
        expect(await parseXmlDocument(xml, doc)).toStrictEqual(expected);
        tally.count(`${doc.schema}`);
        tally.count("messages", expected.length);
      }),
      propertyParameters(RUNS),
    );
    tally.print("scanner: lists as servers write them", started);
  }, 120_000);

  it("answers as the parser does on perturbed lists, and hands over what it does not understand", async () => {
    const tally = new Tally();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(written, fc.array(perturbation, { minLength: 1, maxLength: 3 }), async ({ doc, xml }, perturbations) => {
        const perturbed = perturbations.reduce((current, perturb) => perturb(current), xml);
        tally.count(await expectSameAnswer(perturbed, doc));
      }),
      propertyParameters(RUNS * 2),
    );
    tally.print("scanner: perturbed lists", started);
    // Each way out was taken, so the comparison above was made on values and on errors alike.
    for (const way of ["scanned", "handed over", "refused"]) expect(tally.get(way)).toBeGreaterThan(RUNS / 50);
  }, 240_000);

  it.each([
    ["a comment", "<QueueMessagesList><!-- --></QueueMessagesList>"],
    ["CDATA", "<QueueMessagesList><QueueMessage><MessageText><![CDATA[x]]></MessageText></QueueMessage></QueueMessagesList>"],
    ["an attribute", '<QueueMessagesList a="1"></QueueMessagesList>'],
    ["indentation", "<QueueMessagesList>\n</QueueMessagesList>"],
    ["a BOM", "\uFEFF<QueueMessagesList></QueueMessagesList>"],
    ["XML 1.1", '<?xml version="1.1"?><QueueMessagesList></QueueMessagesList>'],
    ["trailing text", "<QueueMessagesList></QueueMessagesList>\n"],
    ["truncation", "<QueueMessagesList><QueueMessage>"],
    ["an unknown element", "<QueueMessagesList><Other/></QueueMessagesList>"],
    ["an integer with a plus sign", "<QueueMessagesList><QueueMessage><MessageId>i</MessageId><InsertionTime>t</InsertionTime><ExpirationTime>e</ExpirationTime><DequeueCount>+1</DequeueCount><MessageText>a</MessageText></QueueMessage></QueueMessagesList>"],
    ["a missing element", "<QueueMessagesList><QueueMessage><MessageText>a</MessageText></QueueMessage></QueueMessagesList>"],
    ["the empty string", ""],
  ])("hands %s to the parser", async (_, xml) => {
    expect(scanMessageList(xml, xmlDocuments.PeekedMessagesList)).toBeUndefined();
    await expectSameAnswer(xml, xmlDocuments.PeekedMessagesList);
  });

  it.each([
    ["&nbsp;", "an unknown entity"],
    ["&#1;", "a reference the decoder drops"],
    ["&#0;", "a reference the parser refuses"],
    ["&#X41;", "an upper-case hex marker"],
    ["a & b", "a stray ampersand"],
    ["a\rb", "a raw carriage return"],
  ])("hands text with %j (%s) to the parser", async (content) => {
    const xml = `<QueueMessagesList><QueueMessage><MessageId>i</MessageId><InsertionTime>t</InsertionTime><ExpirationTime>e</ExpirationTime><DequeueCount>0</DequeueCount><MessageText>${content}</MessageText></QueueMessage></QueueMessagesList>`;
    expect(scanMessageList(xml, xmlDocuments.PeekedMessagesList)).toBeUndefined();
    await expectSameAnswer(xml, xmlDocuments.PeekedMessagesList);
  });
});
