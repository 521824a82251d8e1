/**
 * azqueue (noEncode/noDecode) against the official JavaScript SDK, @azure/storage-queue, which stores message text
 * as is. The SDK sends an x-ms-version newer than Azurite 3.35 knows, hence the Azurite with --skipApiVersionCheck.
 */
import { QueueClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { afterAll, expect, inject, test } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { CARRIAGE_RETURN_CASES, LINE_FEED_CASES, PLAIN_TEXT_CASES } from "./cases.js";
import { AZQUEUE_FORMATS, MAX_BATCH, azqueueService, expectSameContents, putAll, readAll } from "./exchange.js";
import { recordRow } from "./matrix.js";

const PEER = "@azure/storage-queue 12.30.0";
const FORMAT = "as is / noEncode";
const { lenient } = inject("interop");
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
const service = azqueueService(lenient.accountUrl, AZQUEUE_FORMATS.none);

afterAll(() => service.close());

async function newQueue(): Promise<{ name: string; sdk: QueueClient }> {
  const name = uniqueQueueName("interop");
  await expect(service.createQueue(name)).resolves.toBe(true);
  return { name, sdk: new QueueClient(`${lenient.accountUrl}/${name}`, credential) };
}

async function sdkSend(sdk: QueueClient, content: string): Promise<{ id: string }> {
  return { id: (await sdk.sendMessage(content)).messageId };
}

async function sdkReceive(sdk: QueueClient) {
  const { receivedMessageItems } = await sdk.receiveMessages({ numberOfMessages: MAX_BATCH });
  return receivedMessageItems.map((m) => ({ id: m.messageId, content: m.messageText }));
}

test("the official SDK sends, azqueue gets the same content", async (context) => {
  recordRow(context, { peer: PEER, direction: "sdk -> azqueue", format: FORMAT, cases: PLAIN_TEXT_CASES.length });
  const queue = await newQueue();
  const ids = await putAll(PLAIN_TEXT_CASES, (content) => sdkSend(queue.sdk, content));
  const received = await readAll(ids, () => service.getMessages(queue.name, { numMessages: MAX_BATCH }));
  expectSameContents(PLAIN_TEXT_CASES, ids, received);
});

test("azqueue puts, the official SDK receives the same content", async (context) => {
  const cases = [...PLAIN_TEXT_CASES, ...LINE_FEED_CASES];
  recordRow(context, { peer: PEER, direction: "azqueue -> sdk", format: FORMAT, cases: cases.length });
  const queue = await newQueue();
  const ids = await putAll(cases, (content) => service.putMessage(queue.name, content));
  const received = await readAll(ids, () => sdkReceive(queue.sdk));
  expectSameContents(cases, ids, received);
});

test("carriage returns azqueue puts: the official SDK reads them as the text '&#xD;'", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "azqueue -> sdk",
    format: FORMAT,
    cases: CARRIAGE_RETURN_CASES.length,
    note: "LOSSY in the SDK: \\r read as '&#xD;'",
  });
  const queue = await newQueue();
  const ids = await putAll(CARRIAGE_RETURN_CASES, (content) => service.putMessage(queue.name, content));
  // Stored intact: azqueue reads each back byte for byte.
  const stored = await readAll(ids, () => service.peekMessages(queue.name, { numMessages: MAX_BATCH }));
  expectSameContents(CARRIAGE_RETURN_CASES, ids, stored);
  // Azurite writes a stored CR as the reference &#xD; (a literal CR would become LF in any XML parser), and the
  // SDK's XML parser leaves numeric character references undecoded.
  const received = await readAll(ids, () => sdkReceive(queue.sdk));
  const asTheSdkReadsThem = CARRIAGE_RETURN_CASES.map((c) => ({ ...c, content: c.content.replaceAll("\r", "&#xD;") }));
  expectSameContents(asTheSdkReadsThem, ids, received);
});

test("line feeds the official SDK sends never reach the service; carriage returns do", async (context) => {
  const cases = [...LINE_FEED_CASES, ...CARRIAGE_RETURN_CASES];
  recordRow(context, {
    peer: PEER,
    direction: "sdk -> azqueue",
    format: FORMAT,
    cases: cases.length,
    note: "LOSSY in the SDK: every \\n dropped on send; \\r kept",
  });
  const queue = await newQueue();
  const ids = await putAll(cases, (content) => sdkSend(queue.sdk, content));
  // @azure/core-xml's stringifyXML ends with `.replace(/\n/g, "")` over the whole request document, message text
  // included, so the service never sees them; azqueue reads back exactly what was stored.
  const received = await readAll(ids, () => service.getMessages(queue.name, { numMessages: MAX_BATCH }));
  const asTheSdkSendsThem = cases.map((c) => ({ ...c, content: c.content.replaceAll("\n", "") }));
  expectSameContents(asTheSdkSendsThem, ids, received);
});

test("message metadata: ids, dequeue counts and pop receipts work across both", async (context) => {
  recordRow(context, {
    peer: PEER,
    direction: "both",
    format: FORMAT,
    cases: 2,
    note: "same id and times; dequeueCount 0,1,2; delete with the other's pop receipt",
  });
  const queue = await newQueue();
  const sent = await queue.sdk.sendMessage("from the sdk");
  const [peeked] = await service.peekMessages(queue.name);
  expect(peeked).toMatchObject({ id: sent.messageId, dequeueCount: 0, content: "from the sdk" });
  expect(peeked!.insertionTime).toEqual(sent.insertedOn);
  expect(peeked!.expirationTime).toEqual(sent.expiresOn);
  const [first] = await service.getMessages(queue.name);
  expect(first).toMatchObject({ id: sent.messageId, dequeueCount: 1 });
  await service.updateMessage(queue.name, sent.messageId, first!.popReceipt, 0);
  const [second] = (await queue.sdk.receiveMessages()).receivedMessageItems;
  expect(second).toMatchObject({ messageId: sent.messageId, dequeueCount: 2 });
  await service.deleteMessage(queue.name, sent.messageId, second!.popReceipt);
  expect((await queue.sdk.peekMessages()).peekedMessageItems).toEqual([]);

  const enqueued = await service.putMessage(queue.name, "from azqueue");
  const [peekedBySdk] = (await queue.sdk.peekMessages()).peekedMessageItems;
  expect(peekedBySdk).toMatchObject({ messageId: enqueued.id, dequeueCount: 0, messageText: "from azqueue" });
  expect(peekedBySdk!.insertedOn).toEqual(enqueued.insertionTime);
  const [gotBySdk] = (await queue.sdk.receiveMessages()).receivedMessageItems;
  expect(gotBySdk).toMatchObject({ messageId: enqueued.id, dequeueCount: 1 });
  await queue.sdk.updateMessage(enqueued.id, gotBySdk!.popReceipt, undefined, 0);
  const [gotByAzqueue] = await service.getMessages(queue.name);
  expect(gotByAzqueue).toMatchObject({ id: enqueued.id, dequeueCount: 2 });
  await queue.sdk.deleteMessage(enqueued.id, gotByAzqueue!.popReceipt);
  await expect(service.peekMessages(queue.name)).resolves.toEqual([]);
});
