import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { XmlDocumentSpec } from "../../src/operation/operation-spec.js";
import { ValidationError } from "../../src/errors.js";
import { escapeXmlAttribute, escapeXmlText } from "../../src/xml/writing.js";
import { listQueuesDocument, queueMessageDocument, servicePropertiesDocument, signedIdentifiersDocument, unwrappedDocument } from "./documents.js";
import { buildXmlDocument, encodeUtf8, parseXmlDocument } from "./xml-documents.js";

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

async function roundTrip(text: string): Promise<unknown> {
  return parseXmlDocument(await buildXmlDocument(queueMessageDocument, { MessageText: text }), queueMessageDocument);
}

/** The error `buildXmlDocument` rejects with. */
async function buildError(doc: XmlDocumentSpec, value: unknown): Promise<unknown> {
  try {
    await buildXmlDocument(doc, value);
  } catch (error) {
    return error;
  }
  throw new Error("expected buildXmlDocument to reject");
}

describe("buildXmlDocument", () => {
  it("writes the declaration and the root, escaping &, <, > and \\r", async () => {
    const xml = await buildXmlDocument(queueMessageDocument, { MessageText: "a\r\nb &amp; <x> ]]> \"q\" 'a'\t" });
    expect(xml).toBe(`${DECLARATION}<QueueMessage><MessageText>a&#xD;\nb &amp;amp; &lt;x&gt; ]]&gt; "q" 'a'\t</MessageText></QueueMessage>`);
  });

  it("writes an empty string as an empty element", async () => {
    expect(await buildXmlDocument(queueMessageDocument, { MessageText: "" })).toBe(`${DECLARATION}<QueueMessage><MessageText></MessageText></QueueMessage>`);
  });

  it("escapes attribute values, quotes and whitespace included, and never writes them bare", async () => {
    expect(await buildXmlDocument(listQueuesDocument, { ServiceEndpoint: 'a"b\'c&<>\r\n\t', NextMarker: "" })).toBe(
      `${DECLARATION}<EnumerationResults ServiceEndpoint="a&quot;b&apos;c&amp;&lt;&gt;&#xD;&#xA;&#x9;"><NextMarker></NextMarker></EnumerationResults>`,
    );
    expect(await buildXmlDocument(listQueuesDocument, { ServiceEndpoint: "true" })).toBe(`${DECLARATION}<EnumerationResults ServiceEndpoint="true"></EnumerationResults>`);
  });

  it("writes service properties in schema order, as the service expects them", async () => {
    const xml = await buildXmlDocument(servicePropertiesDocument, {
      Cors: [{ AllowedOrigins: "http://example.com", AllowedMethods: "GET,PUT,POST", AllowedHeaders: "x-ms-meta-*", ExposedHeaders: "x-ms-meta-*", MaxAgeInSeconds: 100 }],
      MinuteMetrics: { Version: "1.0", Enabled: false, RetentionPolicy: { Enabled: false } },
      HourMetrics: { Version: "1.0", Enabled: true, IncludeAPIs: true, RetentionPolicy: { Enabled: true, Days: 7 } },
      Logging: { Version: "1.0", Delete: true, Read: true, Write: true, RetentionPolicy: { Enabled: true, Days: 5 } },
    });
    // The body the official SDK sent in the reference capture of Set Service Properties.
    expect(xml).toBe(
      DECLARATION +
        "<StorageServiceProperties><Logging><Version>1.0</Version><Delete>true</Delete><Read>true</Read><Write>true</Write><RetentionPolicy><Enabled>true</Enabled><Days>5</Days></RetentionPolicy></Logging><HourMetrics><Version>1.0</Version><Enabled>true</Enabled><IncludeAPIs>true</IncludeAPIs><RetentionPolicy><Enabled>true</Enabled><Days>7</Days></RetentionPolicy></HourMetrics><MinuteMetrics><Version>1.0</Version><Enabled>false</Enabled><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></MinuteMetrics><Cors><CorsRule><AllowedOrigins>http://example.com</AllowedOrigins><AllowedMethods>GET,PUT,POST</AllowedMethods><AllowedHeaders>x-ms-meta-*</AllowedHeaders><ExposedHeaders>x-ms-meta-*</ExposedHeaders><MaxAgeInSeconds>100</MaxAgeInSeconds></CorsRule></Cors></StorageServiceProperties>",
    );
  });

  it("writes an empty list as an empty wrapper (clearing CORS rules, or every access policy)", async () => {
    expect(await buildXmlDocument(servicePropertiesDocument, { Cors: [] })).toBe(`${DECLARATION}<StorageServiceProperties><Cors></Cors></StorageServiceProperties>`);
    expect(await buildXmlDocument(signedIdentifiersDocument, [])).toBe(`${DECLARATION}<SignedIdentifiers></SignedIdentifiers>`);
  });

  it("round trips every document shape through parseXmlDocument", async () => {
    const acl = [
      { Id: "policy-read", AccessPolicy: { Start: "2026-11-22T10:25:20.3670000Z", Expiry: "2026-11-22T12:25:20.3670000Z", Permission: "r" } },
      { Id: "no-policy" },
    ];
    expect(await parseXmlDocument(await buildXmlDocument(signedIdentifiersDocument, acl), signedIdentifiersDocument)).toEqual(acl);
    const batch = { Name: " n ", items: [0, -3, 42] };
    expect(await parseXmlDocument(await buildXmlDocument(unwrappedDocument, batch), unwrappedDocument)).toEqual(batch);
    const listed = { ServiceEndpoint: "x", QueueItems: [{ Name: "q", Metadata: { constructor: "c", a: "1" } }], NextMarker: "" };
    const back = (await parseXmlDocument(await buildXmlDocument(listQueuesDocument, listed), listQueuesDocument)) as typeof listed;
    expect(JSON.parse(JSON.stringify(back))).toEqual(listed);
  });

  it("refuses characters XML 1.0 cannot carry before building", async () => {
    for (const bad of ["\u0000", "\u0008", "\u000B", "\u000C", "\u001F", "\uFFFE", "\uFFFF", "\uD800", "\uDFFF", "x\uDE00\uD83D"]) {
      const error = await buildError(queueMessageDocument, { MessageText: bad });
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("xml-chars");
      expect((error as ValidationError).message).toMatch(/^QueueMessage\.MessageText holds U\+[0-9A-F]{4} at index \d+/);
    }
  });

  it("escaping leaves text without special characters unchanged", () => {
    expect(escapeXmlText("plain text 123")).toBe("plain text 123");
    expect(escapeXmlAttribute("plain")).toBe("plain");
  });

  it("encodeUtf8 gives the bytes the transport sends", () => {
    expect([...encodeUtf8("é😀")]).toEqual([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
  });
});

// Code points XML 1.0 allows, with the troublesome ones (references, CDATA end, CR/LF, spaces) over-represented.
const xmlCodePoint = fc
  .oneof(fc.integer({ min: 0x20, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xfffd }), fc.integer({ min: 0x10000, max: 0x10ffff }))
  .map((codePoint) => String.fromCodePoint(codePoint));
const tricky = fc.constantFrom("\r", "\n", "\r\n", "\t", " ", "  ", "&", "<", ">", "]]>", "&amp;", "&#xD;", "&lt;", '"', "'", "00123", "true", "😀", "\uFFFD");
const xmlText = fc.string({ unit: fc.oneof(xmlCodePoint, tricky, fc.constantFrom(..."abc xyz019")), maxLength: 40 });
const notXmlChar = fc
  .oneof(
    fc.integer({ min: 0, max: 8 }),
    fc.constantFrom(0x0b, 0x0c, 0xfffe, 0xffff),
    fc.integer({ min: 0x0e, max: 0x1f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
  )
  .map((code) => String.fromCharCode(code));

describe("properties", () => {
  it("any text XML 1.0 can carry round trips exactly through build and parse", async () => {
    await fc.assert(
      fc.asyncProperty(xmlText, async (text) => {
        expect(await roundTrip(text)).toEqual({ MessageText: text });
      }),
      { numRuns: 5000 },
    );
  });

  it("any attribute value round trips exactly", async () => {
    await fc.assert(
      fc.asyncProperty(xmlText, async (endpoint) => {
        const back = await parseXmlDocument(await buildXmlDocument(listQueuesDocument, { ServiceEndpoint: endpoint, NextMarker: "" }), listQueuesDocument);
        expect(back).toEqual({ ServiceEndpoint: endpoint, NextMarker: "", QueueItems: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it("text with a character XML 1.0 cannot carry is refused, at its index", async () => {
    await fc.assert(
      fc.asyncProperty(xmlText, notXmlChar, xmlText, async (before, bad, after) => {
        const error = await buildError(queueMessageDocument, { MessageText: before + bad + after });
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).rule).toBe("xml-chars");
        expect((error as Error).message).toContain(`at index ${before.length},`);
      }),
      { numRuns: 3000 },
    );
  });
});
