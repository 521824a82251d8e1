import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeBase64Strict, encodeBase64 } from "../../src/encoding/base64.js";
import { ValidationError } from "../../src/errors.js";

describe("base64", () => {
  it("encodes and decodes any bytes exactly as Node's Buffer does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200_000 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64Strict(text)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it("decodes the emulator's published account key to its 64 bytes", () => {
    const key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    expect(decodeBase64Strict(key)).toEqual(new Uint8Array(Buffer.from(key, "base64")));
    expect(decodeBase64Strict(key)).toHaveLength(64);
  });

  // Texts long enough that finding one in the message would mean it was echoed.
  it.each([
    ["missing padding", "c2VjcmV0S2V5MQ"],
    ["a stray space", "c2VjcmV0S2V5 "],
    ["a line break", "c2VjcmV0\nS2V5MTIz"],
    ["URL-safe letters", "c2VjcmV0-_V5"],
    ["padding in the middle", "c2Vj==cmV0S2V5"],
    ["too much padding", "c2VjcmV0S2V5M==="],
    ["a dangling character", "c2VjcmV0S2V5M"],
  ])("refuses %s with a ValidationError that does not repeat the text", (_case, text) => {
    let caught: unknown;
    try {
      decodeBase64Strict(text, "account key");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).rule).toBe("base64");
    expect((caught as ValidationError).message).toContain("account key");
    expect((caught as ValidationError).message).not.toContain(text.trim());
  });
});
