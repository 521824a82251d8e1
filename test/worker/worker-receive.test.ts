import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueService } from "../../src/index.js";
import { emulatorService, newQueue } from "../facade/queue-service-harness.js";
import { recordedWorker, sleep, waitFor } from "./worker-harness.js";

let qs: QueueService;
beforeAll(() => {
  qs = emulatorService();
});
afterAll(async () => {
  await qs.close();
});

describe("processMessages receiving", () => {
  it("with the slots nearly full it waits until half are free, then asks for exactly the free ones", async () => {
    const queue = await newQueue(qs, "wr");
    await Promise.all(Array.from({ length: 12 }, (_, i) => qs.putMessage(queue, `m${i}`)));
    const finish = new Map<string, () => void>();
    let holding = true;
    const { worker, calls } = recordedWorker(qs, queue, (message) => (holding ? new Promise<void>((resolve) => finish.set(message.content, resolve)) : undefined), {
      concurrency: 4,
      batchSize: 4,
      maxPollInterval: 0.2,
    });
    const gets = () => calls.filter((call) => call.operation === "getMessages").map((call) => call.numMessages);
    await waitFor(() => finish.size === 4, 10_000, "the first batch");
    const running = () => [...finish.keys()];

    // One slot free of four: below half, so no get.
    finish.get(running()[0]!)!();
    await waitFor(() => worker.stats.completed === 1, 10_000, "the first delete");
    await sleep(400);
    expect(gets()).toEqual([4]);

    // Two free: a get for two, and the slots are full again.
    finish.get(running()[1]!)!();
    await waitFor(() => worker.stats.received === 6, 10_000, "the second get");
    expect(gets()).toEqual([4, 2]);
    expect(worker.stats.inFlight).toBe(4);

    holding = false;
    for (const done of finish.values()) done();
    await waitFor(() => worker.stats.completed === 12, 10_000, "every message");
    await worker.stop();
    // Every get asked for no more than the free slots, and never for fewer than two while messages were waiting.
    expect(gets().slice(0, -1).every((n) => n !== undefined && n >= 2 && n <= 4)).toBe(true);
  }, 30_000);
});
