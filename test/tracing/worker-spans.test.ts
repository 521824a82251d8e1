import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueService } from "../../src/index.js";
import { emulatorService, newQueue } from "../facade/queue-service-harness.js";
import { processMessages, sleep, waitFor } from "../worker/worker-harness.js";
import { isChildOf, onlySpan, registerTracing, spansNamed, type RegisteredTracing } from "./tracing-harness.js";

let tracing: RegisteredTracing;
let qs: QueueService;
beforeAll(async () => {
  tracing = registerTracing();
  qs = emulatorService();
  // The first traced call loads @opentelemetry/api; the worker's receive call would too.
  await qs.exists("warm-up");
});
afterAll(async () => {
  await qs.close();
  await tracing.stop();
});

const ofQueue = (queue: string) => tracing.spans().filter((span) => span.attributes["messaging.destination.name"] === queue);

describe("worker spans", () => {
  it("each message is a CONSUMER span process <queue>, active in its handler, with the delete as its child", async () => {
    const queue = await newQueue(qs, "tw");
    const { id } = await qs.putMessage(queue, "work");
    let handlerSpanId: string | undefined;
    const worker = processMessages(qs, queue, async () => {
      const inner = trace.getTracer("app").startSpan("handle");
      handlerSpanId = trace.getActiveSpan()?.spanContext().spanId;
      inner.end();
    });
    await waitFor(() => worker.stats.completed === 1, 20_000, "the message");
    await worker.stop();
    const spans = ofQueue(queue);
    const process = onlySpan(spans, `process ${queue}`);
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.attributes).toEqual({
      "messaging.system": "azure_queue_storage",
      "messaging.operation.type": "process",
      "messaging.operation.name": "process",
      "messaging.destination.name": queue,
      "messaging.message.id": id,
      "messaging.azure_queue_storage.message.dequeue_count": 1,
      "az.namespace": "Microsoft.Storage",
    });
    expect(process.status.code).toBe(SpanStatusCode.UNSET);
    // A root of its own: the message carries no trace context.
    expect(process.parentSpanContext).toBeUndefined();
    expect(handlerSpanId).toBe(process.spanContext().spanId);
    const handle = tracing.spans().find((span) => span.name === "handle" && span.spanContext().traceId === process.spanContext().traceId);
    expect(handle && isChildOf(handle, process)).toBe(true);
    expect(isChildOf(onlySpan(spans, "QueueService.deleteMessage"), process)).toBe(true);
    // The receive that brought it is the loop's, not the message's.
    expect(spansNamed(spans, "QueueService.getMessages").some((span) => isChildOf(span, process))).toBe(false);
  });

  it("renewals are span events on the message's span, and their update calls its children", async () => {
    const queue = await newQueue(qs, "tw");
    await qs.putMessage(queue, "slow");
    const worker = processMessages(qs, queue, () => sleep(2_600), { visibilityTimeout: 2 });
    await waitFor(() => worker.stats.completed === 1, 20_000, "the slow message");
    await worker.stop();
    const spans = ofQueue(queue);
    const process = onlySpan(spans, `process ${queue}`);
    const renewals = process.events.filter((event) => event.name === "azqueue.lease.renewed");
    expect(worker.stats.renewed).toBeGreaterThanOrEqual(2);
    expect(renewals.length).toBe(worker.stats.renewed);
    const updates = spansNamed(spans, "QueueService.updateMessage");
    expect(updates.length).toBe(worker.stats.renewed);
    expect(updates.every((span) => isChildOf(span, process))).toBe(true);
  }, 30_000);

  it("a handler that throws marks its span ERROR with the error's class; the release is its child", async () => {
    const queue = await newQueue(qs, "tw");
    await qs.putMessage(queue, "fails");
    const worker = processMessages(qs, queue, () => {
      throw new RangeError("out of range");
    }, { onError: () => {}, retryDelay: 60 });
    await waitFor(() => worker.stats.released === 1, 20_000, "the release");
    await worker.stop();
    const spans = ofQueue(queue);
    const process = onlySpan(spans, `process ${queue}`);
    expect(process.status).toEqual({ code: SpanStatusCode.ERROR, message: "out of range" });
    expect(process.attributes["error.type"]).toBe("RangeError");
    const release = onlySpan(spans, "QueueService.updateMessage");
    expect(isChildOf(release, process)).toBe(true);
    expect(release.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("a lost lease marks the span ERROR LeaseLostError; the refused renewal is a failed child span", async () => {
    const queue = await newQueue(qs, "tw");
    await qs.putMessage(queue, "contested");
    const worker = processMessages(qs, queue, async (message, { signal }) => {
      // Another consumer takes the message: the worker's next renewal is refused.
      await qs.updateMessage(queue, message.id, message.popReceipt, 60);
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    }, { visibilityTimeout: 2, concurrency: 1, onError: () => {} });
    await waitFor(() => worker.stats.failed === 1, 20_000, "the lost lease");
    await worker.stop();
    const spans = ofQueue(queue);
    const process = onlySpan(spans, `process ${queue}`);
    expect(process.status.code).toBe(SpanStatusCode.ERROR);
    expect(process.attributes["error.type"]).toBe("LeaseLostError");
    const refused = spansNamed(spans, "QueueService.updateMessage").filter((span) => span.attributes["error.type"] === "PopReceiptMismatch");
    expect(refused.length).toBe(1);
    expect(isChildOf(refused[0]!, process)).toBe(true);
    expect(spansNamed(spans, "QueueService.deleteMessage")).toEqual([]);
  }, 30_000);
});
