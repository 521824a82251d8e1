import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueService, type QueueService as Service } from "../../src/index.js";
import { accountUrl, emulatorService, newQueue } from "../facade/queue-service-harness.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { errorRecorder, processMessages, rawService, recordedWorker, waitFor } from "./worker-harness.js";

let qs: Service;
let raw: Service;
beforeAll(() => {
  qs = emulatorService();
  raw = rawService();
});
afterAll(async () => {
  await qs.close();
  await raw.close();
});

const failing = (): never => {
  throw new Error("handler failed");
};

describe("processMessages settlement", () => {
  it("a failing handler's message is released with retryDelay, and at maxDequeueCount 3 copied to a poison queue created then", async () => {
    const queue = await newQueue(qs, "ws");
    await qs.putMessage(queue, "a < b");
    const { events, onError } = errorRecorder();
    const dequeueCounts: number[] = [];
    const { worker, calls } = recordedWorker(qs, queue, (message) => {
      dequeueCounts.push(message.dequeueCount);
      failing();
    }, { visibilityTimeout: 10, retryDelay: 1, maxDequeueCount: 3, maxPollInterval: 0.3, onError });
    expect(await qs.exists(`${queue}-poison`)).toBe(false);
    await waitFor(() => worker.stats.poisoned === 1, 20_000, "the poisoned message");
    await worker.stop();
    expect(dequeueCounts).toEqual([1, 2, 3]);
    expect(worker.stats).toMatchObject({ received: 3, completed: 0, failed: 3, released: 2, poisoned: 1, inFlight: 0 });
    expect(events.map((event) => event.source)).toEqual(["handler", "handler", "handler"]);
    expect(calls.filter((call) => call.operation === "updateMessage").map((call) => call.visibilityTimeout)).toEqual([1, 1]);
    expect(calls.filter((call) => call.operation === "createQueue")).toHaveLength(1);
    expect(await raw.peekMessages(`${queue}-poison`)).toMatchObject([{ content: "a &lt; b" }]);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  }, 30_000);

  it("the poison copy is the stored text byte for byte, not the decoded content encoded again", async () => {
    // A codec that is not a bijection: '{ "n" : 1 }' decodes to { n: 1 }, which encodes to '{"n":1}'.
    const json = new QueueService<unknown>({
      endpoint: accountUrl(),
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      encodeFunction: (content) => JSON.stringify(content),
      decodeFunction: (text) => JSON.parse(text) as unknown,
    });
    try {
      const queue = await newQueue(raw, "ws");
      const stored = '{ "n" : 1, "s": "\\u00e9" }';
      await raw.putMessage(queue, stored);
      const seen: unknown[] = [];
      const worker = processMessages(json, queue, (message) => {
        seen.push(message.content);
        failing();
      }, { maxDequeueCount: 1 });
      await waitFor(() => worker.stats.poisoned === 1, 20_000, "the poisoned message");
      await worker.stop();
      expect(seen).toEqual([{ n: 1, s: "é" }]);
      expect((await raw.peekMessages(`${queue}-poison`)).map((message) => message.content)).toEqual([stored]);
    } finally {
      await json.close();
    }
  }, 30_000);

  it("a message decodeFunction cannot read fails as a handler would, and is poisoned as stored", async () => {
    const base64 = emulatorService({ encodeFunction: (text: string) => Buffer.from(text).toString("base64"), decodeFunction: (text: string) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error("not base64");
      return Buffer.from(text, "base64").toString();
    } });
    try {
      const queue = await newQueue(raw, "ws");
      await raw.putMessage(queue, "not base64!");
      const { events, onError } = errorRecorder();
      let called = 0;
      const worker = processMessages(base64, queue, () => void called++, { maxDequeueCount: 1, onError });
      await waitFor(() => worker.stats.poisoned === 1, 20_000, "the poisoned message");
      await worker.stop();
      expect(called).toBe(0);
      expect(events.map((event) => event.source)).toEqual(["handler"]);
      expect((await raw.peekMessages(`${queue}-poison`)).map((message) => message.content)).toEqual(["not base64!"]);
    } finally {
      await base64.close();
    }
  }, 30_000);

  it("a message that arrives past maxDequeueCount is poisoned without running the handler", async () => {
    const queue = await newQueue(qs, "ws");
    await qs.putMessage(queue, "tried before");
    const [first] = await qs.getMessages(queue);
    await qs.updateMessage(queue, first!.id, first!.popReceipt, 0);
    let called = 0;
    const worker = processMessages(qs, queue, () => void called++, { maxDequeueCount: 1 });
    await waitFor(() => worker.stats.poisoned === 1, 20_000, "the poisoned message");
    await worker.stop();
    expect(called).toBe(0);
    expect(worker.stats).toMatchObject({ received: 1, poisoned: 1, failed: 0 });
    expect(await qs.peekMessages(`${queue}-poison`)).toMatchObject([{ content: "tried before", dequeueCount: 0 }]);
  }, 30_000);

  it.each([
    ["a queue whose name ends in -poison", (queue: string) => ({ queue: `${queue}-poison`, options: {} })],
    ["poisonQueueName null", (queue: string) => ({ queue, options: { poisonQueueName: null } })],
  ])("%s: a failure past the limit is kept invisible, not poisoned, not deleted", async (_, setup) => {
    const { queue, options } = setup(uniqueQueueName("ws"));
    await qs.createQueue(queue);
    await qs.putMessage(queue, "stuck");
    const worker = processMessages(qs, queue, failing, { ...options, maxDequeueCount: 1 });
    await waitFor(() => worker.stats.released === 1, 20_000, "the release");
    await worker.stop();
    expect(worker.stats).toMatchObject({ received: 1, failed: 1, poisoned: 0, completed: 0 });
    expect(await qs.exists(`${queue}-poison`)).toBe(false);
    expect(await qs.peekMessages(queue)).toEqual([]);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(1);
  }, 30_000);
});
