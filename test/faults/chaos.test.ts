/**
 * Chaos run: producers put N messages with unique payloads while 8 consumers get and delete them, all through the
 * fault proxy with every fault kind on, by a seeded schedule. At the end the queue is drained without faults and
 * every payload must be accounted for: none lost (a single loss fails the test), no call past its bound. Payloads
 * seen more than once (a put retried after a lost answer, a message received again after its lease expired or its
 * delete failed) are counted and reported, not failed.
 *
 * AZQUEUE_CHAOS_MESSAGES sets N (default 1000), AZQUEUE_CHAOS_SEED the schedule's seed; AZQUEUE_CHAOS_PROGRESS=1
 * prints a line every 10 s.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { FAULT_KINDS, noFaults, seededSchedule, type FaultRates } from "./fault-proxy.js";
import { callBoundSeconds, startFaultRig, type FaultClientSettings, type FaultRig } from "./fault-service.js";

const MESSAGES = Number(process.env.AZQUEUE_CHAOS_MESSAGES ?? 1000);
const SEED = Number(process.env.AZQUEUE_CHAOS_SEED ?? 20261123);
const PRODUCERS = 4;
const CONSUMERS = 8;
/** Seconds a received message stays hidden: short, so messages whose get answer was lost come back soon. */
const LEASE = 5;
const SETTINGS: FaultClientSettings = { socketTimeout: 2, maxTries: 4, retryDelay: 0.1, maxRetryDelay: 2 };
const CALL_BOUND = callBoundSeconds(SETTINGS);
const RATES: FaultRates = {
  resetBeforeForward: 0.01,
  resetAfterForward: 0.01,
  throttle: 0.01,
  stall: 0.004,
  truncateBody: 0.01,
  garbageXml: 0.01,
  delay: 0.03,
};
/** How often the application itself tries a put again after the client gave up on it. */
const PUT_ATTEMPTS = 10;

let rig: FaultRig;
beforeAll(async () => {
  rig = await startFaultRig({ schedule: seededSchedule(SEED, RATES, { maxDelayMs: 500 }), stallMs: 5_000, retryAfterSeconds: 1 });
});
afterAll(async () => {
  await rig?.close();
});

interface Tally {
  /** Receipts per payload, by message id. */
  readonly received: Map<string, Map<string, number>>;
  readonly calls: { count: number; maxSeconds: number; slowest: string };
  /** Errors that reached the application, by operation and error name (the application handles them). */
  readonly surfaced: Map<string, number>;
}

function payloadOf(index: number): string {
  return `chaos-${SEED}-${index}`;
}

/** Runs one call, timing it and counting what it throws; rethrows. */
async function track<T>(tally: Tally, operation: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } catch (error) {
    const key = `${operation}: ${error instanceof Error ? error.name : typeof error}`;
    tally.surfaced.set(key, (tally.surfaced.get(key) ?? 0) + 1);
    throw error;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    tally.calls.count++;
    if (seconds > tally.calls.maxSeconds) Object.assign(tally.calls, { maxSeconds: seconds, slowest: operation });
  }
}

function receive(tally: Tally, payload: string, id: string): void {
  let byId = tally.received.get(payload);
  if (!byId) tally.received.set(payload, (byId = new Map()));
  byId.set(id, (byId.get(id) ?? 0) + 1);
}

async function produce(qs: QueueService, queue: string, tally: Tally, next: () => number | undefined): Promise<void> {
  for (let index = next(); index !== undefined; index = next()) {
    for (let attempt = 1; ; attempt++) {
      try {
        await track(tally, "putMessage", () => qs.putMessage(queue, payloadOf(index)));
        break;
      } catch (error) {
        if (attempt >= PUT_ATTEMPTS) throw new Error(`put of ${payloadOf(index)} failed ${PUT_ATTEMPTS} times`, { cause: error });
      }
    }
  }
}

async function consume(qs: QueueService, queue: string, tally: Tally, done: () => boolean): Promise<void> {
  while (!done()) {
    let batch;
    try {
      batch = await track(tally, "getMessages", () => qs.getMessages(queue, { numMessages: 32, visibilityTimeout: LEASE }));
    } catch {
      continue;
    }
    if (batch.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    for (const message of batch) receive(tally, message.content, message.id);
    // A failed delete leaves the message to come back once its lease ends: a duplicate, never a loss.
    await Promise.all(batch.map((message) => track(tally, "deleteMessage", () => qs.deleteMessage(queue, message.id, message.popReceipt)).catch(() => undefined)));
  }
}

/** Empties the queue straight from Azurite, waiting for leased messages to come back. */
async function drain(queue: string, tally: Tally, withinSeconds: number): Promise<number> {
  const deadline = performance.now() + withinSeconds * 1000;
  let drained = 0;
  while (performance.now() < deadline) {
    const batch = await rig.direct.getMessages(queue, { numMessages: 32, visibilityTimeout: 30 });
    if (batch.length === 0) {
      if ((await rig.direct.getQueueMetadata(queue)).approximateMessageCount === 0) return drained;
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    for (const message of batch) {
      receive(tally, message.content, message.id);
      drained++;
      await rig.direct.deleteMessage(queue, message.id, message.popReceipt);
    }
  }
  throw new Error(`the queue still held messages after ${withinSeconds} s of draining`);
}

it(
  `loses none of ${MESSAGES} messages put and consumed through faults`,
  async () => {
    const queue = uniqueQueueName("chaos");
    await rig.direct.createQueue(queue);
    const tally: Tally = { received: new Map(), calls: { count: 0, maxSeconds: 0, slowest: "" }, surfaced: new Map() };
    const started = performance.now();
    const producers = rig.service(SETTINGS);
    const consumers = rig.service(SETTINGS);

    let nextIndex = 0;
    const next = () => (nextIndex < MESSAGES ? nextIndex++ : undefined);
    let producing = true;
    let stopped = false;
    // Consumers stop when every payload has been received at least once and nothing more is being put.
    const done = () => stopped || (!producing && tally.received.size >= MESSAGES);
    const producing$ = Promise.all(Array.from({ length: PRODUCERS }, () => produce(producers, queue, tally, next))).finally(() => {
      producing = false;
    });
    const consuming$ = Promise.all(Array.from({ length: CONSUMERS }, () => consume(consumers, queue, tally, done)));
    const progress = process.env.AZQUEUE_CHAOS_PROGRESS === "1"
      ? setInterval(() => {
          const elapsed = ((performance.now() - started) / 1000).toFixed(0);
          console.error(`chaos ${elapsed} s: put ${nextIndex}, received ${tally.received.size}, calls ${tally.calls.count}, requests ${rig.proxy.requests()}`);
        }, 10_000)
      : undefined;
    // A consumer loop never ends if a payload was lost: bound the wait, then let the accounting below say so.
    const consumeBound = new Promise<void>((resolve) => setTimeout(resolve, consumeBudgetSeconds() * 1000).unref());
    await producing$;
    await Promise.race([consuming$, consumeBound]);
    stopped = true;
    await consuming$;
    clearInterval(progress);

    rig.proxy.setSchedule(noFaults);
    const drained = await drain(queue, tally, LEASE + 60);
    const seconds = (performance.now() - started) / 1000;

    let lost = 0;
    let duplicatePuts = 0;
    let redeliveries = 0;
    for (let index = 0; index < MESSAGES; index++) {
      const byId = tally.received.get(payloadOf(index));
      if (!byId) {
        lost++;
        continue;
      }
      duplicatePuts += byId.size - 1;
      for (const receipts of byId.values()) redeliveries += receipts - 1;
    }
    const unexpected = [...tally.received.keys()].filter((payload) => !/^chaos-\d+-\d+$/.test(payload) || Number(payload.split("-")[2]) >= MESSAGES);
    const injected = FAULT_KINDS.map((kind) => `${kind} ${rig.proxy.injected[kind]}`).join(" | ");
    const totalInjected = FAULT_KINDS.reduce((sum, kind) => sum + rig.proxy.injected[kind], 0);
    const surfaced = [...tally.surfaced].map(([key, count]) => `${key} ${count}`).join(" | ") || "none";
    console.log(
      [
        `chaos run  seed ${SEED} | ${MESSAGES} messages | ${PRODUCERS} producers, ${CONSUMERS} consumers | ${seconds.toFixed(1)} s`,
        `requests   ${rig.proxy.requests()} through the proxy, ${totalInjected} faults: ${injected}`,
        `service    ${rig.proxy.upstreamErrors()} requests the service itself failed to answer (passed on as resets)`,
        `outcome    lost ${lost} | duplicates ${duplicatePuts + redeliveries} (put twice ${duplicatePuts}, received again ${redeliveries}) | drained at the end ${drained}`,
        `calls      ${tally.calls.count} | max ${tally.calls.maxSeconds.toFixed(2)} s (${tally.calls.slowest}), bound ${CALL_BOUND} s`,
        `surfaced   ${surfaced}`,
      ].join("\n"),
    );

    expect(lost).toBe(0);
    expect(unexpected).toEqual([]);
    expect(tally.calls.maxSeconds).toBeLessThan(CALL_BOUND);
    expect(rig.proxy.proxyErrors(), rig.proxy.errorReasons.join("\n")).toBe(0);
    // Every kind of fault was injected, so the run proves something about each.
    for (const kind of FAULT_KINDS) expect(rig.proxy.injected[kind], kind).toBeGreaterThan(0);
  },
  (consumeBudgetSeconds() + LEASE + 120) * 1000,
);

/** Generous: a few milliseconds per message on a loaded 2-core machine, plus time for stalls and throttling. */
function consumeBudgetSeconds(): number {
  return 60 + MESSAGES * 0.03;
}
