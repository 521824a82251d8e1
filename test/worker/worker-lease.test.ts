import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AzureHttpError, LeaseLostError, type QueueService } from "../../src/index.js";
import { emulatorService, newQueue } from "../facade/queue-service-harness.js";
import { errorRecorder, processMessages, recordedWorker, sleep, waitFor } from "./worker-harness.js";

let qs: QueueService;
beforeAll(() => {
  qs = emulatorService();
});
afterAll(() => qs.close());

describe("processMessages lease", () => {
  it("a handler slower than three 2 s leases completes once; every renewal and the delete use the newest pop receipt", async () => {
    const queue = await newQueue(qs, "wl");
    const { id } = await qs.putMessage(queue, "slow");
    let calls = 0;
    const { worker, calls: io } = recordedWorker(qs, queue, async () => {
      calls++;
      await sleep(7000);
    }, { visibilityTimeout: 2, maxPollInterval: 0.5 });
    await waitFor(() => worker.stats.received === 1, 10_000, "the receive");
    // A competing consumer polls all along: it must never see the message while the handler holds it.
    let stolen = 0;
    while (worker.stats.completed === 0) {
      stolen += (await qs.getMessages(queue, { visibilityTimeout: 1 })).length;
      await sleep(200);
    }
    await worker.stop();
    expect(calls).toBe(1);
    expect(stolen).toBe(0);
    expect(worker.stats).toMatchObject({ received: 1, completed: 1, failed: 0, inFlight: 0 });
    expect(worker.stats.renewed).toBeGreaterThanOrEqual(4);
    const ours = io.filter((call) => call.messageId === id);
    const renewals = ours.filter((call) => call.operation === "updateMessage");
    expect(renewals.length).toBe(worker.stats.renewed);
    const receive = io.find((call) => call.operation === "getMessages" && (call.received ?? []).length === 1)!;
    // Each call sends the pop receipt the previous one returned.
    let newest = receive.received![0];
    for (const call of ours) {
      expect(call.sent).toBe(newest);
      if (call.operation === "updateMessage") newest = call.received![0];
    }
    expect(ours.at(-1)?.operation).toBe("deleteMessage");
    // Renewal stopped before the delete: nothing is sent for the message after it.
    expect(await qs.peekMessages(queue)).toEqual([]);
  }, 30_000);

  it("renewals follow a monotonic clock: a wall clock behind the service's, and set back mid-lease, changes nothing", async () => {
    const queue = await newQueue(qs, "wl");
    await qs.putMessage(queue, "skewed");
    // Only Date is faked (timers stay real); it keeps running, an hour behind the service's clock, from before the
    // receive: a lease timed by comparing the service's times with Date would expire unrenewed.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true, now: Date.now() - 3600_000 });
    let calls = 0;
    let stolen = 0;
    try {
      const worker = processMessages(qs, queue, async () => {
        calls++;
        await sleep(500);
        // And it jumps back another hour mid-lease: a renewal due at a Date-based deadline would wait an hour.
        vi.setSystemTime(Date.now() - 3600_000);
        await sleep(4000);
      }, { visibilityTimeout: 2, concurrency: 1 });
      await waitFor(() => worker.stats.received === 1, 10_000, "the receive");
      while (worker.stats.completed === 0 && worker.stats.failed === 0) {
        stolen += (await qs.getMessages(queue, { visibilityTimeout: 1 })).length;
        await sleep(200);
      }
      await worker.stop();
      expect(worker.stats).toMatchObject({ received: 1, completed: 1, failed: 0 });
      expect(worker.stats.renewed).toBeGreaterThanOrEqual(3);
    } finally {
      vi.useRealTimers();
    }
    expect(calls).toBe(1);
    expect(stolen).toBe(0);
  }, 30_000);

  it("a renewal refused with PopReceiptMismatch aborts the handler's signal with LeaseLostError; the worker never deletes", async () => {
    const queue = await newQueue(qs, "wl");
    await qs.putMessage(queue, "contested");
    const { events, onError } = errorRecorder();
    let reason: unknown;
    let thief: { id: string; popReceipt: string } | undefined;
    const worker = processMessages(qs, queue, async (message, { signal }) => {
      // Another consumer takes the message (concurrency 1: this worker does not poll meanwhile).
      await qs.updateMessage(queue, message.id, message.popReceipt, 0);
      const [taken] = await qs.getMessages(queue, { visibilityTimeout: 60 });
      thief = taken;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      reason = signal.reason;
    }, { visibilityTimeout: 2, concurrency: 1, onError });
    await waitFor(() => worker.stats.failed === 1, 20_000, "the lost lease");
    await worker.stop();
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect((reason as LeaseLostError).cause).toMatchObject({ statusCode: 400, errorCode: "PopReceiptMismatch" });
    expect(events.map((event) => event.source)).toEqual(["renew"]);
    expect(worker.stats).toMatchObject({ received: 1, completed: 0, failed: 1, inFlight: 0 });
    // The message is still there for the consumer that holds it now.
    expect(thief).toBeDefined();
    await qs.deleteMessage(queue, thief!.id, thief!.popReceipt);
  }, 30_000);

  it("a renewal answered 404 MessageNotFound ends the lease: LeaseLostError, no delete", async () => {
    const queue = await newQueue(qs, "wl");
    await qs.putMessage(queue, "gone");
    let reason: unknown;
    const { worker, calls } = recordedWorker(qs, queue, async (message, { signal }) => {
      await qs.deleteMessage(queue, message.id, message.popReceipt);
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      reason = signal.reason;
    }, { visibilityTimeout: 2 });
    await waitFor(() => worker.stats.failed === 1, 20_000, "the lost lease");
    await worker.stop();
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect((reason as LeaseLostError).cause).toMatchObject({ statusCode: 404, errorCode: "MessageNotFound" });
    expect(calls.filter((call) => call.operation === "deleteMessage")).toEqual([]);
  }, 30_000);

  it("a delete refused because the lease was lost goes to onError and the stats; the loop goes on", async () => {
    const queue = await newQueue(qs, "wl");
    await qs.putMessage(queue, "first");
    const { events, onError } = errorRecorder();
    const handled: string[] = [];
    const worker = processMessages(qs, queue, async (message) => {
      handled.push(message.content);
      if (message.content === "first") {
        // Taken by another consumer before the handler resolves; the 30 s lease is never renewed meanwhile.
        await qs.updateMessage(queue, message.id, message.popReceipt, 0);
        expect(await qs.getMessages(queue, { visibilityTimeout: 60 })).toHaveLength(1);
        await qs.putMessage(queue, "second");
      }
    }, { visibilityTimeout: 30, concurrency: 1, maxPollInterval: 0.2, onError });
    await waitFor(() => worker.stats.completed === 1, 20_000, "the second message");
    await worker.stop();
    expect(handled).toEqual(["first", "second"]);
    expect(worker.stats).toMatchObject({ received: 2, completed: 1, failed: 1 });
    expect(events.map((event) => event.source)).toEqual(["delete"]);
    expect(events[0]!.error).toBeInstanceOf(AzureHttpError);
    expect(events[0]!.error).toMatchObject({ statusCode: 400, errorCode: "PopReceiptMismatch" });
    expect(events[0]!.message?.content).toBe("first");
  }, 30_000);
});
