import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueService } from "../../src/index.js";
import { AzureHttpError, AzureMissingResourceHttpError } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { emulatorService, newQueue, rejectionOf } from "./queue-service-harness.js";

let qs: QueueService;

beforeAll(() => {
  qs = emulatorService();
});
afterAll(() => qs.close());

const SECOND = 1000;

describe("QueueService.putMessage", () => {
  it("returns the enqueued message with the content that was put", async () => {
    const queue = await newQueue(qs, "pm");
    const before = Date.now();
    const message = await qs.putMessage(queue, "hello");
    expect(Object.keys(message).sort()).toEqual(["content", "expirationTime", "id", "insertionTime", "popReceipt", "timeNextVisible"]);
    expect(message.content).toBe("hello");
    expect(message.id).toMatch(/\S/);
    expect(message.popReceipt).toMatch(/\S/);
    expect(Math.abs(message.insertionTime.getTime() - before)).toBeLessThan(60 * SECOND);
    // The service's default time to live: 7 days.
    expect(message.expirationTime.getTime() - message.insertionTime.getTime()).toBe(7 * 24 * 3600 * SECOND);
    expect(message.timeNextVisible.getTime()).toBe(message.insertionTime.getTime());
  });

  it("visibilityTimeout hides the message until then", async () => {
    const queue = await newQueue(qs, "pm");
    const message = await qs.putMessage(queue, "later", { visibilityTimeout: 60 });
    expect(message.timeNextVisible.getTime() - message.insertionTime.getTime()).toBe(60 * SECOND);
    expect(await qs.peekMessages(queue)).toEqual([]);
    expect(await qs.getMessages(queue)).toEqual([]);
  });

  it("timeToLive sets the expiration time; -1 never expires", async () => {
    const queue = await newQueue(qs, "pm");
    const short = await qs.putMessage(queue, "short", { timeToLive: 90 });
    expect(short.expirationTime.getTime() - short.insertionTime.getTime()).toBe(90 * SECOND);
    const forever = await qs.putMessage(queue, "forever", { timeToLive: -1 });
    expect(forever.expirationTime.getUTCFullYear()).toBe(9999);
  });

  it("to a missing queue throws AzureMissingResourceHttpError QueueNotFound", async () => {
    const error = await rejectionOf(qs.putMessage(uniqueQueueName("missing"), "x"));
    expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
    expect((error as AzureMissingResourceHttpError).errorCode).toBe("QueueNotFound");
  });
});

describe("QueueService.getMessages and peekMessages", () => {
  it("getMessages returns every field, hides the message and counts the dequeue", async () => {
    const queue = await newQueue(qs, "gm");
    const put = await qs.putMessage(queue, "one");
    const [message, ...rest] = await qs.getMessages(queue, { visibilityTimeout: 30 });
    expect(rest).toEqual([]);
    expect(Object.keys(message!).sort()).toEqual([
      "content",
      "dequeueCount",
      "expirationTime",
      "id",
      "insertionTime",
      "popReceipt",
      "timeNextVisible",
    ]);
    expect(message).toMatchObject({ id: put.id, content: "one", dequeueCount: 1, insertionTime: put.insertionTime, expirationTime: put.expirationTime });
    expect(message!.timeNextVisible.getTime()).toBeGreaterThan(Date.now() + 20 * SECOND);
    expect(message!.popReceipt).not.toBe(put.popReceipt);
    expect(await qs.getMessages(queue)).toEqual([]);
  });

  it("getMessages takes up to numMessages, in order", async () => {
    const queue = await newQueue(qs, "gm");
    for (const text of ["a", "b", "c"]) await qs.putMessage(queue, text);
    expect((await qs.getMessages(queue, { numMessages: 2 })).map((m) => m.content)).toEqual(["a", "b"]);
    expect((await qs.getMessages(queue, { numMessages: 32 })).map((m) => m.content)).toEqual(["c"]);
  });

  it("peekMessages leaves messages visible and reports the dequeue count without changing it", async () => {
    const queue = await newQueue(qs, "pk");
    for (const text of ["a", "b"]) await qs.putMessage(queue, text);
    const peeked = await qs.peekMessages(queue, { numMessages: 32 });
    expect(peeked.map((m) => m.content)).toEqual(["a", "b"]);
    expect(Object.keys(peeked[0]!).sort()).toEqual(["content", "dequeueCount", "expirationTime", "id", "insertionTime"]);
    expect(peeked.map((m) => m.dequeueCount)).toEqual([0, 0]);
    const [got] = await qs.getMessages(queue, { visibilityTimeout: 1 });
    expect(got!.dequeueCount).toBe(1);
    expect((await qs.peekMessages(queue)).map((m) => m.content)).toEqual(["b"]);
  });

  it("an empty queue gives an empty list", async () => {
    const queue = await newQueue(qs, "gm");
    expect(await qs.getMessages(queue)).toEqual([]);
    expect(await qs.peekMessages(queue)).toEqual([]);
  });
});

describe("QueueService.updateMessage", () => {
  it("with content replaces the content and returns the new pop receipt and visibility", async () => {
    const queue = await newQueue(qs, "um");
    await qs.putMessage(queue, "before");
    const [message] = await qs.getMessages(queue);
    const updated = await qs.updateMessage(queue, message!.id, message!.popReceipt, 0, { content: "after <&>" });
    expect(updated.id).toBe(message!.id);
    expect(updated.content).toBe("after <&>");
    expect(updated.popReceipt).not.toBe(message!.popReceipt);
    expect(updated.timeNextVisible).toBeInstanceOf(Date);
    const [again] = await qs.getMessages(queue);
    expect(again).toMatchObject({ id: message!.id, content: "after <&>", dequeueCount: 2 });
  });

  it("without content keeps the content, changes the visibility, and its result has no content", async () => {
    const queue = await newQueue(qs, "um");
    await qs.putMessage(queue, "kept");
    const [message] = await qs.getMessages(queue);
    const updated = await qs.updateMessage(queue, message!.id, message!.popReceipt, 120);
    expect("content" in updated).toBe(false);
    expect(updated.timeNextVisible.getTime()).toBeGreaterThan(Date.now() + 100 * SECOND);
    expect(await qs.peekMessages(queue)).toEqual([]);
    const visibleNow = await qs.updateMessage(queue, message!.id, updated.popReceipt, 0);
    expect((await qs.peekMessages(queue)).map((m) => m.content)).toEqual(["kept"]);
    await qs.deleteMessage(queue, message!.id, visibleNow.popReceipt);
  });

  it("with a stale pop receipt fails with PopReceiptMismatch", async () => {
    const queue = await newQueue(qs, "um");
    await qs.putMessage(queue, "x");
    const [message] = await qs.getMessages(queue);
    await qs.updateMessage(queue, message!.id, message!.popReceipt, 30);
    const error = await rejectionOf(qs.updateMessage(queue, message!.id, message!.popReceipt, 30));
    expect(error).toBeInstanceOf(AzureHttpError);
    expect((error as AzureHttpError).statusCode).toBe(400);
    expect((error as AzureHttpError).errorCode).toBe("PopReceiptMismatch");
    expect((error as AzureHttpError).requestId).toMatch(/\S/);
  });
});

describe("QueueService.deleteMessage and clearMessages", () => {
  it("deleteMessage removes the message and returns the response's request id and date", async () => {
    const queue = await newQueue(qs, "dm");
    await qs.putMessage(queue, "x");
    const [message] = await qs.getMessages(queue, { visibilityTimeout: 1 });
    const info = await qs.deleteMessage(queue, message!.id, message!.popReceipt);
    expect(info.requestId).toMatch(/\S/);
    expect(Math.abs(info.date!.getTime() - Date.now())).toBeLessThan(60 * SECOND);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  });

  it("deleting a missing message throws AzureMissingResourceHttpError MessageNotFound", async () => {
    const queue = await newQueue(qs, "dm");
    await qs.putMessage(queue, "x");
    const [message] = await qs.getMessages(queue);
    await qs.deleteMessage(queue, message!.id, message!.popReceipt);
    const error = await rejectionOf(qs.deleteMessage(queue, message!.id, message!.popReceipt));
    expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
    expect((error as AzureMissingResourceHttpError).errorCode).toBe("MessageNotFound");
  });

  it("deleting with a stale pop receipt fails with PopReceiptMismatch", async () => {
    const queue = await newQueue(qs, "dm");
    await qs.putMessage(queue, "x");
    const [message] = await qs.getMessages(queue);
    await qs.updateMessage(queue, message!.id, message!.popReceipt, 30);
    const error = await rejectionOf(qs.deleteMessage(queue, message!.id, message!.popReceipt));
    expect((error as AzureHttpError).errorCode).toBe("PopReceiptMismatch");
  });

  it("clearMessages deletes every message", async () => {
    const queue = await newQueue(qs, "cm");
    for (const text of ["a", "b", "c"]) await qs.putMessage(queue, text);
    await qs.putMessage(queue, "hidden", { visibilityTimeout: 60 });
    const info = await qs.clearMessages(queue);
    expect(info.requestId).toMatch(/\S/);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  });

  it("clearMessages of a missing queue throws AzureMissingResourceHttpError QueueNotFound", async () => {
    const error = await rejectionOf(qs.clearMessages(uniqueQueueName("missing")));
    expect((error as AzureMissingResourceHttpError).errorCode).toBe("QueueNotFound");
  });
});
