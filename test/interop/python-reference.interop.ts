/**
 * azqueue against the Python reference QueueService (azure.multiapi.storage v2018_11_09) on one strict Azurite:
 * every QueueMessageFormat in both directions, the text each stores, and message metadata across the two.
 */
import { afterAll, describe, expect, inject, test } from "vitest";
import { QueueMessageFormat } from "../../src/index.js";
import { BINARY_CASES, TEXT_CASES, type ContentCase } from "./cases.js";
import {
  AZQUEUE_FORMATS,
  MAX_BATCH,
  azqueueService,
  azqueueWithFormat,
  expectSameContents,
  putAll,
  readAll,
  type FormatName,
} from "./exchange.js";
import { recordRow } from "./matrix.js";
import { usePythonPeer } from "./python-session.js";

const PEER = "python reference";
const { strict } = inject("interop");

const FORMAT_CASES: Record<FormatName, readonly ContentCase<string | Uint8Array>[]> = {
  textXml: TEXT_CASES,
  textBase64: TEXT_CASES,
  binaryBase64: BINARY_CASES,
  none: TEXT_CASES,
};

const session = usePythonPeer("reference", "2018-03-28");
const { raw, newQueue } = session;

describe.each(Object.keys(FORMAT_CASES) as FormatName[])("format %s", (format) => {
  const cases = FORMAT_CASES[format];
  const service = azqueueWithFormat(strict.accountUrl, format);
  afterAll(() => service.close());

  test("reference puts, azqueue gets the same content", async (context) => {
    recordRow(context, { peer: PEER, direction: "reference -> azqueue", format, cases: cases.length });
    const queue = await newQueue();
    const ids = await putAll(cases, (content) => session.peer.put("reference", format, queue, content));
    const received = await readAll(ids, () => service.getMessages(queue, { numMessages: MAX_BATCH }));
    expectSameContents(cases, ids, received);
  });

  test("azqueue puts, reference gets the same content", async (context) => {
    recordRow(context, { peer: PEER, direction: "azqueue -> reference", format, cases: cases.length });
    const queue = await newQueue();
    const ids = await putAll(cases, (content) => service.putMessage(queue, content));
    const received = await readAll(ids, () => session.peer.get("reference", format, queue, { numMessages: MAX_BATCH }));
    expectSameContents(cases, ids, received);
  });

  test("both store the same text for each case", async (context) => {
    recordRow(context, { peer: PEER, direction: "stored text, both", format, cases: cases.length });
    const [fromPeer, fromAzqueue] = [await newQueue(), await newQueue()];
    const peerIds = await putAll(cases, (content) => session.peer.put("reference", format, fromPeer, content));
    const azqueueIds = await putAll(cases, (content) => service.putMessage(fromAzqueue, content));
    const peerStored = await readAll(peerIds, () => raw.peekMessages(fromPeer, { numMessages: MAX_BATCH }));
    const azqueueStored = await readAll(azqueueIds, () => raw.peekMessages(fromAzqueue, { numMessages: MAX_BATCH }));
    const stored = cases.map((c, index) => ({
      name: c.name,
      reference: peerStored.get(peerIds[index]!),
      azqueue: azqueueStored.get(azqueueIds[index]!),
    }));
    expect(stored.map(({ name, azqueue }) => ({ name, stored: azqueue }))).toEqual(
      stored.map(({ name, reference }) => ({ name, stored: reference })),
    );
    // And the stored text is what the format says it is, so the equality above cannot hold vacuously.
    expect(stored.every((entry) => typeof entry.reference === "string")).toBe(true);
  });
});

test("message metadata: ids, times, dequeue counts and pop receipts work across both", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: "textXml",
    cases: 2,
    note: "same id and times; dequeueCount 0,1,2; delete with the other's pop receipt",
  });
  const queue = await newQueue();
  const service = azqueueService(strict.accountUrl, AZQUEUE_FORMATS.textXml);
  try {
    // Put by the reference, read and released by azqueue, got again by the reference, deleted by azqueue.
    const put = await session.peer.put("reference", "textXml", queue, "from the reference");
    const [peeked] = await service.peekMessages(queue);
    expect(peeked).toMatchObject({ id: put.id, dequeueCount: 0, content: "from the reference" });
    expect(peeked!.insertionTime).toEqual(put.insertionTime);
    expect(peeked!.expirationTime).toEqual(put.expirationTime);
    const [first] = await service.getMessages(queue);
    expect(first).toMatchObject({ id: put.id, dequeueCount: 1 });
    await service.updateMessage(queue, first!.id, first!.popReceipt, 0);
    const [second] = await session.peer.get("reference", "textXml", queue);
    expect(second).toMatchObject({ id: put.id, dequeueCount: 2, content: "from the reference" });
    await expect(service.deleteMessage(queue, put.id, first!.popReceipt)).rejects.toMatchObject({
      statusCode: 400,
      errorCode: "PopReceiptMismatch",
    });
    await service.deleteMessage(queue, put.id, second!.popReceipt!);
    await expect(session.peer.peek("reference", "textXml", queue)).resolves.toEqual([]);

    // The other way round.
    const enqueued = await service.putMessage(queue, "from azqueue");
    const [peekedByPeer] = await session.peer.peek("reference", "textXml", queue);
    expect(peekedByPeer).toMatchObject({ id: enqueued.id, dequeueCount: 0, content: "from azqueue" });
    expect(peekedByPeer!.insertionTime).toEqual(enqueued.insertionTime);
    expect(peekedByPeer!.expirationTime).toEqual(enqueued.expirationTime);
    const [gotByPeer] = await session.peer.get("reference", "textXml", queue);
    expect(gotByPeer).toMatchObject({ id: enqueued.id, dequeueCount: 1 });
    await session.peer.update("reference", "textXml", queue, enqueued.id, gotByPeer!.popReceipt!, 0);
    const [gotByAzqueue] = await service.getMessages(queue);
    expect(gotByAzqueue).toMatchObject({ id: enqueued.id, dequeueCount: 2, content: "from azqueue" });
    await session.peer.delete("reference", queue, enqueued.id, gotByAzqueue!.popReceipt);
    await expect(service.peekMessages(queue)).resolves.toEqual([]);
  } finally {
    await service.close();
  }
});

test("textXml stores the escaped text, which noDecode shows", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "reference -> azqueue",
    format: "textXml put, noDecode read",
    cases: 1,
    note: "stored form is XML-escaped",
  });
  const queue = await newQueue();
  const put = await session.peer.put("reference", "textXml", queue, "a < b & c > d");
  const [message] = await raw.getMessages(queue);
  expect(message).toMatchObject({ id: put.id, content: "a &lt; b &amp; c &gt; d" });
  expect(QueueMessageFormat.textXmlDecode(message!.content)).toBe("a < b & c > d");
});
