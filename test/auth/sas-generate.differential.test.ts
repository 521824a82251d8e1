/**
 * Differential: for the same inputs and version, our SAS query strings equal, byte for byte, what
 * @azure/storage-queue 12.30 gives with `generateAccountSASQueryParameters(...).toString()` and
 * `generateQueueSASQueryParameters(...).toString()`: every permission and resource-type subset, then generated
 * combinations of start, expiry with milliseconds, ip, protocol, identifier and version. Also known answers: tokens
 * the official SDK put on the wire while talking to Azurite.
 */
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  QueueSASPermissions,
  SASProtocol,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateQueueSASQueryParameters,
  type SasIPRange,
} from "@azure/storage-queue";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSasGenerator, type SasProtocol } from "../../src/auth/sas-generate.js";
import { SERVICE_VERSION } from "../../src/constants.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";

const ACCOUNTS = [
  { name: "devstoreaccount1", key: DOCUMENTED_EMULATOR_ACCOUNT_KEY },
  { name: "myaccount", key: Buffer.alloc(64, 0x5a).toString("base64") },
] as const;

const VERSIONS = ["2015-04-05", "2019-12-12", "2020-02-10", "2020-12-06", "2021-08-06", SERVICE_VERSION, "2026-04-06"] as const;

/** Every subset of `letters`, as strings in `letters`' order. */
function subsets(letters: string): string[] {
  const result: string[] = [];
  for (let mask = 1; mask < 1 << letters.length; mask++) {
    result.push([...letters].filter((_, index) => mask & (1 << index)).join(""));
  }
  return result;
}

function reversed(text: string): string {
  return [...text].reverse().join("");
}

function ipRangeOf(ip: string | undefined): SasIPRange | undefined {
  if (ip === undefined) return undefined;
  const [start, end] = ip.split("-");
  return end === undefined ? { start: start! } : { start: start!, end };
}

function protocolOf(protocol: SasProtocol | undefined): SASProtocol | undefined {
  if (protocol === undefined) return undefined;
  return protocol === "https" ? SASProtocol.Https : SASProtocol.HttpsAndHttp;
}

interface AccountCase {
  permissions: string;
  resourceTypes: string;
  services: string;
  expiry: Date;
  start?: Date | undefined;
  ip?: string | undefined;
  protocol?: SasProtocol | undefined;
  version: string;
}

function officialAccountSas(account: (typeof ACCOUNTS)[number], c: AccountCase): string {
  return generateAccountSASQueryParameters(
    {
      permissions: AccountSASPermissions.parse(c.permissions),
      resourceTypes: AccountSASResourceTypes.parse(c.resourceTypes).toString(),
      services: AccountSASServices.parse(c.services).toString(),
      expiresOn: c.expiry,
      ...(c.start && { startsOn: c.start }),
      ...(c.ip !== undefined && { ipRange: ipRangeOf(c.ip)! }),
      ...(c.protocol !== undefined && { protocol: protocolOf(c.protocol)! }),
      version: c.version,
    },
    new StorageSharedKeyCredential(account.name, account.key),
  ).toString();
}

interface QueueCase {
  queueName: string;
  permissions?: string | undefined;
  expiry?: Date | undefined;
  start?: Date | undefined;
  identifier?: string | undefined;
  ip?: string | undefined;
  protocol?: SasProtocol | undefined;
  version: string;
}

function officialQueueSas(account: (typeof ACCOUNTS)[number], c: QueueCase): string {
  return generateQueueSASQueryParameters(
    {
      queueName: c.queueName,
      ...(c.permissions !== undefined && { permissions: QueueSASPermissions.parse(c.permissions) }),
      ...(c.expiry && { expiresOn: c.expiry }),
      ...(c.start && { startsOn: c.start }),
      ...(c.identifier !== undefined && { identifier: c.identifier }),
      ...(c.ip !== undefined && { ipRange: ipRangeOf(c.ip)! }),
      ...(c.protocol !== undefined && { protocol: protocolOf(c.protocol)! }),
      version: c.version,
    },
    new StorageSharedKeyCredential(account.name, account.key),
  ).toString();
}

const EXPIRY = new Date("2031-07-08T09:10:11.987Z");

describe("account SAS equals the official SDK's", () => {
  it("for every subset of rwdlacup (given in reverse order), across every subset of sco", () => {
    const generator = createSasGenerator(ACCOUNTS[0].name, ACCOUNTS[0].key);
    const resourceTypes = subsets("sco");
    const permissionSets = subsets("rwdlacup");
    expect(permissionSets).toHaveLength(255);
    permissionSets.forEach((permissions, index) => {
      const srt = resourceTypes[index % resourceTypes.length]!;
      const ours = generator.accountSas({ permissions: reversed(permissions), resourceTypes: reversed(srt), expiry: EXPIRY });
      expect(ours).toBe(officialAccountSas(ACCOUNTS[0], { permissions, resourceTypes: srt, services: "q", expiry: EXPIRY, version: SERVICE_VERSION }));
      expect(ours).toContain(`&sp=${permissions}&sig=`);
    });
  });

  it("for every subset of the services btqf, written in the SDK's order b, t, q, f", () => {
    const generator = createSasGenerator(ACCOUNTS[1].name, ACCOUNTS[1].key);
    for (const services of subsets("bqtf")) {
      const ours = generator.accountSas({ permissions: "rl", resourceTypes: "sco", services, expiry: EXPIRY });
      expect(ours).toBe(officialAccountSas(ACCOUNTS[1], { permissions: "rl", resourceTypes: "sco", services, expiry: EXPIRY, version: SERVICE_VERSION }));
    }
  });

  it("for generated start, expiry, ip, protocol, version and letter orders", () => {
    fc.assert(
      fc.property(accountCase, fc.constantFrom(...ACCOUNTS), fc.boolean(), (c, account, shuffle) => {
        const ours = createSasGenerator(account.name, account.key).accountSas({
          permissions: shuffle ? reversed(c.permissions) : c.permissions,
          resourceTypes: shuffle ? reversed(c.resourceTypes) : c.resourceTypes,
          services: c.services,
          expiry: c.expiry,
          start: c.start,
          ip: c.ip,
          protocol: c.protocol,
          version: c.version,
        });
        expect(ours).toBe(officialAccountSas(account, c));
      }),
      { numRuns: 600 },
    );
  });
});

describe("queue SAS equals the official SDK's", () => {
  it("for every subset of raup (given in reverse order), with and without a stored policy id", () => {
    const generator = createSasGenerator(ACCOUNTS[0].name, ACCOUNTS[0].key);
    for (const permissions of subsets("raup")) {
      for (const identifier of [undefined, "policy-1"]) {
        const ours = generator.queueSas({ queueName: "jobs", permissions: reversed(permissions), expiry: EXPIRY, identifier });
        const official = officialQueueSas(ACCOUNTS[0], { queueName: "jobs", permissions, expiry: EXPIRY, identifier, version: SERVICE_VERSION });
        expect(ours).toBe(official);
      }
    }
  });

  it("for a stored policy id alone, and with only some of the fields", () => {
    const generator = createSasGenerator(ACCOUNTS[1].name, ACCOUNTS[1].key);
    const cases: QueueCase[] = [
      { queueName: "jobs", identifier: "read-only", version: SERVICE_VERSION },
      { queueName: "jobs", identifier: "read-only", expiry: EXPIRY, version: SERVICE_VERSION },
      { queueName: "jobs", identifier: "read-only", permissions: "r", version: SERVICE_VERSION },
      { queueName: "jobs", identifier: "read-only", start: new Date("2030-01-01T00:00:00.001Z"), version: SERVICE_VERSION },
      { queueName: "jobs", identifier: "id with spaces & = / + ?", version: "2020-02-10" },
      { queueName: "jobs", identifier: "x".repeat(64), version: SERVICE_VERSION },
    ];
    for (const c of cases) {
      expect(generator.queueSas({ ...c })).toBe(officialQueueSas(ACCOUNTS[1], c));
    }
  });

  it("for generated queue names, start, expiry, identifier, ip, protocol and version", () => {
    fc.assert(
      fc.property(queueCase, fc.constantFrom(...ACCOUNTS), (c, account) => {
        const ours = createSasGenerator(account.name, account.key).queueSas({
          ...c,
          permissions: c.permissions === undefined ? undefined : reversed(c.permissions),
        });
        expect(ours).toBe(officialQueueSas(account, c));
      }),
      { numRuns: 600 },
    );
  });
});

describe("known answers: tokens the official SDK 12.30 sent to Azurite", () => {
  const generator = createSasGenerator("devstoreaccount1", DOCUMENTED_EMULATOR_ACCOUNT_KEY);
  const version = "2026-04-06";

  it("account SAS, rwdlacup then rl then r (list queues, expired read, read-only send)", () => {
    expect(generator.accountSas({ permissions: "rwdlacup", resourceTypes: "sco", expiry: new Date("2026-11-22T12:25:20Z"), version })).toBe(
      "sv=2026-04-06&ss=q&srt=sco&se=2026-11-22T12%3A25%3A20Z&sp=rwdlacup&sig=wFbtB4Dt1AOcNq8dTgocPUKSFPg3eohW5P6ecqRMOtc%3D",
    );
    expect(generator.accountSas({ permissions: "rl", resourceTypes: "sco", expiry: new Date("2026-11-22T11:24:20Z"), version })).toBe(
      "sv=2026-04-06&ss=q&srt=sco&se=2026-11-22T11%3A24%3A20Z&sp=rl&sig=qFMv%2BJjQiBOfxboTgevSahuKCUdi7N4AcVYll%2Bc%2Bw9s%3D",
    );
    expect(generator.accountSas({ permissions: "r", resourceTypes: "sco", expiry: new Date("2026-11-22T12:25:20Z"), version })).toBe(
      "sv=2026-04-06&ss=q&srt=sco&se=2026-11-22T12%3A25%3A20Z&sp=r&sig=vXCoMxMeUIDGBVmxvegM6mXm5bv7Q3WTHYpyRdLYck8%3D",
    );
  });

  it("queue SAS on q-main: raup, expired r, r, and the stored policy policy-read", () => {
    const queueName = "q-main";
    expect(generator.queueSas({ queueName, permissions: "raup", expiry: new Date("2026-11-22T12:25:20Z"), version })).toBe(
      "sv=2026-04-06&se=2026-11-22T12%3A25%3A20Z&sp=raup&sig=S7tor%2BdMgT3XKHUdTM98T5bWkM2j2v%2B%2B6s6QyTS58sA%3D",
    );
    expect(generator.queueSas({ queueName, permissions: "r", expiry: new Date("2026-11-22T11:24:20Z"), version })).toBe(
      "sv=2026-04-06&se=2026-11-22T11%3A24%3A20Z&sp=r&sig=2F%2B7PY73thjTl9jS7%2FO13rxYaGEo%2F%2FIEYRXvIUgeBDo%3D",
    );
    expect(generator.queueSas({ queueName, permissions: "r", expiry: new Date("2026-11-22T12:25:20Z"), version })).toBe(
      "sv=2026-04-06&se=2026-11-22T12%3A25%3A20Z&sp=r&sig=q5Tfk9%2FUFIpFU%2FndKT4K1KlFL8TjFERN4pt7M2RIJI4%3D",
    );
    expect(generator.queueSas({ queueName, identifier: "policy-read", version })).toBe(
      "sv=2026-04-06&si=policy-read&sig=fGY%2Ba%2Fro3EWYdIqo7E9qUHImx0qaOT8CzXsiDYuFJZ4%3D",
    );
  });
});

// ---- generators -------------------------------------------------------------------------------------------

const letters = (alphabet: string) => fc.subarray([...alphabet], { minLength: 1 }).map((chosen) => chosen.join(""));

/** Whole-second-or-not dates in a sensible window; the SDK and we both drop the milliseconds. */
const date = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true });

/** An expiry, and maybe a start at least a second before it (we refuse windows the service would). */
const window = fc
  .tuple(date, fc.option(fc.integer({ min: 1_000, max: 400 * 24 * 3_600_000 }), { nil: undefined }))
  .map(([expiry, before]) => ({ expiry, start: before === undefined ? undefined : new Date(expiry.getTime() - before - 1_000) }));

const ipNumber = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const ip = fc.option(
  fc.oneof(
    ipNumber.map(dotted),
    fc.tuple(ipNumber, ipNumber).map(([a, b]) => `${dotted(Math.min(a, b))}-${dotted(Math.max(a, b))}`),
  ),
  { nil: undefined },
);
const protocol = fc.option(fc.constantFrom<SasProtocol>("https", "https,http"), { nil: undefined });
const version = fc.constantFrom(...VERSIONS);

const accountCase: fc.Arbitrary<AccountCase> = fc
  .record({ permissions: letters("rwdlacup"), resourceTypes: letters("sco"), services: letters("btqf"), window, ip, protocol, version })
  .map(({ window: { expiry, start }, ...rest }) => ({ ...rest, expiry, start }));

const queueNameCharacter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789");
const queueName = fc
  .tuple(fc.string({ unit: queueNameCharacter, minLength: 1, maxLength: 20 }), fc.array(fc.string({ unit: queueNameCharacter, minLength: 1, maxLength: 10 }), { maxLength: 3 }))
  .map(([head, rest]) => [head, ...rest].join("-"))
  .filter((name) => name.length >= 3 && name.length <= 63);

// Printable, possibly non-ASCII or astral, never a control character: what a policy id can hold.
const identifier = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
  .filter((id) => id.length <= 64 && !/[\u0000-\u001f\u007f]/.test(id)); // eslint-disable-line no-control-regex

const queueCase: fc.Arbitrary<QueueCase> = fc
  .record({
    queueName,
    permissions: fc.option(letters("raup"), { nil: undefined }),
    window,
    dropExpiry: fc.boolean(),
    identifier: fc.option(identifier, { nil: undefined }),
    ip,
    protocol,
    version,
  })
  .map(({ window: { expiry, start }, dropExpiry, ...rest }) => ({ ...rest, expiry: dropExpiry && rest.identifier ? undefined : expiry, start }))
  // Without a stored policy, both permissions and expiry are required (by the SDK and by us).
  .filter((c) => c.identifier !== undefined || c.permissions !== undefined);
