/**
 * The message writer is an optimisation of buildXmlDocument, so it is held to the scanner's rule: on any value,
 * buildXmlDocument (writer first) answers exactly as the fast-xml-builder configuration alone does, the same bytes or
 * the same error, and the writer really writes every message text (it hands over only values that are not a
 * message). AZQUEUE_WRITER_RUNS sets the cases per property (10,000 by default); AZQUEUE_PROPERTY_SEED replays a
 * failure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operations, xmlDocuments } from "../../generated/operations.js";
import type { OperationSpec, XmlDocumentSpec } from "../../src/operation/operation-spec.js";
import { ValidationError } from "../../src/errors.js";
import { canWriteQueueMessage, writeQueueMessage } from "../../src/xml/queue-message-writer.js";
import { buildWithFastXmlBuilder } from "../../src/xml/xml-library.js";
import { Tally, propertyParameters } from "../property/runs.js";
import { listQueuesDocument, servicePropertiesDocument, signedIdentifiersDocument } from "./documents.js";
import { buildXmlDocument } from "./xml-documents.js";

const RUNS = Number(process.env.AZQUEUE_WRITER_RUNS ?? "") || 10_000;
const MESSAGE_DOCUMENTS = [xmlDocuments.QueueMessage, operations.Messages_Put.requestBody!, operations.Message_Update.requestBody!];

/** A flat document beyond the spec's: several string elements, some optional, so the plan's general case is tried. */
const noteDocument: XmlDocumentSpec = {
  root: "Note",
  schema: "Note",
  shape: {
    type: "object",
    properties: [
      { name: "title", xmlName: "Title", attribute: false, required: true, shape: { type: "string" } },
      { name: "body", xmlName: "Body", attribute: false, required: false, shape: { type: "string" } },
      { name: "tag", xmlName: "Tag", attribute: false, required: false, shape: { type: "string" } },
    ],
  },
};

/** Message text: every code point (lone surrogates and C0 controls included) with XML's specials over-represented. */
const messageText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 3, arbitrary: fc.constantFrom("&", "<", ">", '"', "'", "\r", "\n", "\r\n", "\t", " ", "]]>", "&amp;", "&#xD;", "\uFEFF", "😀", "\uFFFD") },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  ),
  maxLength: 64,
});

/** A value where a message belongs: mostly well-formed, often not (other types, missing or extra keys, odd objects). */
const field = fc.oneof(
  { weight: 6, arbitrary: messageText },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, 1.5, true, "", [], {}, ["a"], { MessageText: "nested" }) },
  { weight: 1, arbitrary: fc.anything() },
);
const messageValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ MessageText: field }) },
  { weight: 2, arbitrary: fc.record({ MessageText: field, extra: fc.anything() }) },
  { weight: 1, arbitrary: field.map((text) => Object.assign(Object.create(null) as object, { MessageText: text })) },
  { weight: 1, arbitrary: field.map((text) => Object.create({ MessageText: text }) as unknown) },
  { weight: 1, arbitrary: fc.anything() },
);
const noteValue: fc.Arbitrary<unknown> = fc.record({ title: field, body: field, tag: field }, { requiredKeys: [] });

type Outcome = { readonly xml: string } | { readonly error: { readonly type: unknown; readonly rule: unknown; readonly message: string } };

async function outcome(write: () => string | Promise<string>): Promise<Outcome> {
  try {
    return { xml: await write() };
  } catch (error) {
    const { constructor: type, message } = error as Error;
    return { error: { type, rule: error instanceof ValidationError ? error.rule : undefined, message } };
  }
}

/** buildXmlDocument with the writer first answers as fast-xml-builder alone does: the same bytes or the same error. */
async function expectSameAnswer(doc: XmlDocumentSpec, value: unknown): Promise<"written" | "handed over" | "refused"> {
  const builder = await outcome(() => buildWithFastXmlBuilder(doc, value));
  const combined = await outcome(() => buildXmlDocument(doc, value));
  expect(combined).toStrictEqual(builder);
  const writer = await outcome(() => writeQueueMessage(doc, value) ?? "handed over");
  if ("xml" in writer && writer.xml === "handed over") return "handed over";
  expect(writer).toStrictEqual(builder);
  return "xml" in writer ? "written" : "refused";
}

describe("QueueMessage writer", () => {
  it("writes exactly the QueueMessage document of the spec", () => {
    const writable = Object.values(xmlDocuments).filter((doc) => canWriteQueueMessage(doc)).map((doc) => doc.schema);
    expect(writable).toEqual(["QueueMessage"]);
    const bodies = Object.values<OperationSpec>(operations).flatMap((op) => (op.requestBody && canWriteQueueMessage(op.requestBody) ? [op.operationId] : []));
    expect(bodies.sort()).toEqual(["Message_Update", "Messages_Put"]);
    for (const doc of [listQueuesDocument, signedIdentifiersDocument, servicePropertiesDocument]) {
      expect(canWriteQueueMessage(doc)).toBe(false);
      expect(writeQueueMessage(doc, {})).toBeUndefined();
    }
  });

  it("writes any message text byte for byte as fast-xml-builder does, or refuses it with the same error", async () => {
    const tally = new Tally();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MESSAGE_DOCUMENTS), messageText, async (doc, text) => {
        const value = { MessageText: text };
        // Every text is the writer's: it never hands a message over.
        const written = await outcome(() => writeQueueMessage(doc, value) ?? "handed over");
        expect(written).toStrictEqual(await outcome(() => buildWithFastXmlBuilder(doc, value)));
        tally.count("xml" in written ? "written" : "refused");
      }),
      propertyParameters(RUNS),
    );
    tally.print("writer: message texts", started);
    for (const way of ["written", "refused"]) expect(tally.get(way)).toBeGreaterThan(RUNS / 50);
  }, 120_000);

  it("answers as fast-xml-builder does on any value, and hands over what is not a message", async () => {
    const tally = new Tally();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constantFrom(...MESSAGE_DOCUMENTS), messageValue),
          fc.tuple(fc.constant(noteDocument), noteValue),
        ),
        async ([doc, value]) => {
          tally.count(`${doc.schema}: ${await expectSameAnswer(doc, value)}`);
        },
      ),
      propertyParameters(RUNS),
    );
    tally.print("writer: any value", started);
    for (const schema of ["QueueMessage", "Note"]) {
      for (const way of ["written", "handed over", "refused"]) expect(tally.get(`${schema}: ${way}`)).toBeGreaterThan(RUNS / 200);
    }
  }, 120_000);

  it.each([
    ["a string", "hello"],
    ["null", null],
    ["an array", [{ MessageText: "a" }]],
    ["no MessageText", {}],
    ["a number", { MessageText: 1 }],
    ["an inherited MessageText", Object.create({ MessageText: "a" }) as unknown],
  ])("hands %s to the builder, which refuses it", async (_, value) => {
    expect(writeQueueMessage(xmlDocuments.QueueMessage, value)).toBeUndefined();
    const error = await buildXmlDocument(xmlDocuments.QueueMessage, value).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("xml-value");
  });

  it("refuses a character XML 1.0 cannot carry itself, as the schema mapping words it", () => {
    const write = () => writeQueueMessage(xmlDocuments.QueueMessage, { MessageText: "ok\u0001" });
    expect(write).toThrow(ValidationError);
    expect(write).toThrow(/^QueueMessage\.MessageText holds U\+0001 at index 2, which XML 1\.0 cannot carry/);
  });

  it("writes the document the service expects", () => {
    expect(writeQueueMessage(xmlDocuments.QueueMessage, { MessageText: "a\r\n<b> & ]]>", other: 1 })).toBe(
      '<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>a&#xD;\n&lt;b&gt; &amp; ]]&gt;</MessageText></QueueMessage>',
    );
    expect(writeQueueMessage(noteDocument, { title: "t", tag: "x", body: null })).toBe('<?xml version="1.0" encoding="utf-8"?><Note><Title>t</Title><Tag>x</Tag></Note>');
  });
});
