/**
 * azqueue against the modern Python client (azure.storage.queue QueueClient) on one strict Azurite: its encode
 * policies (TextBase64, BinaryBase64, and none, its default) against azqueue's matching QueueMessageFormat, both ways.
 */
import { afterAll, describe, expect, inject, test } from "vitest";
import { ResponseParseError } from "../../src/index.js";
import { BINARY_CASES, TEXT_CASES, type ContentCase } from "./cases.js";
import {
  AZQUEUE_FORMATS,
  MAX_BATCH,
  azqueueService,
  azqueueWithFormat,
  expectSameContents,
  putAll,
  readAll,
} from "./exchange.js";
import { recordRow } from "./matrix.js";
import { usePythonPeer } from "./python-session.js";

const PEER = "python modern";
const { strict } = inject("interop");

type ModernFormat = "textBase64" | "binaryBase64" | "none";
const FORMAT_CASES: Record<ModernFormat, readonly ContentCase<string | Uint8Array>[]> = {
  textBase64: TEXT_CASES,
  binaryBase64: BINARY_CASES,
  none: TEXT_CASES,
};
/** The modern client cannot carry empty bytes either way (see the test at the end); they get a row of their own. */
const isEmptyBytes = (c: ContentCase<string | Uint8Array>) => c.content instanceof Uint8Array && c.content.length === 0;
const carriedCases = (format: ModernFormat) => FORMAT_CASES[format].filter((c) => !isEmptyBytes(c));
const emptyBytesNote = (format: ModernFormat) =>
  carriedCases(format).length < FORMAT_CASES[format].length ? { note: "empty bytes: own row" } : {};

const session = usePythonPeer("modern", "2021-02-12");
const { raw, newQueue } = session;

describe.each(Object.keys(FORMAT_CASES) as ModernFormat[])("format %s", (format) => {
  const service = azqueueWithFormat(strict.accountUrl, format);
  afterAll(() => service.close());

  test("modern client puts, azqueue gets the same content", async (context) => {
    const cases = carriedCases(format);
    recordRow(context, {
      peer: PEER,
      direction: "modern -> azqueue",
      format,
      cases: cases.length,
      ...emptyBytesNote(format),
    });
    const queue = await newQueue();
    const ids = await putAll(cases, (content) => session.peer.put("modern", format, queue, content));
    const received = await readAll(ids, () => service.getMessages(queue, { numMessages: MAX_BATCH }));
    expectSameContents(cases, ids, received);
  });

  test("azqueue puts, modern client gets the same content", async (context) => {
    const cases = carriedCases(format);
    recordRow(context, {
      peer: PEER,
      direction: "azqueue -> modern",
      format,
      cases: cases.length,
      ...emptyBytesNote(format),
    });
    const queue = await newQueue();
    const ids = await putAll(cases, (content) => service.putMessage(queue, content));
    const received = await readAll(ids, () => session.peer.get("modern", format, queue, { numMessages: MAX_BATCH }));
    expectSameContents(cases, ids, received);
  });

  test("both store the same text for each case", async (context) => {
    const cases = carriedCases(format);
    recordRow(context, {
      peer: PEER,
      direction: "stored text, both",
      format,
      cases: cases.length,
      ...emptyBytesNote(format),
    });
    const [fromPeer, fromAzqueue] = [await newQueue(), await newQueue()];
    const peerIds = await putAll(cases, (content) => session.peer.put("modern", format, fromPeer, content));
    const azqueueIds = await putAll(cases, (content) => service.putMessage(fromAzqueue, content));
    const peerStored = await readAll(peerIds, () => raw.peekMessages(fromPeer, { numMessages: MAX_BATCH }));
    const azqueueStored = await readAll(azqueueIds, () => raw.peekMessages(fromAzqueue, { numMessages: MAX_BATCH }));
    expect(cases.map((c, index) => ({ name: c.name, stored: azqueueStored.get(azqueueIds[index]!) }))).toEqual(
      cases.map((c, index) => ({ name: c.name, stored: peerStored.get(peerIds[index]!) })),
    );
  });
});

test("empty bytes: the modern client stores b'' as the text \"b''\" and reads \"\" back as a str", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "binaryBase64",
    cases: 2,
    note: "LOSSY in the modern client: b'' is stored as \"b''\", \"\" read as str",
  });
  const queue = await newQueue();
  const service = azqueueService(strict.accountUrl, AZQUEUE_FORMATS.binaryBase64);
  try {
    // MessageEncodePolicy.__call__ and MessageDecodePolicy.__call__ (azure/storage/queue/_message_encoding.py) skip
    // falsy content, so BinaryBase64EncodePolicy never sees b'', and the request serialiser writes str(b'').
    const sent = await session.peer.put("modern", "binaryBase64", queue, new Uint8Array(0));
    const [stored] = await raw.peekMessages(queue);
    expect(stored).toMatchObject({ id: sent.id, content: "b''" });
    // Not base64, so azqueue's binaryBase64Decode refuses it rather than inventing bytes.
    await expect(service.peekMessages(queue)).rejects.toBeInstanceOf(ResponseParseError);
    await raw.clearMessages(queue);

    // The other way, azqueue stores "" (base64 of nothing), and BinaryBase64DecodePolicy is skipped for it.
    const put = await service.putMessage(queue, new Uint8Array(0));
    const [storedByAzqueue] = await raw.peekMessages(queue);
    expect(storedByAzqueue).toMatchObject({ id: put.id, content: "" });
    const [peeked] = await service.peekMessages(queue);
    expect(peeked?.content).toEqual(new Uint8Array(0));
    const [got] = await session.peer.get("modern", "binaryBase64", queue);
    expect(got).toMatchObject({ id: put.id, content: "" });
  } finally {
    await service.close();
  }
});

test("message metadata: ids, dequeue counts and pop receipts work across both", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "none",
    cases: 2,
    note: "same id and times; dequeueCount 0,1,2; delete with the other's pop receipt",
  });
  await session.expectSharedLifecycle("none", raw);
});
