import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.js";
import type { ProcessMessagesOptions } from "../../src/worker/options.js";
import { loggedService, thrownBy } from "../facade/queue-service-harness.js";
import { processMessages } from "./worker-harness.js";

const { qs, attempts } = loggedService();
afterAll(() => qs.close());

describe("processMessages options", () => {
  const invalid: [string, ProcessMessagesOptions][] = [
    ["concurrency 0", { concurrency: 0 }],
    ["batchSize 33", { batchSize: 33 }],
    ["batchSize 0", { batchSize: 0 }],
    ["visibilityTimeout below 1 s", { visibilityTimeout: 0.5 }],
    ["visibilityTimeout over 7 days", { visibilityTimeout: 7 * 24 * 3600 + 1 }],
    ["retryDelay negative", { retryDelay: -1 }],
    ["maxDequeueCount 0", { maxDequeueCount: 0 }],
    ["maxPollInterval 0", { maxPollInterval: 0 }],
    ["maxLeaseDuration 0", { maxLeaseDuration: 0 }],
    ["maxLeaseDuration over 7 days (timers overflow past 24.8 days)", { maxLeaseDuration: 7 * 24 * 3600 + 1 }],
    ["concurrency null", { concurrency: null as unknown as number }],
  ];
  it.each(invalid)("%s fails with ValidationError before anything is received", (_, options) => {
    let called = false;
    const error = thrownBy(() => processMessages(qs, "jobs", () => void (called = true), options));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("worker-option");
    expect(called).toBe(false);
    expect(attempts).toEqual([]);
  });

  it("a bad queue or poison queue name fails with ValidationError (queue-name)", () => {
    for (const [queue, options] of [["Bad_Name", {}], ["jobs", { poisonQueueName: "Bad_Poison" }]] as const) {
      const error = thrownBy(() => processMessages(qs, queue, () => {}, options));
      expect((error as ValidationError).rule).toBe("queue-name");
    }
    expect(attempts).toEqual([]);
  });
});
