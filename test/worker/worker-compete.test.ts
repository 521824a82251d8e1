/**
 * Competing consumers: three worker processes share one queue, and one is killed with SIGKILL while it holds
 * messages. Every message must be handled at least once and none lost, the queue must end empty, and a message
 * handled twice must be one the killed process held. Then the same through the fault proxy (resets, 503s, stalls),
 * where a lost lease or a lost delete answer may also cause a repeat, always reported to onError: nothing is lost.
 *
 * The processes run on an Azurite of their own (as the fault tests do), so their thousands of calls do not feed the
 * suite's contract recorder. AZQUEUE_COMPETE_MESSAGES sets the number of messages (default 2,000; 600 on CI, whose
 * two cores are shared with the rest of the suite).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededSchedule, noFaults, type FaultRates } from "../faults/fault-proxy.js";
import { startFaultRig, type FaultRig } from "../faults/fault-service.js";
import { uniqueQueueName } from "../harness/names.js";
import { ledgerOf, repeated, startConsumer, type ConsumerConfig, type ConsumerProcess, type Ledger } from "./consumer-events.js";
import { sleep } from "./worker-harness.js";

const MESSAGES = Number(process.env.AZQUEUE_COMPETE_MESSAGES ?? (process.env.CI ? 600 : 2000));
const CONSUMERS = 3;
/** Seconds: short, so that what the killed process held comes back soon. */
const LEASE = 3;
const CONCURRENCY = 8;
/** Handlers take this long, so that a process holds several messages at any moment. */
const HANDLER_MS = [30, 90] as const;
const DIRECT_CLIENT = { socketTimeout: 10, maxTries: 4, retryDelay: 0.1, maxRetryDelay: 2 };
/** Every attempt bounded and retries quick, so a stalled or reset call is tried again within seconds. */
const FAULT_CLIENT = { socketTimeout: 2, maxTries: 5, retryDelay: 0.1, maxRetryDelay: 1 };
// Each kind about 10 times in a CI run, 30 in a full one: a stalled get holds up a process's receiving for an attempt.
const FAULT_RATES: FaultRates = { resetBeforeForward: 0.005, resetAfterForward: 0.005, throttle: 0.01, stall: 0.008 };
const SEED = Number(process.env.AZQUEUE_COMPETE_SEED ?? 20261212);

let rig: FaultRig;
let running: ConsumerProcess[] = [];
beforeAll(async () => {
  rig = await startFaultRig({ stallMs: 5_000, retryAfterSeconds: 1 });
});
afterEach(async () => {
  // A failed test must not leave a worker process behind.
  for (const consumer of running) consumer.kill("SIGKILL");
  await Promise.all(running.map((consumer) => consumer.ended));
  running = [];
  rig.proxy.setSchedule(noFaults);
});
afterAll(() => rig?.close());

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(50);
  }
}

async function fill(queue: string): Promise<string[]> {
  await rig.direct.createQueue(queue);
  const contents = Array.from({ length: MESSAGES }, (_, i) => `job-${String(i).padStart(5, "0")}`);
  let next = 0;
  const putter = async () => {
    while (next < contents.length) await rig.direct.putMessage(queue, contents[next++]!);
  };
  await Promise.all(Array.from({ length: 16 }, putter));
  return contents;
}

/** How much was handled so far, over all processes. */
function handledContents(processes: readonly ConsumerProcess[]): Set<string> {
  const ledger = ledgerOf(processes);
  return new Set([...ledger.handled.keys()].map((id) => ledger.contentOf.get(id)!));
}

interface Competition {
  readonly contents: readonly string[];
  readonly ledger: Ledger;
  readonly victim: ConsumerProcess;
  readonly survivors: readonly ConsumerProcess[];
  /** What the killed process held when it died: handlers started, deletes not confirmed. */
  readonly heldAtKill: ReadonlySet<string>;
  readonly seconds: number;
  /** Seconds to fill the queue, then to the kill, then to the end. */
  readonly phases: readonly number[];
}

/**
 * Fills a queue, starts the processes, kills the first with SIGKILL once a third of the messages are handled and it
 * is running at least three handlers, waits until the queue is empty (every message deleted), then stops the others.
 */
async function compete(accountUrl: string, client: ConsumerConfig["client"]): Promise<Competition> {
  const started = performance.now();
  const queue = uniqueQueueName("wc");
  const contents = await fill(queue);
  const filled = performance.now();
  const config: ConsumerConfig = { accountUrl, queue, concurrency: CONCURRENCY, visibilityTimeout: LEASE, handlerMs: HANDLER_MS, client };
  running = Array.from({ length: CONSUMERS }, () => startConsumer(config));
  const [victim, ...survivors] = running as [ConsumerProcess, ...ConsumerProcess[]];

  await until(() => handledContents(running).size >= MESSAGES / 3 && victim.inHandler().size >= 3, 60_000, "a third handled, the victim running 3 handlers");
  victim.kill("SIGKILL");
  const death = await victim.ended;
  expect(death.signal).toBe("SIGKILL");
  const heldAtKill = victim.held();
  const killed = performance.now();

  // The count includes invisible messages: at 0, every message was deleted, and whether each was handled first is
  // for the checks to say (a worker that deleted before handling would reach 0 too).
  await until(async () => (await rig.direct.getQueueMetadata(queue)).approximateMessageCount === 0, 90_000, "every message deleted");
  for (const survivor of survivors) survivor.kill("SIGTERM");
  for (const survivor of survivors) {
    const { code, stderr } = await survivor.ended;
    // Exiting by itself after stop(): no timer or socket of the worker kept it alive.
    expect(code, stderr).toBe(0);
    expect(survivor.events.at(-1)).toMatchObject({ event: "stats", stats: { inFlight: 0 } });
  }
  expect(await rig.direct.getMessages(queue, { numMessages: 32 })).toEqual([]);
  expect(await rig.direct.peekMessages(queue, { numMessages: 32 })).toEqual([]);
  expect((await rig.direct.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  const ended = performance.now();
  return { contents, ledger: ledgerOf(running), victim, survivors, heldAtKill, seconds: (ended - started) / 1000, phases: [filled - started, killed - filled, ended - killed].map((ms) => Number((ms / 1000).toFixed(1))) };
}

/** Checks what holds in every run: nothing lost, nothing invented, and the kill really took messages with it. */
function expectNoneLost({ contents, ledger, victim, survivors, heldAtKill }: Competition): void {
  expect(ledger.contentOf.size).toBe(contents.length);
  expect(new Set(ledger.contentOf.values())).toEqual(new Set(contents));
  const unhandled = [...ledger.contentOf.keys()].filter((id) => !ledger.handled.has(id));
  expect(unhandled).toEqual([]);
  // A delete succeeds once at most: the pop receipt of a second delivery is a new one.
  expect(repeated(ledger.deleted)).toEqual([]);
  // What the victim held and had not finished (its delete cannot have happened) came back to another process.
  const victimHandled = new Set(victim.events.flatMap((event) => (event.event === "handled" ? [event.id] : [])));
  const unfinished = [...heldAtKill].filter((id) => !victimHandled.has(id));
  expect(unfinished.length).toBeGreaterThan(0);
  const survivorRestarts = new Set(survivors.flatMap(({ events }) => events.flatMap((event) => (event.event === "start" && event.dequeueCount > 1 ? [event.id] : []))));
  expect(unfinished.filter((id) => !survivorRestarts.has(id))).toEqual([]);
  for (const process of [victim, ...survivors]) expect(process.events.some((event) => event.event === "handled")).toBe(true);
}

function summary(run: Competition, extra: Record<string, unknown> = {}): string {
  const { ledger } = run;
  return JSON.stringify({
    messages: run.contents.length,
    seconds: Number(run.seconds.toFixed(1)),
    phases: run.phases,
    heldAtKill: run.heldAtKill.size,
    handledTwice: repeated(ledger.handled).length,
    startedTwice: repeated(ledger.starts).length,
    redelivered: ledger.redelivered.size,
    perProcess: [run.victim, ...run.survivors].map(({ events }) => events.filter((event) => event.event === "handled").length),
    ...extra,
  });
}

describe("processMessages in competing processes", () => {
  it(`${MESSAGES} messages, 3 processes, one killed with SIGKILL: none lost, the queue empty, repeats only of what the killed one held`, async () => {
    const run = await compete(rig.azurite.accountUrl, DIRECT_CLIENT);
    console.log(`competing consumers: ${summary(run)}`);
    expectNoneLost(run);
    const outsideVictim = (ids: string[]) => ids.filter((id) => !run.heldAtKill.has(id));
    expect(outsideVictim(repeated(run.ledger.starts))).toEqual([]);
    expect(outsideVictim(repeated(run.ledger.handled))).toEqual([]);
    // Every message was deleted by a process that reported it, but a delete the victim made as it died.
    const undeleted = [...run.ledger.contentOf.keys()].filter((id) => !run.ledger.deleted.has(id));
    expect(outsideVictim(undeleted)).toEqual([]);
  }, 120_000);

  it(`the same through a fault proxy (resets, 503s, stalls): none lost, the queue empty, every repeat explained`, async () => {
    rig.proxy.setSchedule(seededSchedule(SEED, FAULT_RATES));
    const run = await compete(rig.proxy.accountUrl, FAULT_CLIENT);
    const { injected } = rig.proxy;
    const faults = { resets: injected.resetBeforeForward + injected.resetAfterForward, throttles: injected.throttle, stalls: injected.stall };
    console.log(`competing consumers through faults: ${summary(run, { ...faults, requests: rig.proxy.requests(), erred: run.ledger.erred.size })}`);
    expect(rig.proxy.proxyErrors(), rig.proxy.errorReasons.join("\n")).toBe(0);
    expect(faults.resets).toBeGreaterThan(0);
    expect(faults.throttles).toBeGreaterThan(0);
    expect(faults.stalls).toBeGreaterThan(0);
    expectNoneLost(run);
    // A repeat is of a message the killed process held, or one whose lease or delete answer a fault took, which
    // the process that lost it reported.
    const unexplained = repeated(run.ledger.handled).filter((id) => !run.heldAtKill.has(id) && !run.ledger.erred.has(id));
    expect(unexplained).toEqual([]);
  }, 150_000);
});
