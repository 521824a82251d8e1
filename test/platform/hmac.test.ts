import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHmacSha256 } from "#platform/hmac";
import { createHmacSha256 as createNodeHmac } from "../../src/platform/hmac.node.js";
import { createHmacSha256 as createBrowserHmac } from "../../src/platform/hmac.browser.js";

describe("HMAC-SHA256 platform modules", () => {
  it("resolves #platform/hmac to the node:crypto module in Node", () => {
    expect(createHmacSha256).toBe(createNodeHmac);
  });

  it.each([
    ["node:crypto", createNodeHmac],
    ["@noble/hashes", createBrowserHmac],
  ])("%s matches RFC 4231 test case 2", (_name, create) => {
    const sign = create(new TextEncoder().encode("Jefe"));
    const expected = Buffer.from("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "hex").toString("base64");
    expect(sign("what do ya want for nothing?")).toBe(expected);
    // The keyed state is reused: a second message must not see the first.
    expect(sign("what do ya want for nothing?")).toBe(expected);
  });

  it("node and browser modules give identical digests of UTF-8 messages for any key", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.array(fc.string({ unit: "grapheme" }), { maxLength: 4 }), (key, messages) => {
        const node = createNodeHmac(key);
        const browser = createBrowserHmac(key);
        for (const message of messages) {
          const reference = createHmac("sha256", key).update(message, "utf8").digest("base64");
          expect(node(message)).toBe(reference);
          expect(browser(message)).toBe(reference);
        }
      }),
      { numRuns: 200 },
    );
  });
});
