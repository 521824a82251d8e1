import { describe, expect, it } from "vitest";
import { AesKeyWrapKey, RsaOaepKey, ValidationError } from "../../src/index.js";
import { rejectionOf } from "../facade/queue-service-harness.js";

const hex = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(text.match(/../g)!.map((byte) => parseInt(byte, 16)));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex").toUpperCase();

// RFC 3394, sections 4.3 and 4.6: a 256-bit KEK wrapping 128 and 256 bits of key data.
const RFC_KEK = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
const RFC_VECTORS = [
  { data: "00112233445566778899AABBCCDDEEFF", wrapped: "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7" },
  {
    data: "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
    wrapped: "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
  },
];

describe("AesKeyWrapKey", () => {
  it.each(RFC_VECTORS)("wraps and unwraps the RFC 3394 vector of $data.length hex digits", async ({ data, wrapped }) => {
    const kek = await AesKeyWrapKey.import("rfc", RFC_KEK);
    expect(kek.getKeyWrapAlgorithm()).toBe("A256KW");
    expect(toHex(await kek.wrapKey(hex(data)))).toBe(wrapped);
    expect(toHex(await kek.unwrapKey(hex(wrapped), "A256KW"))).toBe(data);
  });

  it("wraps protocol 2.0's 40 bytes, which are no AES key length", async () => {
    const kek = await AesKeyWrapKey.import("k", RFC_KEK);
    const forty = Uint8Array.from({ length: 40 }, (_, i) => i * 3);
    const wrapped = await kek.wrapKey(forty);
    expect(wrapped).toHaveLength(48);
    expect(await kek.unwrapKey(wrapped, "A256KW")).toEqual(forty);
  });

  it("refuses a wrapped key that fails the integrity check, and an algorithm not its own", async () => {
    const kek = await AesKeyWrapKey.import("k", RFC_KEK);
    const wrapped = hex(RFC_VECTORS[1]!.wrapped);
    wrapped[5]! ^= 1;
    await expect(kek.unwrapKey(wrapped, "A256KW")).rejects.toThrow();
    await expect(kek.unwrapKey(hex(RFC_VECTORS[1]!.wrapped), "RSA-OAEP")).rejects.toThrow("this key unwraps A256KW, not RSA-OAEP");
  });

  it("names A128KW and A192KW by length, takes an AES-KW CryptoKey, and refuses other lengths and kinds", async () => {
    expect((await AesKeyWrapKey.import("k", RFC_KEK.slice(0, 16))).getKeyWrapAlgorithm()).toBe("A128KW");
    expect((await AesKeyWrapKey.import("k", RFC_KEK.slice(0, 24))).getKeyWrapAlgorithm()).toBe("A192KW");
    const cryptoKey = await crypto.subtle.importKey("raw", RFC_KEK, "AES-KW", false, ["wrapKey", "unwrapKey"]);
    const fromCryptoKey = await AesKeyWrapKey.import("ck", cryptoKey);
    expect(toHex(await fromCryptoKey.wrapKey(hex(RFC_VECTORS[0]!.data)))).toBe(RFC_VECTORS[0]!.wrapped);
    const tooShort = await rejectionOf(AesKeyWrapKey.import("k", new Uint8Array(20)));
    expect(tooShort).toBeInstanceOf(ValidationError);
    expect(tooShort).toMatchObject({ rule: "key-encryption-key", message: "An AES key-wrap key is 16, 24 or 32 bytes; got 20" });
    const gcmKey = await crypto.subtle.importKey("raw", RFC_KEK, "AES-GCM", false, ["encrypt"]);
    expect(await rejectionOf(AesKeyWrapKey.import("k", gcmKey))).toMatchObject({ rule: "key-encryption-key" });
    expect(await rejectionOf(AesKeyWrapKey.import("", RFC_KEK))).toMatchObject({ rule: "key-encryption-key" });
  });
});

async function rsaPair(hash: "SHA-1" | "SHA-256"): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "RSA-OAEP", modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash }, true, ["encrypt", "decrypt"]);
}

describe("RsaOaepKey", () => {
  it("from a private JWK wraps and unwraps; from the public JWK alone it wraps but cannot unwrap", async () => {
    const pair = await rsaPair("SHA-1");
    const privateJwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
    const publicJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
    const both = await RsaOaepKey.fromJwk("rsa-1", privateJwk);
    const producer = await RsaOaepKey.fromJwk("rsa-1", publicJwk);
    expect(both.getKeyWrapAlgorithm()).toBe("RSA-OAEP");
    const contentKey = crypto.getRandomValues(new Uint8Array(40));
    const wrapped = await producer.wrapKey(contentKey);
    expect(wrapped).toHaveLength(256);
    expect(await both.unwrapKey(wrapped, "RSA-OAEP")).toEqual(contentKey);
    await expect(producer.unwrapKey(wrapped, "RSA-OAEP")).rejects.toThrow("key rsa-1 has no private key to unwrap with");
    // What was wrapped is the content key, read back only with the private key and SHA-1 OAEP.
    expect(new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, pair.privateKey, wrapped as Uint8Array<ArrayBuffer>))).toEqual(contentKey);
  });

  it("follows the keys' hash: SHA-256 is RSA-OAEP-256, from CryptoKeys and from a JWK's alg", async () => {
    const pair = await rsaPair("SHA-256");
    const fromKeys = RsaOaepKey.fromCryptoKeys("rsa-256", pair);
    expect(fromKeys.getKeyWrapAlgorithm()).toBe("RSA-OAEP-256");
    const fromJwk = await RsaOaepKey.fromJwk("rsa-256", await crypto.subtle.exportKey("jwk", pair.privateKey));
    expect(fromJwk.getKeyWrapAlgorithm()).toBe("RSA-OAEP-256");
    const contentKey = crypto.getRandomValues(new Uint8Array(32));
    expect(await fromJwk.unwrapKey(await fromKeys.wrapKey(contentKey), "RSA-OAEP-256")).toEqual(contentKey);
    await expect(fromKeys.unwrapKey(new Uint8Array(256), "RSA-OAEP")).rejects.toThrow("this key unwraps RSA-OAEP-256, not RSA-OAEP");
  });

  it("refuses a JWK that is not RSA, an algorithm it does not do, and keys without the usage", async () => {
    expect(await rejectionOf(RsaOaepKey.fromJwk("k", { kty: "oct", k: "AAAA" }))).toBeInstanceOf(ValidationError);
    const pair = await rsaPair("SHA-1");
    const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
    expect(await rejectionOf(RsaOaepKey.fromJwk("k", { ...jwk, alg: "RSA1_5" }))).toMatchObject({ rule: "key-encryption-key" });
    const signing = await crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: "SHA-256" }, true, ["sign", "verify"]);
    expect(() => RsaOaepKey.fromCryptoKeys("k", signing)).toThrow(ValidationError);
    expect(() => RsaOaepKey.fromCryptoKeys("k", {})).toThrow("needs a publicKey, a privateKey or both");
  });
});
