/**
 * SAS generation on its own: the strings to sign per version, the normalisation of letters and times, the input
 * checks (a ValidationError naming the rule, before anything is signed, never quoting the key) and that signing is
 * synchronous with either platform HMAC.
 */
import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { accountSasStringToSign, signAccountSas } from "../../src/auth/sas-account.js";
import { createSasGenerator } from "../../src/auth/sas-generate.js";
import { queueSasStringToSign, signQueueSas } from "../../src/auth/sas-queue.js";
import { SERVICE_VERSION } from "../../src/constants.js";
import { ValidationError } from "../../src/errors.js";
import { createHmacSha256 as browserHmac } from "../../src/platform/hmac.browser.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";
import { generateAccountSas, generateQueueSas } from "./sas-one-shot.js";

const ACCOUNT = "devstoreaccount1";
const KEY = DOCUMENTED_EMULATOR_ACCOUNT_KEY;
const EXPIRY = new Date("2030-01-02T03:04:05.678Z");
const generator = createSasGenerator(ACCOUNT, KEY);

/** HMAC-SHA256 straight from node:crypto, independent of the platform module under test. */
function referenceSign(stringToSign: string): string {
  return createHmac("sha256", Buffer.from(KEY, "base64")).update(stringToSign, "utf8").digest("base64");
}

function query(token: string): URLSearchParams {
  return new URLSearchParams(token);
}

/** The ValidationError `act` throws. */
function validationError(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

describe("strings to sign", () => {
  it("account SAS from 2020-12-06: nine fields, the empty encryption scope, and a final newline", () => {
    const text = accountSasStringToSign(ACCOUNT, {
      sv: "2020-12-06", ss: "q", srt: "sco", sp: "rl", st: "2030-01-01T00:00:00Z", se: "2030-01-02T00:00:00Z", sip: "1.2.3.4", spr: "https",
    });
    expect(text).toBe("devstoreaccount1\nrl\nq\nsco\n2030-01-01T00:00:00Z\n2030-01-02T00:00:00Z\n1.2.3.4\nhttps\n2020-12-06\n\n");
  });

  it("account SAS before 2020-12-06: no encryption-scope line, still a final newline", () => {
    const text = accountSasStringToSign(ACCOUNT, { sv: "2020-10-02", ss: "q", srt: "s", sp: "r", se: "2030-01-02T00:00:00Z" });
    expect(text).toBe("devstoreaccount1\nr\nq\ns\n\n2030-01-02T00:00:00Z\n\n\n2020-10-02\n");
  });

  it("queue SAS: sp, st, se, /queue/{account}/{queue}, si, sip, spr, sv and no final newline", () => {
    const text = queueSasStringToSign(ACCOUNT, {
      sv: SERVICE_VERSION, queueName: "jobs", sp: "rp", se: "2030-01-02T00:00:00Z", si: "policy", sip: "1.2.3.4-1.2.3.9", spr: "https,http",
    });
    expect(text).toBe(`rp\n\n2030-01-02T00:00:00Z\n/queue/devstoreaccount1/jobs\npolicy\n1.2.3.4-1.2.3.9\nhttps,http\n${SERVICE_VERSION}`);
  });

  it("the signature is the base64 HMAC-SHA256 of that string with the decoded key, percent-encoded", () => {
    const token = generator.accountSas({ permissions: "rl", resourceTypes: "sco", expiry: EXPIRY });
    const expected = referenceSign(accountSasStringToSign(ACCOUNT, { sv: SERVICE_VERSION, ss: "q", srt: "sco", sp: "rl", se: "2030-01-02T03:04:05Z" }));
    expect(query(token).get("sig")).toBe(expected);
    expect(token.endsWith(`&sig=${encodeURIComponent(expected)}`)).toBe(true);
  });
});

describe("normalisation", () => {
  it("writes letters in the service's order whatever order they came in", () => {
    const account = query(generator.accountSas({ permissions: "pucaldwr", resourceTypes: "ocs", services: "qb", expiry: EXPIRY }));
    expect([account.get("sp"), account.get("srt"), account.get("ss")]).toEqual(["rwdlacup", "sco", "bq"]);
    expect(query(generator.queueSas({ queueName: "jobs", permissions: "pua", expiry: EXPIRY })).get("sp")).toBe("aup");
  });

  it("takes a repeated letter once, as QueuePermissions.parse and the official SDK do", () => {
    expect(query(generator.accountSas({ permissions: "rlr", resourceTypes: "s", expiry: EXPIRY })).get("sp")).toBe("rl");
    expect(query(generator.queueSas({ queueName: "jobs", permissions: "pp", expiry: EXPIRY })).get("sp")).toBe("p");
  });

  it("drops milliseconds and writes UTC, for start and expiry", () => {
    const token = generator.accountSas({
      permissions: "r", resourceTypes: "s", start: new Date("2030-01-01T23:59:59.999+01:00"), expiry: EXPIRY,
    });
    expect(query(token).get("st")).toBe("2030-01-01T22:59:59Z");
    expect(query(token).get("se")).toBe("2030-01-02T03:04:05Z");
  });

  it("defaults to the pinned service version and the queue service; a version override is signed and sent", () => {
    expect(query(generator.accountSas({ permissions: "r", resourceTypes: "s", expiry: EXPIRY })).get("sv")).toBe(SERVICE_VERSION);
    expect(query(generator.accountSas({ permissions: "r", resourceTypes: "s", expiry: EXPIRY })).get("ss")).toBe("q");
    const old = generator.accountSas({ permissions: "r", resourceTypes: "s", expiry: EXPIRY, version: "2020-02-10" });
    expect(query(old).get("sv")).toBe("2020-02-10");
    expect(query(old).get("sig")).toBe(referenceSign(accountSasStringToSign(ACCOUNT, { sv: "2020-02-10", ss: "q", srt: "s", sp: "r", se: "2030-01-02T03:04:05Z" })));
  });

  it("an empty queue permission counts as none, which a stored policy id allows", () => {
    expect(generator.queueSas({ queueName: "jobs", permissions: "", identifier: "p" })).toBe(generator.queueSas({ queueName: "jobs", identifier: "p" }));
    expect(generator.queueSas({ queueName: "jobs", identifier: "p" })).toMatch(/^sv=[\d-]+&si=p&sig=[^&]+$/);
  });

  it("is synchronous and gives the same token through the browser HMAC (@noble/hashes)", () => {
    const values = { permissions: "rwl", resourceTypes: "sc", expiry: EXPIRY, ip: "10.0.0.1-10.0.0.255", protocol: "https" } as const;
    const token = generator.accountSas(values);
    expect(typeof token).toBe("string");
    const browserSign = browserHmac(new Uint8Array(Buffer.from(KEY, "base64")));
    expect(signAccountSas(ACCOUNT, browserSign, values)).toBe(token);
    const queueValues = { queueName: "jobs", permissions: "raup", expiry: EXPIRY, identifier: "ünï" };
    expect(signQueueSas(ACCOUNT, browserSign, queueValues)).toBe(generator.queueSas(queueValues));
  });

  it("the one-shot functions equal the generator", () => {
    expect(generateAccountSas({ accountName: ACCOUNT, accountKey: KEY, permissions: "r", resourceTypes: "o", expiry: EXPIRY })).toBe(
      generator.accountSas({ permissions: "r", resourceTypes: "o", expiry: EXPIRY }),
    );
    expect(generateQueueSas({ accountName: ACCOUNT, accountKey: KEY, queueName: "jobs", permissions: "r", expiry: EXPIRY })).toBe(
      generator.queueSas({ queueName: "jobs", permissions: "r", expiry: EXPIRY }),
    );
  });
});

describe("input checks: a ValidationError naming the rule, before signing", () => {
  const account = (values: Partial<Parameters<typeof generator.accountSas>[0]>) => () =>
    generator.accountSas({ permissions: "r", resourceTypes: "s", expiry: EXPIRY, ...values });
  const queue = (values: Partial<Parameters<typeof generator.queueSas>[0]>) => () =>
    generator.queueSas({ queueName: "jobs", permissions: "r", expiry: EXPIRY, ...values });

  it.each([
    ["an unknown account permission letter", account({ permissions: "rx" }), "sas-permission", /unknown letter "x"/],
    ["an upper-case permission letter", account({ permissions: "R" }), "sas-permission", /unknown letter "R"/],
    ["no account permission", account({ permissions: "" }), "sas-permission", /at least one letter/],
    ["an unknown resource type", account({ resourceTypes: "sq" }), "sas-resource-types", /unknown letter "q"/],
    ["no resource type", account({ resourceTypes: "" }), "sas-resource-types", /at least one letter/],
    ["an unknown service", account({ services: "qx" }), "sas-services", /unknown letter "x"/],
    ["a queue permission an account SAS has but a queue SAS does not", queue({ permissions: "rl" }), "sas-permission", /unknown letter "l"/],
  ])("%s", (_name, act, rule, message) => {
    const error = validationError(act);
    expect(error.rule).toBe(rule);
    expect(error.message).toMatch(message);
  });

  it.each([
    ["an account SAS without expiry", account({ expiry: undefined as unknown as Date }), "sas-expiry"],
    ["a queue SAS without expiry or stored policy", queue({ expiry: undefined }), "sas-expiry"],
    ["a queue SAS without permission or stored policy", queue({ permissions: undefined }), "sas-permission"],
    ["an invalid expiry date", account({ expiry: new Date("not a date") }), "sas-expiry"],
    ["an expiry that is not a Date", account({ expiry: "2030-01-01" as unknown as Date }), "sas-expiry"],
    ["an invalid start date", queue({ start: new Date(Number.NaN) }), "sas-start"],
    ["an expiry past the year 9999", account({ expiry: new Date("+010000-01-01T00:00:00Z") }), "sas-expiry"],
    ["a start in the year 0000", account({ start: new Date("0000-12-31T23:59:59Z") }), "sas-start"],
    ["an expiry before the start", account({ start: new Date("2030-01-03T00:00:00Z") }), "sas-expiry"],
    ["an expiry in the same second as the start", queue({ start: new Date("2030-01-02T03:04:05.001Z") }), "sas-expiry"],
  ])("%s", (_name, act, rule) => {
    expect(validationError(act).rule).toBe(rule);
  });

  it("accepts an expiry one second after the start, and a start alone with a stored policy", () => {
    expect(query(account({ start: new Date("2030-01-02T03:04:04.999Z") })()).get("st")).toBe("2030-01-02T03:04:04Z");
    expect(query(generator.queueSas({ queueName: "jobs", identifier: "p", start: EXPIRY })).get("st")).toBe("2030-01-02T03:04:05Z");
  });

  it.each(["1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4-", "-1.2.3.4", "1.2.3.4-1.2.3.5-1.2.3.6", "1.2.3.9-1.2.3.4", " 1.2.3.4", "::1", "1.2.3.4/24", ""])(
    "refuses the ip %j",
    (ip) => {
      expect(validationError(account({ ip })).rule).toBe("sas-ip");
      expect(validationError(queue({ ip })).rule).toBe("sas-ip");
    },
  );

  it.each(["0.0.0.0", "255.255.255.255", "10.0.0.1-10.0.0.1", "9.255.255.255-10.0.0.0"])("accepts the ip %j as given", (ip) => {
    expect(query(account({ ip })()).get("sip")).toBe(ip);
  });

  it.each(["http", "HTTPS", "http,https", "https, http", ""])("refuses the protocol %j", (protocol) => {
    expect(validationError(account({ protocol: protocol as "https" })).rule).toBe("sas-protocol");
  });

  it.each(["2015-04-04", "2012-02-12", "latest", "2025-11-5", ""])("refuses the version %j", (version) => {
    expect(validationError(queue({ version })).rule).toBe("sas-version");
  });

  it.each([
    ["an empty identifier", ""],
    ["an identifier of 65 characters", "x".repeat(65)],
    ["a control character", "a\nb"],
    ["a lone surrogate", "a\uD800b"],
  ])("refuses %s as the stored policy id", (_name, identifier) => {
    expect(validationError(queue({ identifier })).rule).toBe("sas-identifier");
  });

  it("accepts a stored policy id of 64 characters", () => {
    expect(query(queue({ identifier: "y".repeat(64) })()).get("si")).toBe("y".repeat(64));
  });

  it.each(["Jobs", "ab", "a".repeat(64), "-jobs", "jobs-", "jo--bs", "jobs/x", ""])("refuses the queue name %j", (queueName) => {
    expect(validationError(queue({ queueName })).rule).toBe("queue-name");
  });

  it.each([
    ["the key is absent", ACCOUNT, undefined, "account-key", /^SAS generation needs the account key$/],
    ["the key is empty", ACCOUNT, "  ", "account-key", /^SAS generation needs the account key$/],
    ["the key is not base64", ACCOUNT, "not-base64-SECRET!", "account-key", /not valid base64/],
    ["the account name is empty", "", KEY, "account-name", /account name/],
    ["the account name has a slash", "a/b", KEY, "account-name", /'\/'/],
  ])("createSasGenerator refuses when %s", (_name, accountName, accountKey, rule, message) => {
    const error = validationError(() => createSasGenerator(accountName, accountKey));
    expect(error.rule).toBe(rule);
    expect(error.message).toMatch(message);
  });
});

describe("secrets stay out", () => {
  it("no error quotes the key, and a generator's inspection shows neither key nor its bytes", () => {
    const secret = "SECRETSECRETSECRET=";
    const error = validationError(() => generateQueueSas({ accountName: ACCOUNT, accountKey: secret, queueName: "jobs", permissions: "r", expiry: EXPIRY }));
    expect(`${error.message} ${inspect(error)}`).not.toContain("SECRET");

    const shown = inspect(generator, { depth: 10, showHidden: true });
    expect(shown).not.toContain(KEY);
    expect(shown).not.toContain(KEY.slice(0, 12));
  });

  it("an input error raised by a generator quotes neither key nor a signature", () => {
    const error = validationError(() => generator.accountSas({ permissions: "rz", resourceTypes: "s", expiry: EXPIRY }));
    expect(error.message).not.toContain(KEY.slice(0, 12));
    expect(error.message).not.toMatch(/sig=/);
  });
});
