import { describe, expect, it } from "vitest";
import { faultWhen, isRequestFor, mulberry32, seededSchedule, type FaultKind, type ProxiedRequest } from "./fault-proxy.js";

const request = (index: number, method = "GET", url = "/devstoreaccount1/q/messages"): ProxiedRequest => ({ method, url, headers: {}, index });

describe("seeded schedules", () => {
  const rates = { resetBeforeForward: 0.05, resetAfterForward: 0.05, throttle: 0.05, stall: 0.05, truncateBody: 0.05, garbageXml: 0.05, delay: 0.05 };

  it("decide the same way for the same seed, and differently for another", () => {
    const draw = (seed: number) => {
      const schedule = seededSchedule(seed, rates);
      return Array.from({ length: 500 }, (_, index) => JSON.stringify(schedule(request(index))));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("inject each kind at about its rate", () => {
    const schedule = seededSchedule(42, rates);
    const counts = new Map<string, number>();
    for (let index = 0; index < 20_000; index++) {
      const { kind } = schedule(request(index));
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    for (const kind of Object.keys(rates) as FaultKind[]) {
      expect(counts.get(kind), kind).toBeGreaterThan(20_000 * 0.05 * 0.8);
      expect(counts.get(kind), kind).toBeLessThan(20_000 * 0.05 * 1.2);
    }
    expect(counts.get("none")).toBeGreaterThan(20_000 * 0.65 * 0.95);
  });

  it("refuse rates that add up to more than 1", () => {
    expect(() => seededSchedule(1, { throttle: 0.6, stall: 0.6 })).toThrow(/more than 1/);
  });

  it("draw from a PRNG that is the same on every run", () => {
    const random = mulberry32(1);
    const first = [random(), random(), random()];
    const again = mulberry32(1);
    expect([again(), again(), again()]).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});

describe("targeted schedules", () => {
  it("fault the first matching requests only, as many times as asked", () => {
    const schedule = faultWhen(isRequestFor("Message_Delete"), { kind: "throttle" }, 2);
    const kinds = [
      request(0, "GET"),
      request(1, "DELETE", "/devstoreaccount1/q/messages/id?popreceipt=r"),
      request(2, "DELETE", "/devstoreaccount1/q/messages/id?popreceipt=r"),
      request(3, "DELETE", "/devstoreaccount1/q/messages/id?popreceipt=r"),
    ].map((r) => schedule(r).kind);
    expect(kinds).toEqual(["none", "throttle", "throttle", "none"]);
  });

  it("tell the message operations apart, in origin or absolute form", () => {
    const cases: Array<[string, string, string]> = [
      ["POST", "/devstoreaccount1/q/messages?messagettl=60", "Messages_Put"],
      ["GET", "/devstoreaccount1/q/messages?numofmessages=32", "Messages_Get"],
      ["GET", "http://127.0.0.1:1/devstoreaccount1/q/messages?peekonly=true", "Messages_Peek"],
      ["PUT", "/devstoreaccount1/q/messages/abc?popreceipt=r&visibilitytimeout=0", "Message_Update"],
      ["DELETE", "/devstoreaccount1/q/messages/abc?popreceipt=r", "Message_Delete"],
    ];
    const operations = ["Messages_Put", "Messages_Get", "Messages_Peek", "Message_Update", "Message_Delete"] as const;
    for (const [method, url, expected] of cases) {
      const matched = operations.filter((operation) => isRequestFor(operation)(request(0, method, url)));
      expect(matched, `${method} ${url}`).toEqual([expected]);
    }
  });
});
