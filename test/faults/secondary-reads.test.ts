/**
 * Reads from the secondary endpoint against a real Azurite, which serves `devstoreaccount1-secondary` as the
 * secondary of the emulator account: the proxy in front of both makes the primary fail and shows where each attempt
 * went.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createQueueClient } from "../../src/client.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { noFaults, type Fault, type ProxiedRequest } from "./fault-proxy.js";
import { startFaultRig, type FaultRig } from "./fault-service.js";

let rig: FaultRig;
let queue: string;
beforeAll(async () => {
  rig = await startFaultRig({ retryAfterSeconds: 0 });
  queue = uniqueQueueName("second");
  await rig.direct.createQueue(queue, { metadata: { region: "north" } });
  await rig.direct.putMessage(queue, "replicated");
});
afterAll(async () => {
  await rig?.close();
});

const onSecondary = (request: ProxiedRequest) => request.url.startsWith("/devstoreaccount1-secondary/");

/** Records where each request went; throttles the primary, and answers the secondary with `secondary`. */
function route(seen: string[], secondary: Fault = { kind: "none" }): (request: ProxiedRequest) => Fault {
  return (request) => {
    seen.push(onSecondary(request) ? "secondary" : "primary");
    return onSecondary(request) ? secondary : { kind: "throttle" };
  };
}

it("a peek the primary refuses is answered by the secondary", async () => {
  const seen: string[] = [];
  rig.proxy.setSchedule(route(seen));
  const peeked = await rig.service().peekMessages(queue);
  rig.proxy.setSchedule(noFaults);
  expect(peeked.map((message) => message.content)).toEqual(["replicated"]);
  expect(seen).toEqual(["primary", "secondary"]);
});

it("the typed client's peek the primary refuses is answered by the secondary", async () => {
  const seen: string[] = [];
  rig.proxy.setSchedule(route(seen));
  await using client = createQueueClient({
    endpoint: rig.proxy.accountUrl,
    accountName: EMULATOR_ACCOUNT_NAME,
    accountKey: EMULATOR_ACCOUNT_KEY,
    retry: { maxTries: 3, retryDelay: 0.05, maxRetryDelay: 1.5 },
  });
  const { data } = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
  rig.proxy.setSchedule(noFaults);
  expect(data?.map((message) => message.MessageText)).toEqual(["replicated"]);
  expect(seen).toEqual(["primary", "secondary"]);
});

it("metadata the primary refuses is read from the secondary", async () => {
  const seen: string[] = [];
  rig.proxy.setSchedule(route(seen));
  const { metadata } = await rig.service().getQueueMetadata(queue);
  rig.proxy.setSchedule(noFaults);
  expect(metadata).toEqual({ region: "north" });
  expect(seen).toEqual(["primary", "secondary"]);
});

it("a 404 from the secondary is not the answer: the primary is asked again and the secondary no more", async () => {
  const seen: string[] = [];
  let primaryFailures = 0;
  rig.proxy.setSchedule((request) => {
    seen.push(onSecondary(request) ? "secondary" : "primary");
    if (onSecondary(request)) return { kind: "replace", replace: () => ({ status: 404, headers: { "x-ms-error-code": "QueueNotFound" }, body: "" }) };
    return primaryFailures++ < 1 ? { kind: "throttle" } : { kind: "none" };
  });
  const peeked = await rig.service().peekMessages(queue);
  rig.proxy.setSchedule(noFaults);
  expect(peeked.map((message) => message.content)).toEqual(["replicated"]);
  expect(seen).toEqual(["primary", "secondary", "primary"]);
});

it("getMessages, which hides what it returns, never goes to the secondary", async () => {
  const seen: string[] = [];
  rig.proxy.setSchedule(route(seen));
  const error = await rig.service().getMessages(queue).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  rig.proxy.setSchedule(noFaults);
  expect(error).toMatchObject({ statusCode: 503 });
  expect(seen).toEqual(["primary", "primary", "primary"]);
});
