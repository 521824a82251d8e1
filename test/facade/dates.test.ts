import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createQueueClient, type QueueClient } from "../../src/client.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { ResponseParseError, ValidationError } from "../../src/errors.js";
import { formatAccessPolicyDate, parseHttpDate, parseServiceDate, toDate } from "../../src/facade/dates.js";
import { captureOfficialRequests, recorded } from "../auth/official-signer.js";
import { uniqueQueueName } from "../harness/names.js";

function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

// Dates the fixed-width formats can carry: years 0001-9999.
const serviceDates = fc.date({ min: new Date("0001-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true });

describe("toDate", () => {
  it("takes a Date and returns a copy", () => {
    const input = new Date("2026-03-04T05:06:07.089Z");
    const result = toDate(input, "expiry");
    expect(result).toEqual(input);
    expect(result).not.toBe(input);
  });

  it.each([
    ["2026-03-04T05:06:07Z", "2026-03-04T05:06:07.000Z"],
    ["2026-03-04T05:06:07.089Z", "2026-03-04T05:06:07.089Z"],
    ["2026-03-04T05:06:07.0891234Z", "2026-03-04T05:06:07.089Z"],
    ["2026-03-04T05:06:07,5Z", "2026-03-04T05:06:07.500Z"],
    ["2026-03-04t05:06:07z", "2026-03-04T05:06:07.000Z"],
    ["2026-03-04 05:06:07Z", "2026-03-04T05:06:07.000Z"],
    ["2026-03-04T05:06Z", "2026-03-04T05:06:00.000Z"],
    ["2026-03-04T07:06:07+02:00", "2026-03-04T05:06:07.000Z"],
    ["2026-03-04T07:06:07+0200", "2026-03-04T05:06:07.000Z"],
    ["2026-03-04T07:06:07+02", "2026-03-04T05:06:07.000Z"],
    ["2026-03-03T23:36:07-05:30", "2026-03-04T05:06:07.000Z"],
    ["2026-03-04", "2026-03-04T00:00:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
    ["0099-12-31T23:59:59Z", "0099-12-31T23:59:59.000Z"],
    ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"],
  ])("reads the ISO 8601 string %s as %s", (text, iso) => {
    expect(toDate(text, "start").toISOString()).toBe(iso);
  });

  it("reads a string without an offset as UTC, as the reference does, not as local time", () => {
    expect(toDate("2026-03-04T05:06:07", "start").toISOString()).toBe("2026-03-04T05:06:07.000Z");
    expect(toDate("2026-03-04T05:06:07.25", "start").toISOString()).toBe("2026-03-04T05:06:07.250Z");
  });

  it("reads back what toISOString wrote, for any date in years 0001-9999", () => {
    fc.assert(fc.property(serviceDates, (date) => {
      expect(toDate(date.toISOString(), "d").getTime()).toBe(date.getTime());
    }));
  });

  it.each([
    "",
    "tomorrow",
    "2026-13-01T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2026-04-31",
    "2026-01-01T24:00:00Z",
    "2026-01-01T23:60:00Z",
    "2026-01-01T23:59:60Z",
    "2026-01-01T00:00:00+24:00",
    "2026-1-1",
    "20260101T000000Z",
    "2026-01-01T00:00:00Z trailing",
    "Sun, 22 Nov 2026 11:25:20 GMT",
    "0000-12-31T23:59:59Z",
    "+012026-01-01T00:00:00Z",
  ])("refuses %j with a ValidationError naming the parameter", (text) => {
    const error = thrown(() => toDate(text, "expiry"));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("date");
    expect((error as ValidationError).message).toMatch(/^expiry /);
  });

  it("refuses an offset that takes the date outside years 0001-9999", () => {
    expect(() => toDate("9999-12-31T23:00:00-02:00", "expiry")).toThrow(ValidationError);
    expect(() => toDate("0001-01-01T01:00:00+02:00", "start")).toThrow(ValidationError);
  });

  it("refuses an invalid Date, a Date past year 9999, and values of other types", () => {
    expect(() => toDate(new Date(Number.NaN), "start")).toThrow(/^start is an invalid Date/);
    expect(() => toDate(new Date("+010000-01-01T00:00:00Z"), "start")).toThrow(ValidationError);
    expect(() => toDate(1767225600000 as unknown as string, "start")).toThrow(/start must be a Date or an ISO 8601 string \(got number\)/);
    expect(() => toDate(null as unknown as string, "start")).toThrow(/got null/);
  });

  it("quotes at most a bounded prefix of a long bad string", () => {
    const error = thrown(() => toDate("x".repeat(10_000), "expiry")) as ValidationError;
    expect(error.message.length).toBeLessThan(200);
  });
});

describe("formatAccessPolicyDate", () => {
  it("writes seven fraction digits: the milliseconds, then four zeros", () => {
    expect(formatAccessPolicyDate("2026-11-22T10:25:20.367Z", "start")).toBe("2026-11-22T10:25:20.3670000Z");
    expect(formatAccessPolicyDate(new Date("2026-11-22T10:25:20Z"))).toBe("2026-11-22T10:25:20.0000000Z");
    expect(() => formatAccessPolicyDate("later", "expiry")).toThrow(/^expiry /);
  });

  it("writes Start and Expiry exactly as @azure/storage-queue's setAccessPolicy sends them", async () => {
    const startsOn = new Date("2026-11-22T10:25:20.367Z");
    const expiresOn = new Date("2027-01-02T03:04:05.006Z");
    const [request] = await captureOfficialRequests("http://127.0.0.1:1/devstoreaccount1", EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY, (service) =>
      recorded(service.getQueueClient("q-dates").setAccessPolicy([{ id: "p", accessPolicy: { startsOn, expiresOn, permissions: "r" } }])),
    );
    const body = new TextDecoder().decode(request?.wire.body);
    expect(body).toContain(`<Start>${formatAccessPolicyDate(startsOn)}</Start>`);
    expect(body).toContain(`<Expiry>${formatAccessPolicyDate(expiresOn)}</Expiry>`);
  });
});

describe("parseServiceDate", () => {
  it("reads RFC 1123 dates as the service writes them in headers and message lists", () => {
    expect(parseServiceDate("Sun, 22 Nov 2026 11:25:20 GMT").toISOString()).toBe("2026-11-22T11:25:20.000Z");
    expect(parseServiceDate("Fri, 31 Dec 9999 23:59:59 GMT").toISOString()).toBe("9999-12-31T23:59:59.000Z");
    expect(parseServiceDate("Mon, 1 Jan 2001 00:00:00 GMT").toISOString()).toBe("2001-01-01T00:00:00.000Z");
  });

  it("reads any date written by toUTCString, the RFC 1123 form", () => {
    const whole = serviceDates.map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000));
    fc.assert(fc.property(whole, (date) => {
      expect(parseServiceDate(date.toUTCString()).getTime()).toBe(date.getTime());
    }));
  });

  it("reads ISO 8601 dates as the service returns them in access policies and LastSyncTime", () => {
    expect(parseServiceDate("2026-11-22T10:25:20.3670000Z", "Start").toISOString()).toBe("2026-11-22T10:25:20.367Z");
    expect(parseServiceDate("2026-11-22T10:25:20Z").toISOString()).toBe("2026-11-22T10:25:20.000Z");
  });

  it.each(["", "garbage", "Sun, 22 Nov 2026 11:25:20", "Sun, 31 Feb 2026 11:25:20 GMT", "Sun, 22 Foo 2026 11:25:20 GMT", "Sun, 22 Nov 2026 25:25:20 GMT"])(
    "refuses %j with a ResponseParseError naming the field",
    (text) => {
      const error = thrown(() => parseServiceDate(text, "InsertionTime", { statusCode: 200, requestId: "req-1" }));
      expect(error).toBeInstanceOf(ResponseParseError);
      expect((error as ResponseParseError).message).toContain("InsertionTime");
      expect((error as ResponseParseError).statusCode).toBe(200);
      expect((error as ResponseParseError).requestId).toBe("req-1");
    },
  );

  it("refuses a value that is not a string", () => {
    expect(() => parseServiceDate(undefined as unknown as string)).toThrow(ResponseParseError);
  });
});

describe("parseHttpDate", () => {
  it("reads a Date header, giving each caller its own Date", () => {
    const first = parseHttpDate("Sun, 22 Nov 2026 11:25:20 GMT");
    const second = parseHttpDate("Sun, 22 Nov 2026 11:25:20 GMT");
    expect(first).toEqual(new Date("2026-11-22T11:25:20Z"));
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it("gives undefined for an absent or unreadable header instead of failing the call", () => {
    expect(parseHttpDate(undefined)).toBeUndefined();
    expect(parseHttpDate("yesterday-ish")).toBeUndefined();
  });
});

describe("dates against Azurite", () => {
  let client: QueueClient;
  beforeAll(() => {
    client = createQueueClient({ endpoint: inject("azurite").accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
  });
  afterAll(() => client.close());

  it("the service's Date header and a message's times parse to the time of the call", async () => {
    const queue = uniqueQueueName("dates");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    const before = Date.now();
    const put = await client.POST("/{queue}/messages", { params: { path: { queue }, query: { visibilitytimeout: 60 } }, body: { MessageText: "t" } });
    const after = Date.now();
    expect(put.response.status).toBe(201);
    const [message] = put.data ?? [];
    const date = parseServiceDate(put.response.headers.get("date") ?? "", "Date").getTime();
    const inserted = parseServiceDate(message?.InsertionTime ?? "", "InsertionTime").getTime();
    const visible = parseServiceDate(message?.TimeNextVisible ?? "", "TimeNextVisible").getTime();
    // RFC 1123 has whole seconds: allow the truncation.
    for (const time of [date, inserted]) {
      expect(time).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(time).toBeLessThanOrEqual(after);
    }
    expect(visible - inserted).toBe(60_000);
  });

  it("access-policy dates written by formatAccessPolicyDate come back from the service as the same instants", async () => {
    const queue = uniqueQueueName("dates");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    const start = new Date("2026-11-22T10:25:20.367Z");
    const expiry = "2027-01-02T05:04:05.006+02:00";
    const set = await client.PUT("/{queue}?comp=acl", {
      params: { path: { queue } },
      body: [{ Id: "p", AccessPolicy: { Start: formatAccessPolicyDate(start), Expiry: formatAccessPolicyDate(expiry, "expiry"), Permission: "r" } }],
    });
    expect(set.response.status).toBe(204);
    const got = await client.GET("/{queue}?comp=acl", { params: { path: { queue } } });
    const policy = got.data?.[0]?.AccessPolicy;
    expect(parseServiceDate(policy?.Start ?? "", "Start")).toEqual(start);
    expect(parseServiceDate(policy?.Expiry ?? "", "Expiry")).toEqual(new Date("2027-01-02T03:04:05.006Z"));
  });
});
