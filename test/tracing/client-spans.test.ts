import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { AzureMissingResourceHttpError, QueueService } from "../../src/index.js";
import { accountUrl, emulatorService, newQueue, rejectionOf } from "../facade/queue-service-harness.js";
import { faultWhen, isRequestFor, startFaultProxy } from "../faults/fault-proxy.js";
import { uniqueQueueName } from "../harness/names.js";
import { isChildOf, onlySpan, registerTracing, spanText, spansNamed, type RegisteredTracing } from "./tracing-harness.js";

let tracing: RegisteredTracing;
let qs: QueueService;
beforeAll(() => {
  tracing = registerTracing();
  qs = emulatorService();
});
afterAll(async () => {
  await qs.close();
  await tracing.stop();
});

const forQueue = (queue: string) => (span: { attributes: Record<string, unknown> }) => span.attributes["messaging.destination.name"] === queue;

describe("client spans", () => {
  it("putMessage is one CLIENT span QueueService.putMessage with the messaging, server and Azure attributes", async () => {
    const queue = await newQueue(qs, "ts");
    let requestId: string | undefined;
    await qs.putMessage(queue, "hello", { onResponse: (response) => (requestId = response.requestId) });
    const span = onlySpan(tracing.spans(), "QueueService.putMessage", forQueue(queue));
    const { port } = new URL(accountUrl());
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.instrumentationScope).toMatchObject({ name: "azqueue" });
    expect(span.attributes).toEqual({
      "messaging.system": "azure_queue_storage",
      "messaging.destination.name": queue,
      "messaging.operation.type": "send",
      "messaging.operation.name": "Messages_Put",
      "az.namespace": "Microsoft.Storage",
      "server.address": "127.0.0.1",
      "server.port": Number(port),
      "http.response.status_code": 201,
      "az.service_request_id": requestId,
    });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("getMessages is typed receive, updateMessage and deleteMessage settle, peekMessages receive; createQueue has no messaging operation type", async () => {
    const queue = uniqueQueueName("ts");
    await qs.createQueue(queue);
    await qs.putMessage(queue, "one");
    await qs.peekMessages(queue);
    const [message] = await qs.getMessages(queue);
    const { popReceipt } = await qs.updateMessage(queue, message!.id, message!.popReceipt, 0);
    await qs.deleteMessage(queue, message!.id, popReceipt);
    const spans = tracing.spans().filter(forQueue(queue));
    const typeOf = (name: string) => onlySpan(spans, `QueueService.${name}`).attributes["messaging.operation.type"];
    expect(spans.map((span) => span.name)).toEqual([
      "QueueService.createQueue",
      "QueueService.putMessage",
      "QueueService.peekMessages",
      "QueueService.getMessages",
      "QueueService.updateMessage",
      "QueueService.deleteMessage",
    ]);
    expect(["createQueue", "putMessage", "peekMessages", "getMessages", "updateMessage", "deleteMessage"].map(typeOf)).toEqual([
      undefined,
      "send",
      "receive",
      "receive",
      "settle",
      "settle",
    ]);
    expect(onlySpan(spans, "QueueService.createQueue").attributes).toMatchObject({ "messaging.operation.name": "Queue_Create", "http.response.status_code": 201 });
    expect(spans.every((span) => span.kind === SpanKind.CLIENT && span.status.code === SpanStatusCode.UNSET)).toBe(true);
  });

  it("a 404 ends the span with an ERROR status, error.type QueueNotFound, the status code and the request id", async () => {
    const queue = uniqueQueueName("missing");
    const error = await rejectionOf(qs.putMessage(queue, "nowhere"));
    expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
    const span = onlySpan(tracing.spans(), "QueueService.putMessage", forQueue(queue));
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    expect(span.attributes).toMatchObject({
      "error.type": "QueueNotFound",
      "http.response.status_code": 404,
      "az.service_request_id": (error as AzureMissingResourceHttpError).requestId,
    });
  });

  it("exists on a missing queue answers false without marking its span failed; getQueueMetadata on it fails", async () => {
    const queue = uniqueQueueName("missing");
    expect(await qs.exists(queue)).toBe(false);
    await rejectionOf(qs.getQueueMetadata(queue));
    const spans = tracing.spans().filter(forQueue(queue));
    const exists = onlySpan(spans, "QueueService.exists");
    expect(exists.status.code).toBe(SpanStatusCode.UNSET);
    expect(exists.attributes["http.response.status_code"]).toBe(404);
    expect(exists.attributes["error.type"]).toBeUndefined();
    expect(onlySpan(spans, "QueueService.getQueueMetadata").attributes).toMatchObject({
      "messaging.operation.name": "Queue_GetMetadata",
      "error.type": "QueueNotFound",
    });
  });

  it("a call's span is a child of the caller's active span", async () => {
    const queue = await newQueue(qs, "ts");
    const tracer = trace.getTracer("test");
    const parent = tracer.startSpan("caller");
    await context.with(trace.setSpan(context.active(), parent), () => qs.putMessage(queue, "nested"));
    parent.end();
    const [caller] = spansNamed(tracing.spans(), "caller").filter((span) => span.spanContext().spanId === parent.spanContext().spanId);
    expect(isChildOf(onlySpan(tracing.spans(), "QueueService.putMessage", forQueue(queue)), caller!)).toBe(true);
  });

  it("a call retried after two 503s is one span, which ends with the final answer", async () => {
    const proxy = await startFaultProxy({
      target: inject("azuriteUnrecorded").origin,
      schedule: faultWhen(isRequestFor("Messages_Put"), { kind: "throttle" }, 2),
      stallMs: 4_000,
      retryAfterSeconds: 0.05,
    });
    const retried = new QueueService({ endpoint: proxy.accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, retry: { retryDelay: 0.01 } });
    try {
      const queue = await newQueue(retried, "ts");
      await retried.putMessage(queue, "after throttling");
      expect(proxy.injected.throttle).toBe(2);
      const span = onlySpan(tracing.spans(), "QueueService.putMessage", forQueue(queue));
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes["http.response.status_code"]).toBe(201);
      expect(span.attributes["server.port"]).toBe(Number(new URL(proxy.origin).port));
    } finally {
      await retried.close();
      await proxy.close();
    }
  });

  it("every page of listQueues is a span of its own; service calls have no destination", async () => {
    const prefix = uniqueQueueName("tl");
    await qs.createQueue(`${prefix}a`);
    await qs.createQueue(`${prefix}b`);
    const before = spansNamed(tracing.spans(), "QueueService.listQueues").length;
    const names: string[] = [];
    for await (const page of qs.listQueues({ prefix }).byPage({ maxPageSize: 1 })) names.push(...page.map((queue) => queue.name));
    const pages = spansNamed(tracing.spans(), "QueueService.listQueues").slice(before);
    expect(names.length).toBe(2);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.every((span) => span.attributes["messaging.destination.name"] === undefined && span.attributes["messaging.operation.name"] === "Service_ListQueues")).toBe(true);
  });

  it("no account key, SAS signature or token appears in any span", async () => {
    const queue = await newQueue(qs, "ts");
    const sasToken = qs.generateQueueSharedAccessSignature(queue, { permission: "raup", expiry: new Date(Date.now() + 3_600_000) });
    const signature = new URLSearchParams(sasToken).get("sig")!;
    const withSas = new QueueService({ endpoint: accountUrl(), sasToken });
    try {
      const { id, popReceipt } = await withSas.putMessage(queue, "secretive");
      await withSas.updateMessage(queue, id, popReceipt, 0);
      await rejectionOf(withSas.deleteMessage(queue, id, "stale-receipt"));
      await rejectionOf(withSas.getQueueAcl(queue));
    } finally {
      await withSas.close();
    }
    const spans = tracing.spans();
    expect(spans.filter(forQueue(queue)).length).toBeGreaterThanOrEqual(5);
    const everything = spans.map(spanText).join("\n");
    for (const secret of [signature, decodeURIComponent(signature), EMULATOR_ACCOUNT_KEY, "sig="]) expect(everything).not.toContain(secret);
  });

  it("once the tracer provider is unregistered, calls record nothing", async () => {
    const queue = await newQueue(qs, "ts");
    trace.disable();
    try {
      const before = tracing.spans().length;
      await qs.putMessage(queue, "untraced");
      await qs.getMessages(queue);
      expect(tracing.spans().length).toBe(before);
    } finally {
      // Registered again for the tests after this one.
      trace.setGlobalTracerProvider(tracing.provider);
    }
  });
});
