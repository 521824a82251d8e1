import { describe, expect, it } from "vitest";
import { decryptMessageText } from "../../src/encryption/decrypt.js";
import { encryptMessageText } from "../../src/encryption/encrypt.js";
import { AesKeyWrapKey } from "../../src/index.js";
import { AZQUEUE_VERSION } from "../../src/transport/user-agent.js";

const KEK_BYTES = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);
const kek = await AesKeyWrapKey.import("kek-1", KEK_BYTES);

/** Fixed "random" bytes: the content key 0x01 0x02 ..., then the IV or nonce 0x41 0x42 ... */
function fixedRandom(): (length: number) => Uint8Array {
  let call = 0;
  return (length) => {
    const start = call++ === 0 ? 0x01 : 0x41;
    return Uint8Array.from({ length }, (_, i) => start + i);
  };
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

describe("the envelope", () => {
  it("protocol 2.0: fields in the other SDKs' order, AES-GCM with the nonce before the ciphertext and tag", async () => {
    const random = fixedRandom();
    const text = await encryptMessageText("hello, queue", kek, "2.0", random);
    const envelope = JSON.parse(text);
    expect(Object.keys(envelope)).toEqual(["EncryptedMessageContents", "EncryptionData"]);
    expect(Object.keys(envelope.EncryptionData)).toEqual(["WrappedContentKey", "EncryptionAgent", "EncryptedRegionInfo", "KeyWrappingMetadata"]);
    expect(envelope.EncryptionData).toEqual({
      WrappedContentKey: { KeyId: "kek-1", EncryptedKey: expect.any(String), Algorithm: "A256KW" },
      EncryptionAgent: { Protocol: "2.0", EncryptionAlgorithm: "AES_GCM_256" },
      EncryptedRegionInfo: { DataLength: 4194304, NonceLength: 12 },
      KeyWrappingMetadata: { EncryptionLibrary: `JavaScript azqueue ${AZQUEUE_VERSION}` },
    });
    const sealed = Buffer.from(envelope.EncryptedMessageContents, "base64");
    const nonce = Uint8Array.from({ length: 12 }, (_, i) => 0x41 + i);
    expect(sealed.subarray(0, 12)).toEqual(Buffer.from(nonce));
    expect(sealed).toHaveLength(12 + "hello, queue".length + 16);
    // The wrapped key is "2.0" padded to 8 bytes, then the content key.
    const unwrapped = await kek.unwrapKey(Buffer.from(envelope.EncryptionData.WrappedContentKey.EncryptedKey, "base64"), "A256KW");
    expect(Buffer.from(unwrapped.subarray(0, 8)).toString("latin1")).toBe("2.0\0\0\0\0\0");
    const contentKey = await crypto.subtle.importKey("raw", unwrapped.slice(8), "AES-GCM", false, ["decrypt"]);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, contentKey, sealed.subarray(12));
    expect(new TextDecoder().decode(plain)).toBe("hello, queue");
  });

  it("protocol 1.0: AES-CBC with PKCS#7 padding, the IV in ContentEncryptionIV, the bare content key wrapped", async () => {
    const text = await encryptMessageText("sixteen bytes!!!", kek, "1.0", fixedRandom());
    const envelope = JSON.parse(text);
    expect(Object.keys(envelope.EncryptionData)).toEqual(["WrappedContentKey", "EncryptionAgent", "ContentEncryptionIV", "KeyWrappingMetadata"]);
    expect(envelope.EncryptionData.EncryptionAgent).toEqual({ Protocol: "1.0", EncryptionAlgorithm: "AES_CBC_256" });
    expect(envelope.EncryptionData.ContentEncryptionIV).toBe(base64(Uint8Array.from({ length: 16 }, (_, i) => 0x41 + i)));
    // 16 bytes of text take a whole block of padding.
    expect(Buffer.from(envelope.EncryptedMessageContents, "base64")).toHaveLength(32);
    const unwrapped = await kek.unwrapKey(Buffer.from(envelope.EncryptionData.WrappedContentKey.EncryptedKey, "base64"), "A256KW");
    expect(unwrapped).toEqual(Uint8Array.from({ length: 32 }, (_, i) => 0x01 + i));
  });

  it.each(["1.0", "2.0"] as const)("protocol %s round-trips text byte for byte, with a fresh key and IV per message", async (version) => {
    const texts = ["00123", "true", "  leading spaces", "a\rb\r\n", "😀 中文 café", "", "x".repeat(40_000)];
    for (const text of texts) {
      const first = await encryptMessageText(text, kek, version);
      const second = await encryptMessageText(text, kek, version);
      expect(first).not.toBe(second);
      expect(await decryptMessageText(first, { keyEncryptionKey: kek })).toBe(text);
    }
  });

  it("text that does not start as an envelope is plain: returned as is, or refused when encryption is required", async () => {
    for (const plain of ["hello", '{"order": 1}', "[1,2]", "", " {EncryptionData"]) {
      expect(await decryptMessageText(plain, { keyEncryptionKey: kek })).toBe(plain);
      await expect(decryptMessageText(plain, { keyEncryptionKey: kek, requireEncryption: true })).rejects.toMatchObject({ name: "DecryptionError", reason: "not-encrypted" });
    }
  });

  it("reads an envelope with the Python SDK's spacing and with either field first", async () => {
    const envelope = JSON.parse(await encryptMessageText("spaced", kek, "2.0"));
    const pythonStyle = JSON.stringify(envelope).replaceAll('":', '": ').replaceAll('",', '", ');
    expect(await decryptMessageText(pythonStyle, { keyEncryptionKey: kek })).toBe("spaced");
    const dataFirst = JSON.stringify({ EncryptionData: envelope.EncryptionData, EncryptedMessageContents: envelope.EncryptedMessageContents });
    expect(await decryptMessageText(dataFirst, { keyEncryptionKey: kek })).toBe("spaced");
  });

  it("a resolver finds the key by id and takes precedence; without one for the id it is key-not-found", async () => {
    const other = await AesKeyWrapKey.import("kek-2", KEK_BYTES.map((byte) => byte ^ 0xff));
    const text = await encryptMessageText("by id", other, "2.0");
    const asked: string[] = [];
    const resolver = (kid: string) => {
      asked.push(kid);
      return kid === "kek-2" ? Promise.resolve(other) : undefined;
    };
    expect(await decryptMessageText(text, { keyEncryptionKey: kek, keyResolverFunction: resolver })).toBe("by id");
    expect(asked).toEqual(["kek-2"]);
    const own = await encryptMessageText("own", kek, "2.0");
    await expect(decryptMessageText(own, { keyEncryptionKey: kek, keyResolverFunction: resolver })).rejects.toMatchObject({
      reason: "key-not-found",
      message: 'keyResolverFunction has no key-encryption key for key id "kek-1".',
    });
    await expect(decryptMessageText(own, {})).rejects.toMatchObject({ reason: "key-not-found" });
  });
});
