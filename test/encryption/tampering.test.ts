/**
 * Every field of an envelope altered, one at a time: each gives a DecryptionError naming the cause, never other
 * content, and no error repeats key material.
 */
import { describe, expect, it } from "vitest";
import { decryptMessageText } from "../../src/encryption/decrypt.js";
import { encryptMessageText } from "../../src/encryption/encrypt.js";
import { AesKeyWrapKey, DecryptionError, type DecryptionFailure } from "../../src/index.js";
import type { EnvelopeJson } from "./envelope-json.js";

const KEK_BYTES = Uint8Array.from({ length: 32 }, (_, i) => 0x10 + i);
const kek = await AesKeyWrapKey.import("kek-t", KEK_BYTES);
const CONTENT_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0x60 + i);
const TEXT = "transfer 100 to account 42";

/** Fixed bytes, so that each alteration below has one outcome. */
function fixedRandom(): (length: number) => Uint8Array {
  let call = 0;
  return (length) => (call++ === 0 ? CONTENT_KEY.slice(0, length) : Uint8Array.from({ length }, (_, i) => 0x90 + i));
}

type Envelope = EnvelopeJson;

async function envelopeOf(version: "1.0" | "2.0"): Promise<Envelope> {
  return JSON.parse(await encryptMessageText(TEXT, kek, version, fixedRandom()));
}

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, "base64");
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString("base64");
}

const secrets = [Buffer.from(KEK_BYTES).toString("base64"), Buffer.from(CONTENT_KEY).toString("base64"), Buffer.from(KEK_BYTES).toString("hex"), TEXT];

async function expectFailure(text: string, reason: DecryptionFailure): Promise<DecryptionError> {
  const error = await decryptMessageText(text, { keyEncryptionKey: kek }).then(
    (content) => {
      throw new Error(`decrypted to ${JSON.stringify(content)} instead of failing with ${reason}`);
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DecryptionError);
  expect(error).toMatchObject({ reason });
  const shown = `${String(error)} ${JSON.stringify(error)} ${String((error as Error).cause ?? "")}`;
  for (const secret of secrets) expect(shown).not.toContain(secret);
  return error as DecryptionError;
}

const alterations: { name: string; versions: readonly ("1.0" | "2.0")[]; reason: DecryptionFailure; alter: (e: Envelope) => void }[] = [
  { name: "a ciphertext byte", versions: ["2.0"], reason: "content-tampered", alter: (e) => void (e.EncryptedMessageContents = flipByte(e.EncryptedMessageContents, 14)) },
  { name: "the last ciphertext block", versions: ["1.0"], reason: "content-tampered", alter: (e) => void (e.EncryptedMessageContents = flipByte(e.EncryptedMessageContents, -1)) },
  { name: "the nonce", versions: ["2.0"], reason: "content-tampered", alter: (e) => void (e.EncryptedMessageContents = flipByte(e.EncryptedMessageContents, 0)) },
  { name: "the tag", versions: ["2.0"], reason: "content-tampered", alter: (e) => void (e.EncryptedMessageContents = flipByte(e.EncryptedMessageContents, -1)) },
  { name: "NonceLength", versions: ["2.0"], reason: "content-tampered", alter: (e) => void (e.EncryptionData.EncryptedRegionInfo!.NonceLength = 16) },
  { name: "the wrapped key", versions: ["1.0", "2.0"], reason: "key-unwrap-failed", alter: (e) => void (e.EncryptionData.WrappedContentKey.EncryptedKey = flipByte(e.EncryptionData.WrappedContentKey.EncryptedKey, 3)) },
  { name: "the key id", versions: ["1.0", "2.0"], reason: "key-id-mismatch", alter: (e) => void (e.EncryptionData.WrappedContentKey.KeyId = "kek-other") },
  { name: "the key-wrap algorithm", versions: ["1.0", "2.0"], reason: "key-unwrap-failed", alter: (e) => void (e.EncryptionData.WrappedContentKey.Algorithm = "RSA-OAEP") },
  { name: "the protocol", versions: ["1.0", "2.0"], reason: "unsupported-protocol", alter: (e) => void (e.EncryptionData.EncryptionAgent.Protocol = "3.0") },
  {
    name: "the algorithm",
    versions: ["1.0", "2.0"],
    reason: "unsupported-algorithm",
    alter: (e) => {
      const agent = e.EncryptionData.EncryptionAgent;
      agent.EncryptionAlgorithm = agent.Protocol === "1.0" ? "AES_GCM_256" : "AES_CBC_256";
    },
  },
  { name: "the ciphertext, not base64", versions: ["1.0", "2.0"], reason: "malformed-envelope", alter: (e) => void (e.EncryptedMessageContents = "not base64!") },
  { name: "EncryptionData, removed", versions: ["1.0", "2.0"], reason: "malformed-envelope", alter: (e) => void delete (e as Partial<Envelope>).EncryptionData },
  { name: "the IV, removed", versions: ["1.0"], reason: "malformed-envelope", alter: (e) => void delete e.EncryptionData.ContentEncryptionIV },
  { name: "EncryptedRegionInfo, removed", versions: ["2.0"], reason: "malformed-envelope", alter: (e) => void delete e.EncryptionData.EncryptedRegionInfo },
  { name: "the ciphertext, cut to less than nonce and tag", versions: ["2.0"], reason: "malformed-envelope", alter: (e) => void (e.EncryptedMessageContents = "AAAA") },
];

describe.each(["1.0", "2.0"] as const)("protocol %s, altered", (version) => {
  it.each(alterations.filter((a) => a.versions.includes(version)))("$name: $reason", async ({ reason, alter }) => {
    const envelope = await envelopeOf(version);
    alter(envelope);
    await expectFailure(JSON.stringify(envelope), reason);
  });

  it("truncated anywhere: malformed-envelope", async () => {
    const text = JSON.stringify(await envelopeOf(version));
    for (const length of [40, Math.floor(text.length / 2), text.length - 1]) await expectFailure(text.slice(0, length), "malformed-envelope");
  });
});

describe("protocol 1.0's known weakness", () => {
  it("an altered IV goes unnoticed: the first block decrypts to other text (why 2.0 is the default)", async () => {
    const envelope = await envelopeOf("1.0");
    envelope.EncryptionData.ContentEncryptionIV = flipByte(envelope.EncryptionData.ContentEncryptionIV!, 0);
    const text = await decryptMessageText(JSON.stringify(envelope), { keyEncryptionKey: kek });
    // CBC: flipping a bit of the IV flips the same bit of the first plaintext block, and nothing else.
    expect(text).toBe(String.fromCharCode(TEXT.charCodeAt(0) ^ 1) + TEXT.slice(1));
  });

});

describe("across protocols", () => {
  it("a 2.0 content key replayed in a 1.0 envelope is refused: content-key-invalid", async () => {
    const envelope = await envelopeOf("2.0");
    envelope.EncryptionData.EncryptionAgent = { Protocol: "1.0", EncryptionAlgorithm: "AES_CBC_256" };
    envelope.EncryptionData.ContentEncryptionIV = Buffer.alloc(16).toString("base64");
    await expectFailure(JSON.stringify(envelope), "content-key-invalid");
  });

  it("a 1.0 content key in a 2.0 envelope lacks the version bytes: content-key-invalid", async () => {
    const v1 = await envelopeOf("1.0");
    const v2 = await envelopeOf("2.0");
    v2.EncryptionData.WrappedContentKey = v1.EncryptionData.WrappedContentKey;
    const error = await expectFailure(JSON.stringify(v2), "content-key-invalid");
    expect(error.message).toContain("version bytes");
  });
});
