import { describe, expect, it } from "vitest";
import { ResponseParseError } from "../../src/errors.js";
import { createXmlParser } from "../../src/xml/xml-library.js";
import { listQueuesDocument, messagesListDocument, queueMessageDocument, signedIdentifiersDocument } from "./documents.js";
import { parseXmlDocument } from "./xml-documents.js";

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const parser = createXmlParser([]);

/** The text of <A>...</A> as the parser reads it. */
function textOf(content: string): unknown {
  return parser.parse(`<A>${content}</A>`).value;
}

function messageText(body: string): Promise<unknown> {
  return parseXmlDocument(`${DECLARATION}<QueueMessage><MessageText>${body}</MessageText></QueueMessage>`, queueMessageDocument);
}

async function parseError(parsing: Promise<unknown>): Promise<ResponseParseError> {
  try {
    await parsing;
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseParseError);
    return error as ResponseParseError;
  }
  throw new Error("expected a ResponseParseError");
}

describe("text survives as sent", () => {
  it.each([
    ["00123", "00123"],
    ["true", "true"],
    ["1e3", "1e3"],
    ["0x1F", "0x1F"],
    ["  leading and trailing  ", "  leading and trailing  "],
    [" ", " "],
    ["a\tb", "a\tb"],
    ["line\nfeed", "line\nfeed"],
    ["😀 \u{10FFFF}", "😀 \u{10FFFF}"],
  ])("%j stays %j", async (xml, expected) => {
    expect(await messageText(xml)).toEqual({ MessageText: expected });
  });

  it("decodes the five XML entities exactly once", () => {
    expect(textOf("&amp;&lt;&gt;&quot;&apos;")).toBe("&<>\"'");
    expect(textOf("&amp;lt;")).toBe("&lt;");
    expect(textOf("&amp;amp;")).toBe("&amp;");
    expect(textOf("&amp;#xD;")).toBe("&#xD;");
    expect(textOf("]]&gt;")).toBe("]]>");
  });

  it("decodes numeric character references, decimal and hex", () => {
    expect(textOf("&#xD;&#xA;")).toBe("\r\n");
    expect(textOf("&#13;&#10;")).toBe("\r\n");
    expect(textOf("&#x1F600;&#128512;")).toBe("😀😀");
    expect(textOf("&#x9;&#X41;")).toBe("\tA");
  });

  it("fails on a reference to U+0000; the decoder drops references to other characters XML 1.0 forbids", () => {
    expect(() => textOf("a&#0;b")).toThrow(ResponseParseError);
    expect(textOf("a&#1;&#xD800;b")).toBe("ab");
  });

  it("decodes no HTML entities", () => {
    expect(textOf("&nbsp;&copy;&euro;")).toBe("&nbsp;&copy;&euro;");
  });

  it("turns raw carriage returns into line feeds, as XML requires, but keeps &#xD;", () => {
    expect(textOf("a\r\nb\rc")).toBe("a\nb\nc");
    expect(textOf("a&#xD;\nb")).toBe("a\r\nb");
  });

  it("merges CDATA into the text, undecoded", () => {
    expect(textOf("a<![CDATA[<b>&amp;]]>c")).toBe("a<b>&amp;c");
    expect(textOf("<![CDATA[]]>")).toBe("");
  });

  it("reads empty elements as empty strings", async () => {
    expect(await messageText("")).toEqual({ MessageText: "" });
    const selfClosing = await parseXmlDocument("<QueueMessage><MessageText/></QueueMessage>", queueMessageDocument);
    expect(selfClosing).toEqual({ MessageText: "" });
  });

  it("keeps attribute values uncoerced and decoded once", () => {
    const tree = parser.parse('<A n="007" b="true" e="x&amp;lt;&#xD;"/>');
    expect(tree.value).toEqual({ "@n": "007", "@b": "true", "@e": "x&lt;\r" });
  });
});

describe("element names that are Object.prototype members", () => {
  const names = ["constructor", "__proto__", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"];
  const body =
    `<EnumerationResults ServiceEndpoint="http://127.0.0.1/devstoreaccount1"><Queues><Queue><Name>q</Name><Metadata>` +
    names.map((name, i) => `<${name}>v${i}</${name}>`).join("") +
    "<__toString>real</__toString><$x>dollar</$x></Metadata></Queue></Queues></EnumerationResults>";

  it("are read as ordinary metadata names, into a null-prototype record", async () => {
    const result = (await parseXmlDocument(body, listQueuesDocument)) as { QueueItems: { Metadata: Record<string, string> }[] };
    const metadata = result.QueueItems[0]!.Metadata;
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(Object.keys(metadata)).toEqual([...names, "__toString", "$x"]);
    names.forEach((name, i) => expect(Object.getOwnPropertyDescriptor(metadata, name)?.value).toBe(`v${i}`));
    expect(metadata["__toString"]).toBe("real");
    expect(metadata["$x"]).toBe("dollar");
  });

  it("pollute no prototype", async () => {
    await parseXmlDocument(body, listQueuesDocument);
    const probe: Record<string, unknown> = {};
    expect(probe["v1"]).toBeUndefined();
    expect(Object.prototype.toString.call(probe)).toBe("[object Object]");
    expect(typeof ({} as { constructor: unknown }).constructor).toBe("function");
  });
});

describe("arrays by path", () => {
  it("a repeated element at a declared path is an array even with one item", () => {
    const one = createXmlParser(["SignedIdentifiers.SignedIdentifier"]).parse(
      "<SignedIdentifiers><SignedIdentifier><Id>a</Id></SignedIdentifier></SignedIdentifiers>",
    );
    expect(one.value).toEqual({ SignedIdentifier: [{ Id: "a" }] });
  });

  it("the same element name elsewhere is not", () => {
    const tree = createXmlParser(["A.B.Item"]).parse("<A><B><Item>1</Item></B><C><Item>2</Item></C></A>");
    expect(tree.value).toEqual({ B: { Item: ["1"] }, C: { Item: "2" } });
  });

  it("parseXmlDocument reads one item as an array", async () => {
    const result = await parseXmlDocument(
      "<SignedIdentifiers><SignedIdentifier><Id>only</Id></SignedIdentifier></SignedIdentifiers>",
      signedIdentifiersDocument,
    );
    expect(result).toEqual([{ Id: "only" }]);
  });
});

describe("DTDs are refused", () => {
  it("any DOCTYPE", async () => {
    const error = await parseError(parseXmlDocument('<!DOCTYPE QueueMessage><QueueMessage><MessageText>x</MessageText></QueueMessage>', queueMessageDocument));
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it("an entity-expansion bomb fails fast", async () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><QueueMessage><MessageText>&lol9;</MessageText></QueueMessage>`;
    const started = performance.now();
    expect((await parseError(parseXmlDocument(bomb, queueMessageDocument))).message).toMatch(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("an internal entity is never expanded", () => {
    const body = '<!DOCTYPE A [<!ENTITY x "expanded">]><A>&x;</A>';
    expect(() => parser.parse(body)).toThrow(ResponseParseError);
    expect(() => parser.parse(body)).toThrow(/DOCTYPE/);
  });

  it("an external entity is never fetched", () => {
    const body = '<!DOCTYPE A [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><A>&xxe;</A>';
    expect(() => parser.parse(body)).toThrow(ResponseParseError);
  });
});

describe("bad bodies are a ResponseParseError naming what is wrong", () => {
  it.each([
    ["", /empty/],
    ["  \r\n", /empty/],
    ["hello", /no XML element/],
    ["{\"error\":\"json\"}", /no XML element/],
    ["<QueueMessagesList><QueueMessage><MessageId>abc", /ends before <\/QueueMessagesList>/],
    ["<QueueMessagesList><QueueMessage></QueueMessage>", /ends before/],
    ["<QueueMessagesList><QueueMessage/>", /ends before/],
    ["<QueueMessagesList><QueueMessage><MessageId", /not well-formed XML \(unterminated tag/],
    ["<QueueMessagesList><!-- unterminated", /not well-formed/],
    ["<QueueMessagesList/><QueueMessagesList/>", /more than one root/],
    ["<Other/>", /root element is <Other>/],
    ["<!DOCTYPE html><html><body><p>502 Bad Gateway</p></body></html>", /DOCTYPE.*HTML/],
    ["<html><head><title>Error</title></head><body>oops</body></html>", /root element is <html>/],
  ])("%j", async (body, message) => {
    const error = await parseError(parseXmlDocument(body, messagesListDocument));
    expect(error.message).toMatch(/^expected a <QueueMessagesList> document/);
    expect(error.message).toMatch(message);
  });

  it("never quotes the body", async () => {
    const secret = "s3cr3t-content";
    for (const body of [`<QueueMessagesList><QueueMessage><${secret}`, `<${secret}/>`, `<QueueMessagesList>${secret}`]) {
      const error = await parseError(parseXmlDocument(body, messagesListDocument));
      if (!body.startsWith(`<${secret}`)) expect(error.message).not.toContain(secret);
      expect(error.cause).toBeUndefined();
    }
  });

  it("accepts a self-closing root and trailing whitespace", async () => {
    expect(await parseXmlDocument(`${DECLARATION}<QueueMessagesList/>\r\n`, messagesListDocument)).toEqual([]);
    expect(await parseXmlDocument("<QueueMessagesList></QueueMessagesList >", messagesListDocument)).toEqual([]);
  });

  it("a byte-order mark before the declaration is accepted", async () => {
    expect(await parseXmlDocument(`\uFEFF${DECLARATION}<QueueMessagesList/>`, messagesListDocument)).toEqual([]);
  });
});
