import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueMessageFormat, QueueService, ResponseParseError, ValidationError, type MessageCodec } from "../../src/index.js";
import { accountUrl, newQueue, rejectionOf } from "./queue-service-harness.js";

const services: QueueService<unknown>[] = [];

function serviceWith<T>(codec: MessageCodec<T>): QueueService<T> {
  const qs = new QueueService<T>({ endpoint: accountUrl(), accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, ...codec });
  services.push(qs as QueueService<unknown>);
  return qs;
}

let xml: QueueService;
let raw: QueueService;

beforeAll(() => {
  xml = serviceWith({ encodeFunction: QueueMessageFormat.textXmlEncode, decodeFunction: QueueMessageFormat.textXmlDecode });
  raw = serviceWith({ encodeFunction: QueueMessageFormat.noEncode, decodeFunction: QueueMessageFormat.noDecode });
});
afterAll(() => Promise.all(services.map((qs) => qs.close())));

/** Text that tempts a client to coerce, trim, normalise or unescape it. */
const TRICKY_TEXT = [
  "plain",
  "00123",
  "true",
  "  leading and trailing  ",
  "a\r\nb\rc\n",
  '<tag attr="x">&amp; &lt; &#xD;</tag>',
  "]]> <![CDATA[x]]>",
  "emoji 😀 é ü 中文",
  "\ttab",
  "",
];

/** Puts every item, then reads them back in order with getMessages and with peekMessages. */
async function roundTrip<T>(qs: QueueService<T>, items: readonly T[]): Promise<{ got: T[]; peeked: T[]; put: T[] }> {
  const queue = await newQueue(qs, "fmt");
  const put: T[] = [];
  for (const item of items) put.push((await qs.putMessage(queue, item)).content);
  const peeked = (await qs.peekMessages(queue, { numMessages: 32 })).map((m) => m.content);
  const got = (await qs.getMessages(queue, { numMessages: 32 })).map((m) => m.content);
  return { got, peeked, put };
}

describe("message content round-trips byte for byte in every QueueMessageFormat", () => {
  it("textXmlEncode/textXmlDecode (the default)", async () => {
    const { got, peeked, put } = await roundTrip(xml, TRICKY_TEXT);
    expect(got).toEqual(TRICKY_TEXT);
    expect(peeked).toEqual(TRICKY_TEXT);
    expect(put).toEqual(TRICKY_TEXT);
  });

  it("the default codec is textXmlEncode/textXmlDecode", async () => {
    const plain = new QueueService({ isEmulated: true });
    expect(plain.encodeFunction).toBe(QueueMessageFormat.textXmlEncode);
    expect(plain.decodeFunction).toBe(QueueMessageFormat.textXmlDecode);
    await plain.close();
  });

  it("textXmlEncode stores the XML-escaped text, as the reference does", async () => {
    const queue = await newQueue(xml, "fmt");
    await xml.putMessage(queue, "a<b & c>d &amp;");
    const [stored] = await raw.peekMessages(queue);
    expect(stored!.content).toBe("a&lt;b &amp; c&gt;d &amp;amp;");
  });

  it("noEncode/noDecode stores the text as it is", async () => {
    const { got } = await roundTrip(raw, TRICKY_TEXT);
    expect(got).toEqual(TRICKY_TEXT);
    const queue = await newQueue(raw, "fmt");
    await raw.putMessage(queue, "a<b & c>");
    expect((await xml.peekMessages(queue))[0]!.content).toBe("a<b & c>");
  });

  it("textBase64Encode/textBase64Decode, including characters XML cannot carry", async () => {
    const base64 = serviceWith({ encodeFunction: QueueMessageFormat.textBase64Encode, decodeFunction: QueueMessageFormat.textBase64Decode });
    const items = [...TRICKY_TEXT, "nul \u0000 and \uFFFE and \u0001", "\uFEFFbom"];
    const { got, peeked } = await roundTrip(base64, items);
    expect(got).toEqual(items);
    expect(peeked).toEqual(items);
    const queue = await newQueue(base64, "fmt");
    await base64.putMessage(queue, "hé");
    expect((await raw.peekMessages(queue))[0]!.content).toBe("aMOp");
  });

  it("binaryBase64Encode/binaryBase64Decode gives QueueService<Uint8Array> and returns the bytes", async () => {
    const binary = serviceWith({ encodeFunction: QueueMessageFormat.binaryBase64Encode, decodeFunction: QueueMessageFormat.binaryBase64Decode });
    const items = [new Uint8Array([0, 1, 2, 0xfe, 0xff]), new Uint8Array(0), Uint8Array.from({ length: 300 }, (_, i) => i % 256)];
    const { got, put } = await roundTrip(binary, items);
    expect(got).toEqual(items);
    expect(put[0]).toBe(items[0]);
  });

  it("a custom T through the caller's own encode/decode functions", async () => {
    interface Job {
      readonly kind: string;
      readonly attempt: number;
    }
    const jobs = serviceWith<Job>({ encodeFunction: (job) => JSON.stringify(job), decodeFunction: (text) => JSON.parse(text) as Job });
    const items: Job[] = [{ kind: "resize <png>", attempt: 1 }, { kind: "email", attempt: 3 }];
    const { got } = await roundTrip(jobs, items);
    expect(got).toEqual(items);
  });

  it("encodeFunction and decodeFunction are assignable: later calls use the new ones", async () => {
    const swapped = serviceWith({ encodeFunction: QueueMessageFormat.textXmlEncode, decodeFunction: QueueMessageFormat.textXmlDecode });
    const queue = await newQueue(swapped, "fmt");
    swapped.encodeFunction = QueueMessageFormat.textBase64Encode;
    swapped.decodeFunction = QueueMessageFormat.textBase64Decode;
    await swapped.putMessage(queue, "via base64");
    expect((await raw.peekMessages(queue))[0]!.content).toBe(QueueMessageFormat.textBase64Encode("via base64"));
    expect((await swapped.peekMessages(queue))[0]!.content).toBe("via base64");
  });

  it("updateMessage's content goes through encodeFunction too", async () => {
    const binary = serviceWith({ encodeFunction: QueueMessageFormat.binaryBase64Encode, decodeFunction: QueueMessageFormat.binaryBase64Decode });
    const queue = await newQueue(binary, "fmt");
    await binary.putMessage(queue, new Uint8Array([1]));
    const [message] = await binary.getMessages(queue);
    const bytes = new Uint8Array([9, 8, 7]);
    const updated = await binary.updateMessage(queue, message!.id, message!.popReceipt, 0, { content: bytes });
    expect(updated.content).toBe(bytes);
    expect((await binary.peekMessages(queue))[0]!.content).toEqual(bytes);
  });
});

describe("content a format cannot carry is refused before any request", () => {
  it.each([
    ["textXmlEncode", "nul \u0000", "xml-chars"],
    ["textXmlEncode", "lone \uD800 surrogate", "xml-chars"],
    ["textXmlEncode", "\uFFFE", "xml-chars"],
    ["noEncode", "\u0001", "xml-chars"],
  ] as const)("%s with %j is a ValidationError (%s)", async (format, content, rule) => {
    const attempts: unknown[] = [];
    const decoder = format === "noEncode" ? QueueMessageFormat.noDecode : QueueMessageFormat.textXmlDecode;
    const qs = new QueueService({
      endpoint: accountUrl(),
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      encodeFunction: QueueMessageFormat[format],
      decodeFunction: decoder,
      logger: (event) => attempts.push(event),
    });
    const error = await rejectionOf(qs.putMessage("some-queue", content));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe(rule);
    expect((error as ValidationError).message).toMatch(/base64/i);
    expect(attempts).toEqual([]);
    await qs.close();
  });

  it("textBase64Encode refuses a lone surrogate (lone-surrogate)", async () => {
    const base64 = serviceWith({ encodeFunction: QueueMessageFormat.textBase64Encode, decodeFunction: QueueMessageFormat.textBase64Decode });
    const error = await rejectionOf(base64.putMessage("some-queue", "x\uDC00"));
    expect((error as ValidationError).rule).toBe("lone-surrogate");
  });

  it("a custom encodeFunction returning text XML cannot carry is refused (xml-chars)", async () => {
    const custom = serviceWith<string>({ encodeFunction: () => "\u0000", decodeFunction: (text) => text });
    const error = await rejectionOf(custom.putMessage("some-queue", "x"));
    expect((error as ValidationError).rule).toBe("xml-chars");
  });

  it("a custom encodeFunction returning a non-string is refused (message-type)", async () => {
    const custom = serviceWith<number>({ encodeFunction: (n) => n as unknown as string, decodeFunction: Number });
    const error = await rejectionOf(custom.putMessage("some-queue", 5));
    expect((error as ValidationError).rule).toBe("message-type");
  });

  it("reading text put with another format is a ResponseParseError", async () => {
    const queue = await newQueue(raw, "fmt");
    await raw.putMessage(queue, "not base64!");
    const base64 = serviceWith({ encodeFunction: QueueMessageFormat.textBase64Encode, decodeFunction: QueueMessageFormat.textBase64Decode });
    expect(await rejectionOf(base64.peekMessages(queue))).toBeInstanceOf(ResponseParseError);
  });
});
