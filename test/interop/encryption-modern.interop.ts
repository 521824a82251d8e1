/**
 * Client-side encryption between azqueue and the modern Python client (azure.storage.queue QueueClient): protocols
 * 1.0 (AES-CBC-256) and 2.0 (AES-GCM-256), each of its encode policies both ways with an AES key-wrap key and an
 * RSA-OAEP key, the envelopes it makes from fixed bytes against azqueue's, the empty content it leaves
 * unencrypted, key resolvers, and updates.
 */
import { describe, expect, inject, test } from "vitest";
import { DecryptionError } from "../../src/index.js";
import { rejection } from "../harness/rejection.js";
import { BINARY_CASES, TEXT_CASES, type ContentCase } from "./cases.js";
import {
  BLOCK_EDGE_CASES,
  aesKek,
  azqueueToPeer,
  encryptingService,
  encryptionLabel,
  expectKnownAnswers,
  expectResolversBothWays,
  expectUpdatesBothWays,
  peerToAzqueue,
  rsaKek,
  type Exchange,
  type Version,
} from "./encryption.js";
import { recordRow } from "./matrix.js";
import { usePythonPeer } from "./python-session.js";

const PEER = "python modern";
const SDK = "modern";
const VERSIONS: readonly Version[] = ["1.0", "2.0"];
const { strict } = inject("interop");

type ModernFormat = "none" | "textBase64" | "binaryBase64";
const FORMAT_CASES: Record<ModernFormat, readonly ContentCase<string | Uint8Array>[]> = {
  none: TEXT_CASES,
  textBase64: TEXT_CASES,
  binaryBase64: BINARY_CASES,
};
/**
 * MessageEncodePolicy.__call__ (azure/storage/queue/_message_encoding.py) skips falsy content, so the modern client
 * stores "" and b'' without encrypting them; they get a row of their own. It decrypts azqueue's envelopes of them.
 */
const isEmpty = (c: ContentCase<string | Uint8Array>) => c.content.length === 0;
const KEKS = [await aesKek(), await rsaKek()];

const session = usePythonPeer(SDK, "2021-02-12");

const COMBINATIONS = (Object.keys(FORMAT_CASES) as ModernFormat[]).flatMap((format) =>
  VERSIONS.flatMap((version) =>
    KEKS.map((kek) => ({ format, version, kek, name: `${format}, ${encryptionLabel(version, kek)}` })),
  ),
);

describe.each(COMBINATIONS)("$name", ({ format, version, kek }) => {
  const exchange: Exchange = { session, sdk: SDK, accountUrl: strict.accountUrl, format, version, kek };
  const row = { peer: PEER, format, encryption: encryptionLabel(version, kek) };

  test("modern client encrypts, azqueue decrypts the same content", async (context) => {
    const cases = FORMAT_CASES[format].filter((c) => !isEmpty(c));
    recordRow(context, { ...row, direction: "modern -> azqueue", cases: cases.length, note: "empty content: own row" });
    await peerToAzqueue(exchange, cases);
  });

  test("azqueue encrypts, modern client decrypts the same content", async (context) => {
    const cases = FORMAT_CASES[format];
    recordRow(context, { ...row, direction: "azqueue -> modern", cases: cases.length });
    await azqueueToPeer(exchange, cases);
  });
});

for (const version of VERSIONS) {
  test(`known answers, ${version}: the same key, content key and IV or nonce give the modern client's envelope`, async (context) => {
    const cases = [...TEXT_CASES, ...BLOCK_EDGE_CASES];
    recordRow(context, {
      peer: PEER,
      direction: "envelope, both",
      format: "stored text",
      encryption: encryptionLabel(version, KEKS[0]!),
      cases: cases.length,
      note: `fixed content key and ${version === "1.0" ? "IV" : "nonce"}; every field and key order equal`,
    });
    await expectKnownAnswers(session, SDK, version, KEKS[0]!, cases);
  });
}

test("empty content: the modern client stores it unencrypted, which azqueue refuses when it requires encryption", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "modern -> azqueue",
    format: "none, binaryBase64",
    encryption: encryptionLabel("2.0", KEKS[0]!),
    cases: 2,
    note: "modern stores \"\" and b'' in plain text even with require_encryption",
  });
  const [kek] = KEKS;
  const encryption = { kek: kek!.python, version: "2.0", require: true } as const;
  const settings = { keyEncryptionKey: kek!.azqueue, encryptionVersion: "2.0" } as const;

  const text = await session.newQueue();
  const put = await session.peer.put(SDK, "none", text, "", encryption);
  await expect(session.raw.peekMessages(text)).resolves.toMatchObject([{ id: put.id, content: "" }]);
  await using requiring = encryptingService(strict.accountUrl, "none", { ...settings, requireEncryption: true });
  const refused = await rejection(requiring.peekMessages(text));
  expect(refused).toBeInstanceOf(DecryptionError);
  expect(refused).toMatchObject({ reason: "not-encrypted" });
  await using notRequiring = encryptingService(strict.accountUrl, "none", settings);
  await expect(notRequiring.peekMessages(text)).resolves.toMatchObject([{ id: put.id, content: "" }]);
  // The modern client's own read lets it through despite require_encryption: MessageDecodePolicy skips "" first.
  await expect(session.peer.peek(SDK, "none", text, 1, encryption)).resolves.toMatchObject([{ id: put.id, content: "" }]);

  const bytes = await session.newQueue();
  const putBytes = await session.peer.put(SDK, "binaryBase64", bytes, new Uint8Array(0), encryption);
  await expect(session.raw.peekMessages(bytes)).resolves.toMatchObject([{ id: putBytes.id, content: "b''" }]);
  await using requiringBytes = encryptingService(strict.accountUrl, "binaryBase64", { ...settings, requireEncryption: true });
  const refusedBytes = await rejection(requiringBytes.peekMessages(bytes));
  expect(refusedBytes).toBeInstanceOf(DecryptionError);
  expect(refusedBytes).toMatchObject({ reason: "not-encrypted" });
});

test("key resolvers: each side decrypts with only a resolver, for either key", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "none",
    encryption: `2.0 ${KEKS.map((kek) => kek.algorithm).join(", ")}`,
    cases: 2 * KEKS.length,
    note: "resolver only; a resolver without the kid is refused on both",
  });
  await expectResolversBothWays({ session, sdk: SDK, accountUrl: strict.accountUrl, format: "none", version: "2.0" }, KEKS);
});

test("updates: each side re-encrypts the content it updates, and the other reads it", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "none",
    encryption: encryptionLabel("2.0", KEKS[1]!),
    cases: 3,
    note: "put, update, update; dequeueCount 3",
  });
  await expectUpdatesBothWays({ session, sdk: SDK, accountUrl: strict.accountUrl, format: "none", version: "2.0", kek: KEKS[1]! });
});
