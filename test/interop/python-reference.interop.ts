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
  const service = azqueueService(strict.accountUrl, AZQUEUE_FORMATS.textXml);
  try {
    await session.expectSharedLifecycle("textXml", service);
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
