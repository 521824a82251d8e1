/**
 * Each fault kind alone, through QueueService: a call either succeeds after retries or fails with a typed error
 * naming the cause, and ends within the bound its retry settings imply (generous: a loaded machine is slow, but
 * never minutes slow).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, AzureHttpError, NetworkError, ResponseParseError, TimeoutError } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { faultWhen, isRequestFor, noFaults, type Fault, type FaultKind } from "./fault-proxy.js";
import { callBoundSeconds, FAST_RETRIES, startFaultRig, timed, type FaultRig } from "./fault-service.js";

let rig: FaultRig;
beforeAll(async () => {
  rig = await startFaultRig({ retryAfterSeconds: 1, stallMs: 5_000 });
});
afterAll(async () => {
  await rig?.close();
});

const BOUND = callBoundSeconds(FAST_RETRIES);

async function queueWith(...contents: string[]): Promise<string> {
  const queue = uniqueQueueName("kind");
  await rig.direct.createQueue(queue);
  for (const content of contents) await rig.direct.putMessage(queue, content);
  return queue;
}

const FAULTS: Record<Exclude<FaultKind, "garbageXml">, Fault> = {
  resetBeforeForward: { kind: "resetBeforeForward" },
  resetAfterForward: { kind: "resetAfterForward" },
  throttle: { kind: "throttle" },
  stall: { kind: "stall" },
  truncateBody: { kind: "truncateBody", fraction: 0.5 },
  delay: { kind: "delay", ms: 500 },
};

describe("one faulted attempt, then a healthy service: the call succeeds", () => {
  it.each(Object.entries(FAULTS))("getMessages after %s", async (kind, fault) => {
    const queue = await queueWith("payload");
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Get"), fault, 1));
    const before = rig.proxy.injected[kind as FaultKind];
    const result = await timed(() => rig.service().getMessages(queue, { visibilityTimeout: 1 }));
    rig.proxy.setSchedule(noFaults);
    expect(result.error).toBeUndefined();
    expect(rig.proxy.injected[kind as FaultKind]).toBe(before + 1);
    expect(result.seconds).toBeLessThan(BOUND);
    // A get whose answer was lost hid the message for a second; the retry may then find the queue empty.
    const lostAnswer = kind === "resetAfterForward" || kind === "stall" || kind === "truncateBody";
    if (!lostAnswer) expect(result.value?.map((message) => message.content)).toEqual(["payload"]);
  });

  it.each(Object.entries(FAULTS))("peekMessages after %s", async (kind, fault) => {
    const queue = await queueWith("payload");
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Peek"), fault, 1));
    const result = await timed(() => rig.service().peekMessages(queue));
    rig.proxy.setSchedule(noFaults);
    expect(result.error).toBeUndefined();
    expect(result.value?.map((message) => message.content)).toEqual(["payload"]);
    expect(result.seconds).toBeLessThan(BOUND);
  });

  it.each(Object.entries(FAULTS))("putMessage after %s", async (_kind, fault) => {
    const queue = await queueWith();
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Put"), fault, 1));
    const result = await timed(() => rig.service().putMessage(queue, "enqueued"));
    rig.proxy.setSchedule(noFaults);
    expect(result.error).toBeUndefined();
    expect(result.seconds).toBeLessThan(BOUND);
    const stored = await rig.direct.peekMessages(queue, { numMessages: 32 });
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(new Set(stored.map((message) => message.content))).toEqual(new Set(["enqueued"]));
  });
});

describe("every attempt faulted: a typed error naming the cause, within the bound", () => {
  const cases: Array<[string, Fault, (error: unknown) => void, number]> = [
    ["resetBeforeForward", FAULTS.resetBeforeForward, expectNetworkError, 0],
    ["resetAfterForward", FAULTS.resetAfterForward, expectNetworkError, 0],
    ["truncateBody", FAULTS.truncateBody, expectNetworkError, 0],
    // Retry-After: 1 between each of the tries.
    ["throttle", FAULTS.throttle, (error) => expect(error).toMatchObject({ name: "AzureHttpError", statusCode: 503, errorCode: "ServerBusy" }), (FAST_RETRIES.maxTries - 1) * 1],
    ["stall", FAULTS.stall, (error) => {
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(new RegExp(`no complete response within ${FAST_RETRIES.socketTimeout * 1000} ms`));
    }, FAST_RETRIES.maxTries * FAST_RETRIES.socketTimeout],
  ];

  it.each(cases)("%s", async (_kind, fault, check, atLeastSeconds) => {
    const queue = await queueWith("payload");
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Get"), fault));
    const requestsBefore = rig.proxy.requests();
    const result = await timed(() => rig.service().getMessages(queue));
    rig.proxy.setSchedule(noFaults);
    check(result.error);
    expect(rig.proxy.requests() - requestsBefore).toBe(FAST_RETRIES.maxTries);
    expect(result.seconds).toBeGreaterThanOrEqual(atLeastSeconds * 0.9);
    expect(result.seconds).toBeLessThan(BOUND);
  });

  it("delays within the per-try timeout cost time, never the call", async () => {
    const queue = await queueWith("payload");
    rig.proxy.setSchedule(faultWhen(() => true, { kind: "delay", ms: 500 }));
    const result = await timed(() => rig.service().peekMessages(queue));
    rig.proxy.setSchedule(noFaults);
    expect(result.value?.map((message) => message.content)).toEqual(["payload"]);
    expect(result.seconds).toBeGreaterThanOrEqual(0.45);
    expect(result.seconds).toBeLessThan(BOUND);
  });

  it("garbage instead of a document: ResponseParseError at once, naming the operation (a 200 is final)", async () => {
    const queue = await queueWith("payload");
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Peek"), { kind: "garbageXml", variant: 1 }));
    const requestsBefore = rig.proxy.requests();
    const result = await timed(() => rig.service().peekMessages(queue));
    rig.proxy.setSchedule(noFaults);
    expect(result.error).toBeInstanceOf(ResponseParseError);
    expect((result.error as Error).message).toMatch(/^Messages_Peek: /);
    expect(rig.proxy.requests() - requestsBefore).toBe(1);
  });
});

describe("abortSignal and timeout through faults", () => {
  it("abort during a backoff wait ends the call at once with AbortError", async () => {
    const queue = await queueWith();
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Get"), { kind: "throttle", retryAfterSeconds: 20 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const requestsBefore = rig.proxy.requests();
    // The 503 asks for 20 s; the abort comes during that wait.
    const result = await timed(() => rig.service({ ...FAST_RETRIES, maxRetryDelay: 30 }).getMessages(queue, { abortSignal: controller.signal }));
    rig.proxy.setSchedule(noFaults);
    expect(result.error).toBeInstanceOf(AbortError);
    expect(result.seconds).toBeLessThan(5);
    expect(rig.proxy.requests() - requestsBefore).toBe(1);
  });

  it("abort during a stalled attempt ends the call at once with AbortError", async () => {
    const queue = await queueWith();
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Get"), FAULTS.stall));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("shutting down")), 200);
    const result = await timed(() => rig.service({ ...FAST_RETRIES, socketTimeout: 20 }).getMessages(queue, { abortSignal: controller.signal }));
    rig.proxy.setSchedule(noFaults);
    expect(result.error).toBeInstanceOf(AbortError);
    expect((result.error as AbortError).cause).toEqual(new Error("shutting down"));
    expect(result.seconds).toBeLessThan(5);
  });

  it("an aborted signal sends nothing", async () => {
    const queue = await queueWith();
    const requestsBefore = rig.proxy.requests();
    const result = await timed(() => rig.service().getMessages(queue, { abortSignal: AbortSignal.abort() }));
    expect(result.error).toBeInstanceOf(AbortError);
    expect(rig.proxy.requests()).toBe(requestsBefore);
  });

  it("timeout is the server-side timeout: sent as the query parameter, and not a client bound", async () => {
    const queue = await queueWith("payload");
    const seen: string[] = [];
    rig.proxy.setSchedule((request) => {
      if (isRequestFor("Messages_Peek")(request)) seen.push(request.url);
      // Slower than the server-side timeout asked for, but within the client's per-try timeout (5 s).
      return isRequestFor("Messages_Peek")(request) ? { kind: "delay", ms: 1_500 } : { kind: "none" };
    });
    const result = await timed(() => rig.service({ ...FAST_RETRIES, socketTimeout: 5 }).peekMessages(queue, { timeout: 1 }));
    rig.proxy.setSchedule(noFaults);
    expect(result.value?.map((message) => message.content)).toEqual(["payload"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/[?&]timeout=1(?:&|$)/);
  });
});

function expectNetworkError(error: unknown): void {
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/kind[\w-]+\/messages failed: .*(ECONNRESET|socket|closed|other side)/i);
  expect(error).not.toBeInstanceOf(AzureHttpError);
}
