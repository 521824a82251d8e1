/**
 * Client-side encryption between azqueue and the Python reference QueueService (azure.multiapi.storage
 * v2018_11_09), which writes and reads protocol 1.0 (AES-CBC-256) only: each of its formats both ways with an AES
 * key-wrap key and an RSA-OAEP key, the envelope it makes from fixed bytes against azqueue's, its refusal of a 2.0
 * envelope, key resolvers, and updates.
 */
import { describe, expect, inject, test } from "vitest";
import { BINARY_CASES, TEXT_CASES, type ContentCase } from "./cases.js";
import {
  BLOCK_EDGE_CASES,
  aesKek,
  azqueueToPeer,
  encryptingService,
  encryptionLabel,
  envelopeOf,
  expectKnownAnswers,
  expectResolversBothWays,
  expectUpdatesBothWays,
  expectedEnvelope,
  peerToAzqueue,
  rsaKek,
  type Exchange,
} from "./encryption.js";
import { recordRow } from "./matrix.js";
import { usePythonPeer } from "./python-session.js";

const PEER = "python reference";
const SDK = "reference";
const VERSION = "1.0";
const { strict } = inject("interop");

type ReferenceFormat = "textXml" | "textBase64" | "binaryBase64";
const FORMAT_CASES: Record<ReferenceFormat, readonly ContentCase<string | Uint8Array>[]> = {
  textXml: TEXT_CASES,
  textBase64: TEXT_CASES,
  binaryBase64: BINARY_CASES,
};
const KEKS = [await aesKek(), await rsaKek()];

const session = usePythonPeer(SDK, "2018-03-28");
const exchange = (format: ReferenceFormat, kek = KEKS[0]!): Exchange => ({
  session,
  sdk: SDK,
  accountUrl: strict.accountUrl,
  format,
  version: VERSION,
  kek,
});

const COMBINATIONS = (Object.keys(FORMAT_CASES) as ReferenceFormat[]).flatMap((format) =>
  KEKS.map((kek) => ({ format, kek, name: `${format}, ${encryptionLabel(VERSION, kek)}` })),
);

describe.each(COMBINATIONS)("$name", ({ format, kek }) => {
  const cases = FORMAT_CASES[format];
  const row = { peer: PEER, format, encryption: encryptionLabel(VERSION, kek), cases: cases.length };

  test("reference encrypts, azqueue decrypts the same content", async (context) => {
    recordRow(context, { ...row, direction: "reference -> azqueue" });
    await peerToAzqueue(exchange(format, kek), cases);
  });

  test("azqueue encrypts, reference decrypts the same content", async (context) => {
    recordRow(context, { ...row, direction: "azqueue -> reference" });
    await azqueueToPeer(exchange(format, kek), cases);
  });
});

test("known answers: the same key, content key and IV give the reference's envelope", async (context) => {
  const cases = [...TEXT_CASES, ...BLOCK_EDGE_CASES];
  recordRow(context, {
    peer: PEER,
    direction: "envelope, both",
    format: "stored text",
    encryption: encryptionLabel(VERSION, KEKS[0]!),
    cases: cases.length,
    note: "fixed content key and IV; every field and key order equal",
  });
  await expectKnownAnswers(session, SDK, VERSION, KEKS[0]!, cases);
});

test("a 2.0 envelope: the reference cannot read it, and says it is not encrypted", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "azqueue -> reference",
    format: "textXml",
    encryption: encryptionLabel("2.0", KEKS[0]!),
    cases: 1,
    note: "refused: \"Message was not encrypted.\" (cause: version not supported); AttributeError without require",
  });
  const [kek] = KEKS;
  const queue = await session.newQueue();
  await using service = encryptingService(strict.accountUrl, "textXml", {
    keyEncryptionKey: kek!.azqueue,
    encryptionVersion: "2.0",
  });
  const put = await service.putMessage(queue, "written as 2.0");
  const [stored] = await session.raw.peekMessages(queue);
  expect(envelopeOf(stored?.content)).toEqual(expectedEnvelope("2.0", kek!));

  // _dict_to_encryption_data refuses any protocol but 1.0 with a ValueError, which _decrypt_queue_message takes
  // for "not an envelope": with require_encryption that becomes "Message was not encrypted."...
  await expect(
    session.peer.peek(SDK, "textXml", queue, 1, { kek: kek!.python, require: true }),
  ).rejects.toMatchObject({
    type: "AzureException",
    message: "AzureException: Message was not encrypted.",
    causes: expect.arrayContaining([{ type: "ValueError", message: "Encryption version is not supported." }]),
  });
  // ...and without it the parsed JSON object goes on to the decode function as if it were the text, which
  // text_xmldecode cannot unescape (noDecode would hand the object back as the content).
  await expect(session.peer.peek(SDK, "textXml", queue, 1, { kek: kek!.python })).rejects.toMatchObject({
    type: "AzureException",
    message: "AzureException: 'dict' object has no attribute 'replace'",
  });
  // azqueue itself reads it back.
  await expect(service.peekMessages(queue)).resolves.toMatchObject([{ id: put.id, content: "written as 2.0" }]);
});

test("key resolvers: each side decrypts with only a resolver, for either key", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "textXml",
    encryption: `${VERSION} ${KEKS.map((kek) => kek.algorithm).join(", ")}`,
    cases: 2 * KEKS.length,
    note: "resolver only; a resolver without the kid is refused on both",
  });
  await expectResolversBothWays({ session, sdk: SDK, accountUrl: strict.accountUrl, format: "textXml", version: VERSION }, KEKS);
});

test("updates: each side re-encrypts the content it updates, and the other reads it", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "textXml",
    encryption: encryptionLabel(VERSION, KEKS[1]!),
    cases: 3,
    note: "put, update, update; dequeueCount 3",
  });
  await expectUpdatesBothWays(exchange("textXml", KEKS[1]!));
});
