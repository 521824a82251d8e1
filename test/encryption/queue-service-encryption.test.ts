/**
 * QueueService with client-side encryption against Azurite: what is stored is an envelope, what comes back is the
 * content, byte for byte, through put, get, peek, update and the lease worker; the settings' refusals come before
 * any request.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AesKeyWrapKey, DecryptionError, QueueMessageFormat, QueueService, RsaOaepKey, ValidationError } from "../../src/index.js";
import { accountUrl, emulatorService, loggedService, newQueue, rejectionOf } from "../facade/queue-service-harness.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { waitFor } from "../worker/worker-harness.js";
import type { EnvelopeJson } from "./envelope-json.js";

let raw: QueueService;
let kek: AesKeyWrapKey;
beforeAll(async () => {
  raw = emulatorService({ encodeFunction: (text) => text, decodeFunction: (text) => text });
  kek = await AesKeyWrapKey.import("queue-kek", crypto.getRandomValues(new Uint8Array(32)));
});
afterAll(() => raw.close());

const TEXTS = ["00123", "true", "  leading spaces", "a\rb\r\n", "a < b & c", "😀 中文 café", ""];

async function storedEnvelope(queue: string): Promise<EnvelopeJson> {
  const [stored] = await raw.peekMessages(queue);
  return JSON.parse(stored!.content);
}

describe("QueueService with a key-encryption key", () => {
  it.each(["2.0", "1.0"] as const)("protocol %s: stores envelopes; get and peek give the text back byte for byte", async (encryptionVersion) => {
    await using qs = emulatorService({ keyEncryptionKey: kek, encryptionVersion });
    const queue = await newQueue(qs, "enc");
    for (const text of TEXTS) await qs.putMessage(queue, text);
    const envelope = await storedEnvelope(queue);
    expect(envelope.EncryptionData.EncryptionAgent.Protocol).toBe(encryptionVersion);
    expect(envelope.EncryptionData.WrappedContentKey).toMatchObject({ KeyId: "queue-kek", Algorithm: "A256KW" });
    expect((await qs.peekMessages(queue, { numMessages: 32 })).map((m) => m.content)).toEqual(TEXTS);
    expect((await qs.getMessages(queue, { numMessages: 32 })).map((m) => m.content)).toEqual(TEXTS);
  });

  it("defaults to protocol 2.0, encrypts after the binary format encodes, and decrypts before it decodes", async () => {
    await using qs = new QueueService<Uint8Array>({
      endpoint: accountUrl(),
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      encodeFunction: QueueMessageFormat.binaryBase64Encode,
      decodeFunction: QueueMessageFormat.binaryBase64Decode,
      keyEncryptionKey: kek,
    });
    expect(qs.encryptionVersion).toBe("2.0");
    const queue = await newQueue(qs, "encb");
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    await qs.putMessage(queue, bytes);
    expect((await storedEnvelope(queue)).EncryptionData.EncryptionAgent.EncryptionAlgorithm).toBe("AES_GCM_256");
    const [message] = await qs.getMessages(queue);
    expect(message!.content).toEqual(bytes);
  });

  it("updateMessage encrypts its new content too", async () => {
    await using qs = emulatorService({ keyEncryptionKey: kek });
    const queue = await newQueue(qs, "encu");
    await qs.putMessage(queue, "first");
    const [received] = await qs.getMessages(queue);
    expect(await raw.peekMessages(queue)).toEqual([]);
    await qs.updateMessage(queue, received!.id, received!.popReceipt, 0, { content: "second < third" });
    expect((await storedEnvelope(queue)).EncryptedMessageContents).toEqual(expect.any(String));
    expect((await qs.peekMessages(queue))[0]!.content).toBe("second < third");
  });

  it("an RSA-OAEP key works the same; a public-only key puts, and its reader needs the private half", async () => {
    const pair = await crypto.subtle.generateKey({ name: "RSA-OAEP", modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: "SHA-1" }, true, ["encrypt", "decrypt"]);
    const producerKey = await RsaOaepKey.fromJwk("rsa", await crypto.subtle.exportKey("jwk", pair.publicKey));
    await using producer = emulatorService({ keyEncryptionKey: producerKey });
    await using consumer = emulatorService({ keyEncryptionKey: RsaOaepKey.fromCryptoKeys("rsa", pair) });
    const queue = await newQueue(producer, "encr");
    await producer.putMessage(queue, "for the private key only");
    expect((await storedEnvelope(queue)).EncryptionData.WrappedContentKey.Algorithm).toBe("RSA-OAEP");
    expect((await consumer.getMessages(queue))[0]!.content).toBe("for the private key only");
  });

  it("checks the 64 KiB limit on the envelope: content that fits plain may not fit encrypted, refused before sending", async () => {
    const { qs, attempts } = loggedService({ keyEncryptionKey: kek });
    const queue = await newQueue(qs, "encl");
    attempts.length = 0;
    const error = await rejectionOf(qs.putMessage(queue, "x".repeat(60_000)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ rule: "message-size" });
    expect(attempts).toEqual([]);
    await qs.putMessage(queue, "x".repeat(40_000));
    expect((await qs.getMessages(queue))[0]!.content).toHaveLength(40_000);
    await qs.close();
  });

  it("the fields are assignable: a key set after construction encrypts, and a resolver then picks keys by id", async () => {
    await using qs = emulatorService();
    const queue = await newQueue(qs, "encf");
    await qs.putMessage(queue, "plain");
    qs.keyEncryptionKey = kek;
    await qs.putMessage(queue, "secret");
    const old = await AesKeyWrapKey.import("old-kek", crypto.getRandomValues(new Uint8Array(32)));
    qs.keyEncryptionKey = old;
    qs.encryptionVersion = "1.0";
    await qs.putMessage(queue, "older secret");
    qs.keyEncryptionKey = undefined;
    qs.keyResolverFunction = (kid) => ({ "queue-kek": kek, "old-kek": old })[kid];
    // Without requireEncryption, a plain message comes back as is.
    expect((await qs.peekMessages(queue, { numMessages: 32 })).map((m) => m.content)).toEqual(["plain", "secret", "older secret"]);
  });
});

describe("requireEncryption", () => {
  it("refuses to put without a key and to read without a key or resolver, before any request", async () => {
    const { qs, attempts } = loggedService({ requireEncryption: true });
    const put = await rejectionOf(qs.putMessage("anyqueue", "hello"));
    expect(put).toBeInstanceOf(ValidationError);
    expect(put).toMatchObject({ rule: "encryption-required" });
    expect(await rejectionOf(qs.getMessages("anyqueue"))).toMatchObject({ rule: "encryption-required" });
    expect(await rejectionOf(qs.peekMessages("anyqueue"))).toMatchObject({ rule: "encryption-required" });
    expect(attempts).toEqual([]);
    await qs.close();
  });

  it("a plain message read with encryption required fails with DecryptionError not-encrypted", async () => {
    await using qs = emulatorService({ keyEncryptionKey: kek, requireEncryption: true });
    const queue = await newQueue(qs, "encq");
    await raw.putMessage(queue, "plain text");
    const error = await rejectionOf(qs.peekMessages(queue));
    expect(error).toBeInstanceOf(DecryptionError);
    expect(error).toMatchObject({ reason: "not-encrypted", message: "requireEncryption is set, and the message is not encrypted." });
  });
});

describe("secrets", () => {
  it("neither inspect nor JSON of a service with a key-encryption key shows the key", async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    await using qs = emulatorService({ keyEncryptionKey: await AesKeyWrapKey.import("kid-secret", bytes) });
    for (const text of [inspect(qs, { depth: 10, showHidden: true }), JSON.stringify(qs), inspect(qs.keyEncryptionKey, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain(Buffer.from(bytes).toString("base64"));
      expect(text).not.toContain(Buffer.from(bytes).toString("hex"));
    }
  });
});

describe("settings checked", () => {
  it("the constructor refuses a key without the methods, a resolver that is not a function, an unknown version", () => {
    expect(() => emulatorService({ keyEncryptionKey: {} as never })).toThrow(ValidationError);
    expect(() => emulatorService({ keyResolverFunction: "kek" as never })).toThrow(expect.objectContaining({ rule: "key-resolver" }));
    expect(() => emulatorService({ encryptionVersion: "3.0" as never })).toThrow(expect.objectContaining({ rule: "encryption-version" }));
    expect(() => emulatorService({ requireEncryption: "yes" as never })).toThrow(expect.objectContaining({ rule: "require-encryption" }));
  });

  it("a field assigned a wrong value is refused at the next put, before any request", async () => {
    const { qs, attempts } = loggedService({ keyEncryptionKey: kek });
    qs.encryptionVersion = "1.1" as never;
    expect(await rejectionOf(qs.putMessage("anyqueue", "x"))).toMatchObject({ rule: "encryption-version" });
    expect(attempts).toEqual([]);
    await qs.close();
  });
});

describe("the lease worker on an encrypted queue", () => {
  it("hands handlers decrypted content, and poisons the envelope unchanged", async () => {
    await using qs = emulatorService({ keyEncryptionKey: kek });
    const queue = await newQueue(qs, "encw");
    await qs.putMessage(queue, "good");
    await qs.putMessage(queue, "bad");
    const stored = (await raw.peekMessages(queue, { numMessages: 2 })).map((m) => m.content);
    const seen: string[] = [];
    const worker = qs.processMessages(queue, (message) => {
      seen.push(message.content);
      if (message.content === "bad") throw new Error("refused");
    }, { maxDequeueCount: 1, maxPollInterval: 0.2 });
    await waitFor(() => worker.stats.completed === 1 && worker.stats.poisoned === 1, 20_000, "one completed, one poisoned");
    await worker.stop();
    expect(seen.sort()).toEqual(["bad", "good"]);
    expect((await raw.peekMessages(`${queue}-poison`))[0]!.content).toBe(stored[1]);
    expect((await qs.peekMessages(`${queue}-poison`))[0]!.content).toBe("bad");
  });
});
