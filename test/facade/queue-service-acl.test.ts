import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueService} from "../../src/index.js";
import { AzureMissingResourceHttpError, QueuePermissions, ValidationError, type AccessPolicyInit } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { emulatorService, loggedService, newQueue, rejectionOf } from "./queue-service-harness.js";

let qs: QueueService;

beforeAll(() => {
  qs = emulatorService();
});
afterAll(() => qs.close());

describe("QueueService access policies", () => {
  it("setQueueAcl then getQueueAcl round-trips policies, dates as Dates", async () => {
    const queue = await newQueue(qs, "acl");
    const start = new Date("2026-01-02T03:04:05.678Z");
    const expiry = new Date("2027-06-07T08:09:10.000Z");
    const info = await qs.setQueueAcl(queue, {
      readers: { permission: "r", start, expiry },
      workers: { permission: QueuePermissions.PROCESS.or(QueuePermissions.UPDATE), expiry: "2028-01-01T00:00:00Z" },
      // A policy with no field at all is legal for the service, but Azurite 3.35 answers 400 to <AccessPolicy/>.
      dated: { start: "2026-03-04T05:06:07Z" },
    });
    expect(info.requestId).toMatch(/\S/);
    const policies = await qs.getQueueAcl(queue);
    expect(Object.keys(policies)).toEqual(["readers", "workers", "dated"]);
    expect(policies["readers"]).toEqual({ permission: "r", start, expiry });
    expect(policies["workers"]).toEqual({ permission: "up", expiry: new Date("2028-01-01T00:00:00Z") });
    expect(policies["dated"]).toEqual({ start: new Date("2026-03-04T05:06:07Z") });
  });

  it("permission strings are written in the service's order", async () => {
    const queue = await newQueue(qs, "acl");
    await qs.setQueueAcl(queue, { all: { permission: "puar" } });
    expect((await qs.getQueueAcl(queue))["all"]?.permission).toBe("raup");
  });

  it("an ISO string without offset is UTC", async () => {
    const queue = await newQueue(qs, "acl");
    await qs.setQueueAcl(queue, { p: { permission: "r", expiry: "2030-05-06T07:08:09" } });
    expect((await qs.getQueueAcl(queue))["p"]?.expiry).toEqual(new Date("2030-05-06T07:08:09Z"));
  });

  it("setQueueAcl without policies, or with {}, removes them all", async () => {
    const queue = await newQueue(qs, "acl");
    await qs.setQueueAcl(queue, { a: { permission: "r" } });
    await qs.setQueueAcl(queue);
    expect({ ...(await qs.getQueueAcl(queue)) }).toEqual({});
    await qs.setQueueAcl(queue, { a: { permission: "r" } });
    await qs.setQueueAcl(queue, {});
    expect({ ...(await qs.getQueueAcl(queue)) }).toEqual({});
  });

  it("a queue without policies has none", async () => {
    expect({ ...(await qs.getQueueAcl(await newQueue(qs, "acl"))) }).toEqual({});
  });

  it("getQueueAcl of a missing queue throws AzureMissingResourceHttpError QueueNotFound", async () => {
    const error = await rejectionOf(qs.getQueueAcl(uniqueQueueName("missing")));
    expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
    expect((error as AzureMissingResourceHttpError).errorCode).toBe("QueueNotFound");
  });
});

describe("access policy limits, at their boundaries", () => {
  function policies(count: number): Record<string, AccessPolicyInit> {
    return Object.fromEntries(Array.from({ length: count }, (_, i) => [`id${i}`, { permission: "r" }]));
  }

  it("5 policies are accepted, and an id of 64 characters", async () => {
    const queue = await newQueue(qs, "acl");
    await qs.setQueueAcl(queue, policies(5));
    expect(Object.keys(await qs.getQueueAcl(queue))).toHaveLength(5);
    const longId = "i".repeat(64);
    await qs.setQueueAcl(queue, { [longId]: { permission: "a" } });
    expect(Object.keys(await qs.getQueueAcl(queue))).toEqual([longId]);
  });

  it.each([
    ["6 policies", policies(6), "signed-identifiers-count"],
    ["an id of 65 characters", { ["i".repeat(65)]: { permission: "r" } }, "signed-identifier-id"],
    ["an empty id", { "": { permission: "r" } }, "signed-identifier-id"],
    ["an unknown permission letter", { a: { permission: "rw" } }, undefined],
    ["a date that does not parse", { a: { expiry: "next week" } }, "date"],
    ["an invalid Date", { a: { start: new Date(Number.NaN) } }, "date"],
  ])("%s is a ValidationError, nothing sent", async (_what, identifiers, rule) => {
    const { qs: logged, attempts } = loggedService();
    const error = await rejectionOf(logged.setQueueAcl("some-queue", identifiers as Record<string, AccessPolicyInit>));
    expect(error).toBeInstanceOf(ValidationError);
    if (rule !== undefined) expect((error as ValidationError).rule).toBe(rule);
    expect(attempts).toEqual([]);
    await logged.close();
  });
});
