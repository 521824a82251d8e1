/**
 * What the client-side encryption interop files share: the key-encryption keys in both azqueue's form and peer.py's,
 * azqueue services with encryption on, the exchange each way with a check that every stored message is an envelope
 * of the expected protocol and key, and the known-answer comparison of envelopes made from the same fixed bytes.
 */
import { expect } from "vitest";
import { AesKeyWrapKey, DecryptionError, RsaOaepKey, type KeyEncryptionKey, type QueueService } from "../../src/index.js";
import { encryptMessageText } from "../../src/encryption/encrypt.js";
import { rejection } from "../harness/rejection.js";
import type { ContentCase } from "./cases.js";
import { MAX_BATCH, azqueueWithFormat, expectSameContents, putAll, readAll, type FormatName } from "./exchange.js";
import type { PythonEncryption, PythonKek, PythonSdk } from "./python-peer.js";
import type { PythonSession } from "./python-session.js";

export type Version = "1.0" | "2.0";

/** One key-encryption key as each side holds it; `algorithm` names it in the matrix. */
export interface InteropKek {
  readonly algorithm: "A256KW" | "RSA-OAEP";
  readonly kid: string;
  readonly azqueue: KeyEncryptionKey;
  readonly python: PythonKek;
}

/** Fixed, so a known-answer failure reproduces byte for byte. */
const AES_KEY = Uint8Array.from({ length: 32 }, (_, index) => 0xa0 ^ index);

export async function aesKek(kid = "interop-aes"): Promise<InteropKek> {
  return {
    algorithm: "A256KW",
    kid,
    azqueue: await AesKeyWrapKey.import(kid, AES_KEY),
    python: { type: "aes", kid, key: AES_KEY },
  };
}

/** A fresh 2048-bit pair: the private key goes to Python as PKCS #8 and to azqueue as a JWK. */
export async function rsaKek(kid = "interop-rsa"): Promise<InteropKek> {
  const pair = await crypto.subtle.generateKey(
    { name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" },
    true,
    ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  return { algorithm: "RSA-OAEP", kid, azqueue: await RsaOaepKey.fromJwk(kid, jwk), python: { type: "rsa", kid, pkcs8 } };
}

/** The matrix's encryption column. */
export const encryptionLabel = (version: Version, kek: InteropKek) => `${version} ${kek.algorithm}`;

const CONTENT_ALGORITHM: Record<Version, string> = { "1.0": "AES_CBC_256", "2.0": "AES_GCM_256" };

export interface EncryptionSettings {
  readonly keyEncryptionKey?: KeyEncryptionKey;
  readonly keyResolverFunction?: (kid: string) => KeyEncryptionKey | undefined;
  readonly requireEncryption?: boolean;
  readonly encryptionVersion?: Version;
}

/** azqueue with the named format and the given encryption fields, set as a user would set them. */
export function encryptingService(
  accountUrl: string,
  format: FormatName,
  settings: EncryptionSettings,
): QueueService<string | Uint8Array> {
  const service = azqueueWithFormat(accountUrl, format);
  if (settings.keyEncryptionKey) service.keyEncryptionKey = settings.keyEncryptionKey;
  if (settings.keyResolverFunction) service.keyResolverFunction = settings.keyResolverFunction;
  if (settings.requireEncryption !== undefined) service.requireEncryption = settings.requireEncryption;
  if (settings.encryptionVersion) service.encryptionVersion = settings.encryptionVersion;
  return service;
}

/** What a stored text says about its encryption, or the text itself when it is not an envelope. */
export function envelopeOf(stored: string | undefined): Record<string, unknown> | string | undefined {
  let envelope: {
    EncryptedMessageContents?: unknown;
    EncryptionData?: {
      WrappedContentKey?: { KeyId?: unknown; Algorithm?: unknown };
      EncryptionAgent?: { Protocol?: unknown; EncryptionAlgorithm?: unknown };
    };
  };
  try {
    envelope = JSON.parse(stored ?? "") as typeof envelope;
  } catch {
    return stored;
  }
  return {
    protocol: envelope.EncryptionData?.EncryptionAgent?.Protocol,
    contentAlgorithm: envelope.EncryptionData?.EncryptionAgent?.EncryptionAlgorithm,
    kid: envelope.EncryptionData?.WrappedContentKey?.KeyId,
    keyWrapAlgorithm: envelope.EncryptionData?.WrappedContentKey?.Algorithm,
    hasContents: typeof envelope.EncryptedMessageContents === "string",
  };
}

export const expectedEnvelope = (version: Version, kek: InteropKek) => ({
  protocol: version,
  contentAlgorithm: CONTENT_ALGORITHM[version],
  kid: kek.kid,
  keyWrapAlgorithm: kek.algorithm,
  hasContents: true,
});

/**
 * Fails unless every message in `queue` (read as stored, without decrypting) is an envelope of `version` wrapped by
 * `kek`: without this, two sides that both forgot to encrypt would pass the exchange.
 */
export async function expectEnvelopes(
  raw: QueueService<string>,
  queue: string,
  cases: readonly ContentCase<unknown>[],
  ids: readonly string[],
  version: Version,
  kek: InteropKek,
): Promise<void> {
  const stored = await readAll(ids, () => raw.peekMessages(queue, { numMessages: MAX_BATCH }));
  expect(cases.map((c, index) => ({ name: c.name, stored: envelopeOf(stored.get(ids[index]!)) }))).toEqual(
    cases.map((c) => ({ name: c.name, stored: expectedEnvelope(version, kek) })),
  );
}

/** One exchange of the matrix: which peer, in which format, with which protocol and key. */
export interface Exchange {
  readonly session: PythonSession;
  readonly sdk: PythonSdk;
  readonly accountUrl: string;
  readonly format: FormatName;
  readonly version: Version;
  readonly kek: InteropKek;
}

/** Both sides require encryption, so a plain message anywhere fails the read as well as the envelope check. */
const peerEncryption = ({ kek, version }: Exchange): PythonEncryption => ({ kek: kek.python, version, require: true });
const azqueueEncryption = ({ kek, version }: Exchange): EncryptionSettings => ({
  keyEncryptionKey: kek.azqueue,
  requireEncryption: true,
  encryptionVersion: version,
});

export async function peerToAzqueue(exchange: Exchange, cases: readonly ContentCase<string | Uint8Array>[]) {
  const { session, sdk, accountUrl, format, version, kek } = exchange;
  const queue = await session.newQueue();
  const ids = await putAll(cases, (content) => session.peer.put(sdk, format, queue, content, peerEncryption(exchange)));
  await expectEnvelopes(session.raw, queue, cases, ids, version, kek);
  await using service = encryptingService(accountUrl, format, azqueueEncryption(exchange));
  const received = await readAll(ids, () => service.getMessages(queue, { numMessages: MAX_BATCH }));
  expectSameContents(cases, ids, received);
}

export async function azqueueToPeer(exchange: Exchange, cases: readonly ContentCase<string | Uint8Array>[]) {
  const { session, sdk, accountUrl, format, version, kek } = exchange;
  const queue = await session.newQueue();
  await using service = encryptingService(accountUrl, format, azqueueEncryption(exchange));
  const ids = await putAll(cases, (content) => service.putMessage(queue, content));
  await expectEnvelopes(session.raw, queue, cases, ids, version, kek);
  const encryption = peerEncryption(exchange);
  const received = await readAll(ids, () => session.peer.get(sdk, format, queue, { numMessages: MAX_BATCH, encryption }));
  expectSameContents(cases, ids, received);
}

/**
 * One message updated by each side in turn, each update encrypting its new content: the peer puts, azqueue gets
 * and updates, the peer gets and updates, azqueue gets.
 */
export async function expectUpdatesBothWays(exchange: Exchange): Promise<void> {
  const { session, sdk, accountUrl, format, version, kek } = exchange;
  const encryption = peerEncryption(exchange);
  const queue = await session.newQueue();
  await using service = encryptingService(accountUrl, format, azqueueEncryption(exchange));
  const storedEnvelope = async () => envelopeOf((await session.raw.peekMessages(queue))[0]?.content);

  const put = await session.peer.put(sdk, format, queue, "put by the peer <&>", encryption);
  const [got] = await service.getMessages(queue);
  expect(got).toMatchObject({ id: put.id, content: "put by the peer <&>" });
  await service.updateMessage(queue, put.id, got!.popReceipt, 0, { content: "updated by azqueue <&>" });
  await expect(storedEnvelope()).resolves.toEqual(expectedEnvelope(version, kek));

  const [gotByPeer] = await session.peer.get(sdk, format, queue, { encryption });
  expect(gotByPeer).toMatchObject({ id: put.id, content: "updated by azqueue <&>" });
  await session.peer.update(sdk, format, queue, put.id, gotByPeer!.popReceipt!, 0, "updated by the peer <&>", encryption);
  await expect(storedEnvelope()).resolves.toEqual(expectedEnvelope(version, kek));

  const [last] = await service.getMessages(queue);
  expect(last).toMatchObject({ id: put.id, dequeueCount: 3, content: "updated by the peer <&>" });
}

/**
 * Resolver-only decryption both ways, one message per key: azqueue's resolver knows every kid and must be asked for
 * each; the peer's knows one, so each key gets a queue of its own. A resolver without the kid is refused on both.
 */
export async function expectResolversBothWays(exchange: Omit<Exchange, "kek">, keks: readonly InteropKek[]): Promise<void> {
  const { session, sdk, accountUrl, format, version } = exchange;
  const asked: string[] = [];
  await using resolving = encryptingService(accountUrl, format, {
    keyResolverFunction: (kid) => {
      asked.push(kid);
      return keks.find((kek) => kek.kid === kid)?.azqueue;
    },
    requireEncryption: true,
  });
  await using resolvingNothing = encryptingService(accountUrl, format, { keyResolverFunction: () => undefined });

  const fromPeer = await session.newQueue();
  for (const kek of keks) {
    await session.peer.put(sdk, format, fromPeer, `wrapped with ${kek.kid}`, { kek: kek.python, version, require: true });
  }
  const unresolved = await rejection(resolvingNothing.peekMessages(fromPeer));
  expect(unresolved).toBeInstanceOf(DecryptionError);
  expect(unresolved).toMatchObject({ reason: "key-not-found" });
  const got = await resolving.getMessages(fromPeer, { numMessages: MAX_BATCH });
  expect(got.map((m) => m.content).toSorted()).toEqual(keks.map((kek) => `wrapped with ${kek.kid}`).toSorted());
  expect(asked.toSorted()).toEqual(keks.map((kek) => kek.kid).toSorted());

  for (const [index, kek] of keks.entries()) {
    const queue = await session.newQueue();
    await using writer = encryptingService(accountUrl, format, { keyEncryptionKey: kek.azqueue, encryptionVersion: version });
    const put = await writer.putMessage(queue, `wrapped with ${kek.kid}`);
    const other = keks[(index + 1) % keks.length]!;
    await expect(
      session.peer.peek(sdk, format, queue, 1, { kek: other.python, resolver: true, require: true }),
    ).rejects.toMatchObject({ message: expect.stringContaining("Decryption failed") });
    const [read] = await session.peer.get(sdk, format, queue, { encryption: { kek: kek.python, resolver: true, require: true } });
    expect(read).toMatchObject({ id: put.id, content: `wrapped with ${kek.kid}` });
  }
}

/** Extra texts for the known answers: a whole AES block (PKCS #7 then adds one more), one short of two, a long one. */
export const BLOCK_EDGE_CASES: readonly ContentCase<string>[] = [
  { name: "one AES block", content: "0123456789abcdef" },
  { name: "two blocks less one byte", content: "x".repeat(31) },
  { name: "4 KiB", content: "queue ".repeat(683).slice(0, 4096) },
];

const FIXED_CONTENT_KEY = Uint8Array.from({ length: 32 }, (_, index) => index + 1);
const FIXED_IV = Uint8Array.from({ length: 16 }, (_, index) => 0xf0 - index);
const FIXED_NONCE = Uint8Array.from({ length: 12 }, (_, index) => 0x50 + index);

/** azqueue's random source for one encryption, handing out `values` in order and only at their own lengths. */
function fixedRandom(values: readonly Uint8Array[]) {
  const left = [...values];
  const random = (length: number) => {
    const next = left.shift();
    if (next?.length !== length) throw new Error(`random(${length}) asked where ${next?.length ?? "nothing"} was next`);
    return next.slice();
  };
  return { random, left };
}

/**
 * The envelope as compared: every field (the wrapped key, IV or region info and ciphertext included) and each
 * object's key order, which the reference keeps for other languages' readers; the library names differ by design.
 */
function comparable(envelopeText: string) {
  const envelope = JSON.parse(envelopeText) as Record<string, unknown>;
  const order: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const entries = Object.entries(value);
    order.push(`${path}{${entries.map(([key]) => key).join(",")}}`);
    return Object.fromEntries(
      entries.map(([key, inner]) => [key, key === "EncryptionLibrary" ? typeof inner : walk(inner, `${path}.${key}`)]),
    );
  };
  return { fields: walk(envelope, ""), order };
}

/** azqueue's encryptMessageText and the SDK's own function, given the same key, content key and IV or nonce. */
export async function expectKnownAnswers(
  session: PythonSession,
  sdk: PythonSdk,
  version: Version,
  kek: InteropKek,
  cases: readonly ContentCase<string>[],
): Promise<void> {
  const randoms = [FIXED_CONTENT_KEY, version === "1.0" ? FIXED_IV : FIXED_NONCE];
  const ours = [];
  const theirs = [];
  for (const { name, content } of cases) {
    const { random, left } = fixedRandom(randoms);
    const envelope = await encryptMessageText(content, kek.azqueue, version, random);
    expect(left).toEqual([]);
    ours.push({ name, envelope: comparable(envelope) });
    const pythonEnvelope = await session.peer.encryptFixed(sdk, content, { kek: kek.python, version }, randoms);
    theirs.push({ name, envelope: comparable(pythonEnvelope) });
  }
  expect(ours).toEqual(theirs);
}
