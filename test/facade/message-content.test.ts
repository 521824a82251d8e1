import { describe, expect, it } from "vitest";
import { codecFromOptions, createMessageContent, decodeEach } from "../../src/facade/message-content.js";
import { QueueMessageFormat, ValidationError, type MessageCodec } from "../../src/index.js";

const wire = [{ MessageText: "a" }, { MessageText: "b" }, { MessageText: "c" }];
const pair = (message: { MessageText: string }, content: string) => `${message.MessageText}:${content}`;

describe("message content", () => {
  it("without an asynchronous step, encode and decodeEach give values, not promises", () => {
    const content = createMessageContent(codecFromOptions<string>({}));
    expect(content.encode("a < b")).toBe("a &lt; b");
    const decoded = decodeEach(content, wire, pair);
    expect(decoded).toEqual(["a:a", "b:b", "c:c"]);
  });

  it("reads encodeFunction and decodeFunction at each call, so assigning new ones takes effect", () => {
    const codec: { encodeFunction: MessageCodec<string>["encodeFunction"]; decodeFunction: MessageCodec<string>["decodeFunction"] } = {
      encodeFunction: QueueMessageFormat.textXmlEncode,
      decodeFunction: QueueMessageFormat.textXmlDecode,
    };
    const content = createMessageContent(codec);
    codec.encodeFunction = QueueMessageFormat.textBase64Encode;
    codec.decodeFunction = QueueMessageFormat.textBase64Decode;
    expect(content.encode("hé")).toBe("aMOp");
    expect(content.decode("aMOp")).toBe("hé");
  });

  it("an asynchronous decode gives one promise of the messages, in their order", async () => {
    const delays: Record<string, number> = { a: 20, b: 0, c: 10 };
    const content = createMessageContent<string>({
      encodeFunction: (text) => text,
      decodeFunction: (text) => text,
    });
    const slow = { ...content, decode: (text: string) => new Promise<string>((resolve) => setTimeout(() => resolve(text.toUpperCase()), delays[text])) };
    const decoded = decodeEach(slow, wire, pair);
    expect(decoded).toBeInstanceOf(Promise);
    expect(await decoded).toEqual(["a:A", "b:B", "c:C"]);
  });

  it("a decode that throws fails the whole list at once", () => {
    const content = createMessageContent<string>({
      encodeFunction: (text) => text,
      decodeFunction: QueueMessageFormat.binaryBase64Decode as unknown as (text: string) => string,
    });
    expect(() => decodeEach(content, [{ MessageText: "not base64!" }], pair)).toThrow(/not valid base64/);
  });

  it("codec options that are not functions are refused with rule codec", () => {
    expect(() => codecFromOptions({ encodeFunction: "textXmlEncode" as never })).toThrow(ValidationError);
    expect(() => codecFromOptions({ decodeFunction: 42 as never })).toThrow(/decodeFunction must be a function/);
  });
});
