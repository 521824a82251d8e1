import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureHttpError, LeaseLostError } from "../../src/index.js";
import { faultWhen, isRequestFor } from "../faults/fault-proxy.js";
import { FAST_RETRIES, startFaultRig, type FaultRig } from "../faults/fault-service.js";
import { uniqueQueueName } from "../harness/names.js";
import { errorRecorder, recordedWorker, sleep } from "./worker-harness.js";

// A busy service's 503 to a renewal: Azurite never sends one, so a fault proxy on loopback does.
let rig: FaultRig;
beforeAll(async () => {
  rig = await startFaultRig();
});
afterAll(() => rig.close());

describe("processMessages renewal under transient failures", () => {
  it("a failed renewal is retried sooner, halving the interval but not below 1 s, and the lease holds", async () => {
    const queue = uniqueQueueName("wr");
    await rig.direct.createQueue(queue);
    await rig.direct.putMessage(queue, "held");
    rig.proxy.setSchedule(faultWhen(isRequestFor("Message_Update"), { kind: "throttle", retryAfterSeconds: 0 }, 2));
    // No retries inside the call: the worker's own schedule is what is tested.
    const qs = rig.service({ ...FAST_RETRIES, maxTries: 1 });
    const { events, onError } = errorRecorder();
    let handled = 0;
    const { worker, calls } = recordedWorker(qs, queue, async () => {
      handled++;
      await sleep(6500);
    }, { visibilityTimeout: 6, concurrency: 1, onError });
    while (worker.stats.completed === 0 && worker.stats.failed === 0) await sleep(100);
    await worker.stop();
    expect(handled).toBe(1);
    expect(worker.stats).toMatchObject({ completed: 1, failed: 0, renewed: 1 });
    expect(events.map((event) => event.source)).toEqual(["renew", "renew"]);
    for (const { error } of events) expect(error).toBeInstanceOf(AzureHttpError);
    const renewals = calls.filter((call) => call.operation === "updateMessage");
    expect(renewals.map((call) => call.failed !== undefined)).toEqual([true, true, false]);
    const [first, second, third] = renewals.map((call) => call.at);
    // Half of the 3 s interval, then 0.75 s raised to the 1 s floor; both sooner than the 3 s interval. Timers never
    // fire early, so the lower bounds are exact; the upper bounds leave a loaded machine 1.5 s.
    expect(second! - first!).toBeGreaterThanOrEqual(1500 - 1);
    expect(second! - first!).toBeLessThan(3000);
    expect(third! - second!).toBeGreaterThanOrEqual(1000 - 1);
    expect(third! - second!).toBeLessThan(2500);
    // The renewal that succeeded used the pop receipt of the receive, as the failed ones could not change it.
    expect(new Set(renewals.map((call) => call.sent)).size).toBe(1);
    expect(await rig.direct.peekMessages(queue)).toEqual([]);
  }, 30_000);

  it("a renewal answered 409 QueueBeingDeleted ends the lease: LeaseLostError, no delete", async () => {
    const queue = uniqueQueueName("wr");
    await rig.direct.createQueue(queue);
    await rig.direct.putMessage(queue, "doomed");
    // Azurite deletes a queue at once, so the proxy gives the answer a queue being deleted gets.
    const beingDeleted = { status: 409, headers: { "x-ms-error-code": "QueueBeingDeleted" }, body: "" };
    rig.proxy.setSchedule(faultWhen(isRequestFor("Message_Update"), { kind: "replace", replace: () => beingDeleted }, 1));
    const qs = rig.service({ ...FAST_RETRIES, maxTries: 1 });
    const { events, onError } = errorRecorder();
    let reason: unknown;
    const { worker, calls } = recordedWorker(qs, queue, async (_, { signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      reason = signal.reason;
    }, { visibilityTimeout: 2, concurrency: 1, onError });
    while (worker.stats.failed === 0) await sleep(50);
    await worker.stop();
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect((reason as LeaseLostError).cause).toMatchObject({ statusCode: 409, errorCode: "QueueBeingDeleted" });
    expect(events.map((event) => event.source)).toEqual(["renew"]);
    expect(calls.map((call) => call.operation).filter((operation) => operation !== "getMessages")).toEqual(["updateMessage"]);
    expect(worker.stats).toMatchObject({ completed: 0, failed: 1, renewed: 0 });
  }, 30_000);
});
