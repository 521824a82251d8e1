import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from "vitest";
import { createQueueClient, type QueueClient } from "../../src/client.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { ResponseParseError, ValidationError } from "../../src/errors.js";
import { QueueMessageFormat, type QueueMessageFormats } from "../../src/facade/message-format.js";
import { findNonXmlChar } from "../../src/xml/xml-chars.js";
import { uniqueQueueName } from "../harness/names.js";

const F = QueueMessageFormat;

function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

// Any code points, including the ones XML 1.0 cannot carry; never a lone surrogate.
const wellFormedText = fc.string({ unit: "binary", maxLength: 64 });
const xmlText = wellFormedText.filter((text) => findNonXmlChar(text) === -1);

/** Content that trips naive encoders: numbers-as-text, markup, entities, line ends, edge spaces, astral chars. */
const AWKWARD = [
  "",
  "00123",
  "true",
  "&amp;",
  "&lt;b&gt;",
  "]]>",
  "<b>bold</b>",
  "a < b && c > d",
  "\"double\" 'single'",
  "line\rcarriage",
  "line\r\nwindows",
  "\n\nleading newlines",
  "  leading and trailing spaces  ",
  "\ttab",
  "😀 surrogate pair 𝄞",
  "\uFEFFbyte order mark",
  "é€ 日本",
  "x",
];

describe("QueueMessageFormat.textXmlEncode / textXmlDecode", () => {
  it("escapes &, < and > as Python's xml.sax.saxutils.escape does, and nothing else", () => {
    expect(F.textXmlEncode("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
    expect(F.textXmlEncode("&amp;")).toBe("&amp;amp;");
    expect(F.textXmlEncode(`"quotes" 'apos' \r\n`)).toBe(`"quotes" 'apos' \r\n`);
    expect(F.textXmlEncode("")).toBe("");
  });

  it("unescapes &lt; and &gt;, then &amp;, as xml.sax.saxutils.unescape does", () => {
    expect(F.textXmlDecode("a &lt; b &amp; c &gt; d")).toBe("a < b & c > d");
    expect(F.textXmlDecode("&amp;lt;")).toBe("&lt;");
    // Other entities are left alone, as in the reference.
    expect(F.textXmlDecode("&quot;&apos;&#65;")).toBe("&quot;&apos;&#65;");
  });

  it("decode(encode(x)) is x for any text XML can carry", () => {
    fc.assert(
      fc.property(xmlText, (text) => {
        expect(F.textXmlDecode(F.textXmlEncode(text))).toBe(text);
      }),
    );
  });

  it("refuses text XML 1.0 cannot carry with a ValidationError that suggests base64", () => {
    for (const bad of ["nul\u0000", "bell\u0007", "\uFFFE", "\uFFFF", "lone \uD800 high", "lone \uDC00 low", "\u001F"]) {
      const error = thrown(() => F.textXmlEncode(bad));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("xml-chars");
      expect((error as ValidationError).message).toMatch(/textBase64Encode/);
    }
    const error = thrown(() => F.textXmlEncode("ok\u0000")) as ValidationError;
    expect(error.message).toContain("U+0000 at index 2");
  });

  it("accepts the XML characters at the edges of the allowed ranges", () => {
    for (const ok of ["\t\n\r", "\u0020", "\uD7FF", "\uE000", "\uFFFD", "\u{10000}", "\u{10FFFF}"]) {
      expect(F.textXmlDecode(F.textXmlEncode(ok))).toBe(ok);
    }
  });

  it("refuses content that is not a string", () => {
    for (const bad of [42, null, undefined, new Uint8Array([1]), { text: "x" }]) {
      const error = thrown(() => F.textXmlEncode(bad as unknown as string));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("message-type");
    }
    expect(() => F.textXmlEncode(new Uint8Array([1]) as unknown as string)).toThrow(/got Uint8Array.*binaryBase64Encode/);
    expect(() => F.textXmlDecode(7 as unknown as string)).toThrow(ValidationError);
  });
});

describe("QueueMessageFormat.textBase64Encode / textBase64Decode", () => {
  it("writes the UTF-8 bytes as padded base64", () => {
    expect(F.textBase64Encode("hi")).toBe("aGk=");
    expect(F.textBase64Encode("hé")).toBe("aMOp");
    expect(F.textBase64Encode("😀")).toBe("8J+YgA==");
    expect(F.textBase64Encode("")).toBe("");
  });

  it("agrees with Node's Buffer and round-trips any well-formed text, including what XML cannot carry", () => {
    fc.assert(
      fc.property(wellFormedText, (text) => {
        const encoded = F.textBase64Encode(text);
        expect(encoded).toBe(Buffer.from(text, "utf8").toString("base64"));
        expect(F.textBase64Decode(encoded)).toBe(text);
      }),
    );
    expect(F.textBase64Decode(F.textBase64Encode("nul\u0000\uFFFF"))).toBe("nul\u0000\uFFFF");
  });

  it("keeps a leading byte order mark, as Python's utf-8 codec does", () => {
    expect(F.textBase64Decode("77u/eA==")).toBe("\uFEFFx");
  });

  it("refuses a lone surrogate, which UTF-8 cannot carry", () => {
    for (const bad of ["\uD83D", "a\uDE00b", "\uDE00\uD83D"]) {
      const error = thrown(() => F.textBase64Encode(bad));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("lone-surrogate");
      expect((error as ValidationError).message).toContain("binaryBase64Encode");
    }
  });

  it("refuses content that is not a string", () => {
    expect(() => F.textBase64Encode(Buffer.from("x") as unknown as string)).toThrow(ValidationError);
  });

  it("refuses malformed base64 with a ResponseParseError that never quotes the text", () => {
    for (const bad of ["aGk", "a Gk=", "aGk=\n", "a-_=", "!!!!", "plain text", "aGk=aGk="]) {
      const error = thrown(() => F.textBase64Decode(bad));
      expect(error).toBeInstanceOf(ResponseParseError);
      expect((error as Error).message).toMatch(/not valid base64.*textBase64Decode/);
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it("refuses base64 of bytes that are not UTF-8 with a ResponseParseError", () => {
    expect(() => F.textBase64Decode("/w==")).toThrow(ResponseParseError);
    expect(() => F.textBase64Decode("7aCA")).toThrow(/not of UTF-8 text/); // an encoded surrogate, ED A0 80
  });
});

describe("QueueMessageFormat.binaryBase64Encode / binaryBase64Decode", () => {
  it("writes bytes as padded base64 and reads them back as a Uint8Array", () => {
    expect(F.binaryBase64Encode(new Uint8Array([0, 255, 254, 1]))).toBe("AP/+AQ==");
    expect(F.binaryBase64Decode("AP/+AQ==")).toEqual(new Uint8Array([0, 255, 254, 1]));
    expect(F.binaryBase64Encode(new Uint8Array())).toBe("");
    expect(F.binaryBase64Decode("")).toEqual(new Uint8Array());
  });

  it("round-trips any bytes, agreeing with Node's Buffer, and takes a Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = F.binaryBase64Encode(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString("base64"));
        expect(F.binaryBase64Decode(encoded)).toEqual(bytes);
      }),
    );
    expect(F.binaryBase64Encode(Buffer.from("hi"))).toBe("aGk=");
  });

  it("refuses anything but a Uint8Array", () => {
    for (const bad of ["text", [1, 2], new ArrayBuffer(2), new Uint16Array(1), null]) {
      const error = thrown(() => F.binaryBase64Encode(bad as unknown as Uint8Array));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("message-type");
    }
    expect(() => F.binaryBase64Encode("text" as unknown as Uint8Array)).toThrow(/got string.*textBase64Encode/);
  });

  it("refuses malformed base64 with a ResponseParseError", () => {
    expect(() => F.binaryBase64Decode("AP/+AQ=")).toThrow(ResponseParseError);
    expect(() => F.binaryBase64Decode("&lt;b&gt;")).toThrow(/binaryBase64Decode/);
  });
});

describe("QueueMessageFormat.noEncode / noDecode", () => {
  it("passes text through unchanged", () => {
    fc.assert(
      fc.property(xmlText, (text) => {
        expect(F.noEncode(text)).toBe(text);
        expect(F.noDecode(text)).toBe(text);
      }),
    );
  });

  it("still refuses what XML 1.0 cannot carry, and non-strings", () => {
    expect(() => F.noEncode("\u0000")).toThrow(/xml|XML/);
    expect((thrown(() => F.noEncode("\uFFFF")) as ValidationError).rule).toBe("xml-chars");
    expect((thrown(() => F.noEncode(1 as unknown as string)) as ValidationError).rule).toBe("message-type");
  });
});

describe("QueueMessageFormat as a value", () => {
  it("is frozen", () => {
    expect(Object.isFrozen(QueueMessageFormat)).toBe(true);
  });

  it("is typed so a pair fixes the content type, as QueueService<T> infers it from its options", () => {
    // The shape of QueueServiceOptions<T>'s two functions.
    const contentTypeOf = <T>(options: { encodeFunction?: (content: T) => string; decodeFunction?: (text: string) => T }): T[] => {
      void options;
      return [];
    };
    expectTypeOf(contentTypeOf({ encodeFunction: F.binaryBase64Encode, decodeFunction: F.binaryBase64Decode })).toEqualTypeOf<Uint8Array[]>();
    expectTypeOf(contentTypeOf({ encodeFunction: F.textBase64Encode, decodeFunction: F.textBase64Decode })).toEqualTypeOf<string[]>();
    expectTypeOf(F.textXmlEncode).toEqualTypeOf<(content: string) => string>();
    expectTypeOf(F.binaryBase64Decode).toEqualTypeOf<(text: string) => Uint8Array>();
    // A Buffer is content for the binary pair.
    expectTypeOf(Buffer.from("x")).toExtend<Parameters<QueueMessageFormats["binaryBase64Encode"]>[0]>();
  });
});

describe("message formats against Azurite", () => {
  let client: QueueClient;
  beforeAll(() => {
    client = createQueueClient({ endpoint: inject("azurite").accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
  });
  afterAll(() => client.close());

  /** Puts each text, peeks them all back in order, and returns what the service stored. */
  async function storeAndPeek(texts: readonly string[]): Promise<string[]> {
    const queue = uniqueQueueName("fmt");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    for (const text of texts) {
      const put = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: text } });
      expect(put.response.status).toBe(201);
    }
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue }, query: { numofmessages: 32 } } });
    expect(peeked.response.status).toBe(200);
    return (peeked.data ?? []).map((message) => message.MessageText ?? "");
  }

  const textFormats = [
    ["textXml", F.textXmlEncode, F.textXmlDecode],
    ["textBase64", F.textBase64Encode, F.textBase64Decode],
    ["no", F.noEncode, F.noDecode],
  ] as const;

  it.each(textFormats)("%s: awkward content reads back identical, and the service stores exactly the encoded text", async (_name, encode, decode) => {
    const encoded = AWKWARD.map(encode);
    const stored = await storeAndPeek(encoded);
    expect(stored).toEqual(encoded);
    expect(stored.map(decode)).toEqual(AWKWARD);
  });

  it("textXml: the service stores the escaped text, as the reference's default does", async () => {
    const [stored] = await storeAndPeek([F.textXmlEncode("<b>&amp;</b>")]);
    expect(stored).toBe("&lt;b&gt;&amp;amp;&lt;/b&gt;");
  });

  it("textBase64: text XML cannot carry travels and reads back", async () => {
    const content = ["nul\u0000", "\uFFFE\uFFFF", "\u0001\u001F"];
    const stored = await storeAndPeek(content.map(F.textBase64Encode));
    expect(stored.map(F.textBase64Decode)).toEqual(content);
  });

  it("binaryBase64: every byte value reads back identical", async () => {
    const bytes = [Uint8Array.from({ length: 256 }, (_, i) => i), new Uint8Array([0]), new Uint8Array([0xff, 0xfe, 0xfd])];
    const stored = await storeAndPeek(bytes.map(F.binaryBase64Encode));
    expect(stored.map(F.binaryBase64Decode)).toEqual(bytes);
  });
});
