import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedTextMessages } from "../../src/facade/queue-service.js";
import { AbortError, ValidationError, type QueueService } from "../../src/index.js";
import { startWorker } from "../../src/worker/start-worker.js";
import { accountUrl, emulatorService, newQueue, rejectionOf } from "../facade/queue-service-harness.js";
import { uniqueQueueName } from "../harness/names.js";
import { runScript } from "../harness/run-script.js";
import { processMessages, sleep, waitFor } from "./worker-harness.js";

let qs: QueueService;
beforeAll(() => {
  qs = emulatorService();
});
afterAll(() => qs.close());

const NO_STATS = { received: 0, completed: 0, failed: 0, renewed: 0, poisoned: 0, released: 0, inFlight: 0 };

const abortOf = (signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));

describe("processMessages stop", () => {
  it("messages received but not started when stop() is called are visible again at once", async () => {
    const queue = await newQueue(qs, "wt");
    for (let i = 0; i < 5; i++) await qs.putMessage(queue, `m${i}`);
    let called = 0;
    const io = storedTextMessages(qs);
    let stopped: Promise<void> | undefined;
    // stop() while the first get is under way: what it takes must not stay hidden for the 60 s lease.
    const getMessages: typeof io.getMessages = (...args) => {
      const got = io.getMessages(...args);
      stopped ??= worker.stop();
      return got;
    };
    const worker = startWorker({ ...io, getMessages }, (text) => text, queue, () => void called++, { visibilityTimeout: 60, batchSize: 5 });
    await waitFor(() => stopped !== undefined, 10_000, "the first get");
    await stopped;
    expect(called).toBe(0);
    expect(worker.stats).toMatchObject({ received: 5, released: 5, completed: 0, inFlight: 0 });
    expect(await qs.getMessages(queue, { numMessages: 32 })).toHaveLength(5);
  });

  it("stopped before its first get, a worker receives nothing; an aborted signal never starts one", async () => {
    const queue = await newQueue(qs, "wt");
    await qs.putMessage(queue, "untouched");
    let called = 0;
    const worker = processMessages(qs, queue, () => void called++);
    await worker.stop();
    const aborted = processMessages(qs, queue, () => void called++, { signal: AbortSignal.abort() });
    await sleep(300);
    await aborted.stop();
    expect(called).toBe(0);
    expect([worker.stats, aborted.stats]).toEqual([NO_STATS, NO_STATS]);
    const [message] = await qs.getMessages(queue);
    expect(message).toMatchObject({ content: "untouched", dequeueCount: 1 });
  });

  it("stop() checks its timeout before anything else", async () => {
    const queue = await newQueue(qs, "wt");
    const worker = processMessages(qs, queue, () => {});
    for (const timeout of [-1, Number.NaN]) {
      expect(await rejectionOf(worker.stop({ timeout }))).toBeInstanceOf(ValidationError);
    }
    await worker.stop({ timeout: 0 });
  });

  it("running handlers finish before the deadline; one still running then is aborted and its message released", async () => {
    const queue = await newQueue(qs, "wt");
    await qs.putMessage(queue, "quick");
    await qs.putMessage(queue, "stubborn");
    const started = new Set<string>();
    let reason: unknown;
    let stubbornDone = false;
    const worker = processMessages(qs, queue, async (message, { signal }) => {
      started.add(message.content);
      if (message.content === "quick") {
        await sleep(300);
        return;
      }
      reason = await abortOf(signal);
      // Ignores its signal a while longer: its message is released all the same and never deleted afterwards.
      await sleep(500);
      stubbornDone = true;
    }, { visibilityTimeout: 30, concurrency: 2, batchSize: 2 });
    await waitFor(() => started.size === 2, 20_000, "both handlers");
    await worker.stop({ timeout: 1 });
    expect(reason).toBeInstanceOf(AbortError);
    expect(worker.stats).toMatchObject({ received: 2, completed: 1, failed: 1, released: 1, inFlight: 0 });
    const [again] = await qs.getMessages(queue, { visibilityTimeout: 30 });
    expect(again?.content).toBe("stubborn");
    await waitFor(() => stubbornDone, 5000, "the stubborn handler");
    await sleep(100);
    expect(worker.stats.completed).toBe(1);
    await qs.deleteMessage(queue, again!.id, again!.popReceipt);
  }, 30_000);

  it("aborting the signal option stops the worker as stop() does", async () => {
    const queue = await newQueue(qs, "wt");
    await qs.putMessage(queue, "one");
    const controller = new AbortController();
    const worker = processMessages(qs, queue, async () => {
      controller.abort();
      await sleep(200);
    }, { signal: controller.signal, maxPollInterval: 0.2 });
    await waitFor(() => controller.signal.aborted, 20_000, "the abort");
    await worker.stop();
    expect(worker.stats).toMatchObject({ received: 1, completed: 1, inFlight: 0 });
    await qs.putMessage(queue, "two");
    await sleep(600);
    expect(worker.stats.received).toBe(1);
  }, 30_000);

  it("maxLeaseDuration aborts the handler's signal and releases its message with retryDelay", async () => {
    const queue = await newQueue(qs, "wt");
    await qs.putMessage(queue, "long");
    let reason: unknown;
    const deliveries: number[] = [];
    const worker = processMessages(qs, queue, async (message, { signal }) => {
      deliveries.push(message.dequeueCount);
      if (message.dequeueCount === 1) reason = await abortOf(signal);
    }, { visibilityTimeout: 30, maxLeaseDuration: 1, retryDelay: 0, concurrency: 1, maxPollInterval: 0.2 });
    // Released, not left hidden for the 30 s lease: received again at once, and completed then.
    await waitFor(() => worker.stats.completed === 1, 20_000, "the second delivery");
    await worker.stop();
    expect(reason).toBeInstanceOf(AbortError);
    expect(deliveries).toEqual([1, 2]);
    expect(worker.stats).toMatchObject({ received: 2, failed: 1, released: 1, completed: 1, inFlight: 0 });
  }, 30_000);

  it("after stop, no timer or socket of the worker keeps a process alive", async () => {
    const fixture = new URL("fixtures/worker-stops.ts", import.meta.url).pathname;
    const { exitCode, output } = await runScript(fixture, [accountUrl(), uniqueQueueName("wt")]);
    expect(exitCode, output).toBe(0);
    expect(JSON.parse(output.trim().split("\n").at(-1)!)).toMatchObject({ received: 3, completed: 2, released: 1, failed: 1, inFlight: 0 });
  }, 30_000);
});
