import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { aesGcmEncrypt as platformGcmEncrypt } from "#platform/aes";
import * as nodeAes from "../../src/platform/aes.node.js";
import * as webAes from "../../src/platform/aes.browser.js";

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replaceAll(" ", ""), "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

// NIST SP 800-38D test vectors (the gcmEncryptExtIV256 set): a 256-bit key, a 96-bit IV, 128 bits of text, no AAD.
const GCM = {
  key: hex("31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22"),
  iv: hex("0d18e06c7c725ac9e362e1ce"),
  plaintext: hex("2db5168e932556f8089a0622981d017d"),
  sealed: "fa4362189661d163fcd6a56d8bf0405a" + "d636ac1bbedd5cc3ee727dc2ab4a9489",
};
// NIST SP 800-38A F.2.5, CBC-AES256.Encrypt, first block; PKCS#7 then adds a block of padding.
const CBC = {
  key: hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
  iv: hex("000102030405060708090a0b0c0d0e0f"),
  plaintext: hex("6bc1bee22e409f96e93d7e117393172a"),
  firstBlock: "f58c4c04d6e5f1ba779eabfb5f7bfbd6",
};

const MODULES = [
  ["node:crypto", nodeAes],
  ["WebCrypto", webAes],
] as const;

describe("AES platform modules", () => {
  it("resolves #platform/aes to the node:crypto module in Node", () => {
    expect(platformGcmEncrypt).toBe(nodeAes.aesGcmEncrypt);
  });

  it.each(MODULES)("%s: AES-256-GCM matches NIST's vector and refuses an altered tag", async (_name, aes) => {
    const sealed = await aes.aesGcmEncrypt(GCM.key, GCM.iv, GCM.plaintext);
    expect(toHex(sealed)).toBe(GCM.sealed);
    expect(await aes.aesGcmDecrypt(GCM.key, GCM.iv, sealed)).toEqual(GCM.plaintext);
    sealed[sealed.length - 1]! ^= 1;
    await expect(aes.aesGcmDecrypt(GCM.key, GCM.iv, sealed)).rejects.toThrow();
  });

  it.each(MODULES)("%s: AES-256-CBC matches NIST's vector, pads with PKCS#7 and refuses bad padding", async (_name, aes) => {
    const ciphertext = await aes.aesCbcEncrypt(CBC.key, CBC.iv, CBC.plaintext);
    expect(ciphertext).toHaveLength(32);
    expect(toHex(ciphertext.subarray(0, 16))).toBe(CBC.firstBlock);
    expect(await aes.aesCbcDecrypt(CBC.key, CBC.iv, ciphertext)).toEqual(CBC.plaintext);
    await expect(aes.aesCbcDecrypt(CBC.key, CBC.iv, ciphertext.subarray(0, 16))).rejects.toThrow();
  });

  it("both give the same bytes for any text, key and IV, and read each other's", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 300 }), async (key, iv, plaintext) => {
        const nonce = iv.subarray(0, 12);
        const gcm = await nodeAes.aesGcmEncrypt(key, nonce, plaintext);
        expect(await webAes.aesGcmEncrypt(key, nonce, plaintext)).toEqual(gcm);
        expect(await webAes.aesGcmDecrypt(key, nonce, gcm)).toEqual(plaintext);
        const cbc = await webAes.aesCbcEncrypt(key, iv, plaintext);
        expect(await nodeAes.aesCbcEncrypt(key, iv, plaintext)).toEqual(cbc);
        expect(await nodeAes.aesCbcDecrypt(key, iv, cbc)).toEqual(plaintext);
      }),
      { numRuns: 60 },
    );
  });
});
