/**
 * Differential: our SharedKey Authorization header equals @azure/storage-queue's for the same request (same
 * x-ms-date, headers, URL and body): on requests the official client builds itself, on hand-written URLs signed by
 * its exported credential, and on generated metadata and query values.
 */
import fc from "fast-check";
import type { QueueServiceClient } from "@azure/storage-queue";
import { describe, expect, it } from "vitest";
import { createSharedKeyAuthorizer } from "../../src/auth/shared-key.js";
import type { HttpMethod } from "../../src/transport/types.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";
import { captureOfficialRequests, recorded, signWithOfficialCredential, type OfficialRequest } from "./official-signer.js";

const PRODUCTION_KEY = Buffer.alloc(64, 0x5a).toString("base64");
const STYLES = [
  { style: "path-style emulator URL", serviceUrl: "http://127.0.0.1:10001/devstoreaccount1", account: "devstoreaccount1", key: DOCUMENTED_EMULATOR_ACCOUNT_KEY },
  { style: "production URL", serviceUrl: "https://myaccount.queue.core.windows.net", account: "myaccount", key: PRODUCTION_KEY },
] as const;

function ourAuthorization(official: OfficialRequest, account: string, key: string): string {
  const signed = createSharedKeyAuthorizer(account, key)(official.wire);
  if (signed instanceof Promise) throw new Error("SharedKey signing is synchronous");
  return signed.headers["Authorization"]!;
}

/** Cases the official client builds; each issues exactly one request. */
const CLIENT_CASES: ReadonlyArray<{ name: string; act: (service: QueueServiceClient) => Promise<void>; expectUrl: RegExp }> = [
  {
    name: "receive: several query parameters (numofmessages, visibilitytimeout, and the timeout the client adds)",
    act: (s) => recorded(s.getQueueClient("jobs").receiveMessages({ numberOfMessages: 32, visibilityTimeout: 30 })),
    expectUrl: /\/jobs\/messages\?numofmessages=32&visibilitytimeout=30&timeout=30$/,
  },
  {
    name: "peek: peekonly=true with numofmessages",
    act: (s) => recorded(s.getQueueClient("jobs").peekMessages({ numberOfMessages: 5 })),
    expectUrl: /peekonly=true/,
  },
  {
    name: "list queues: comp, prefix with a space, marker with '/', maxresults, include",
    act: async (s) => {
      await recorded(s.listQueues({ prefix: "a b", includeMetadata: true }).byPage({ maxPageSize: 5, continuationToken: "/devstoreaccount1/x/y" }).next());
    },
    expectUrl: /comp=list&prefix=a%20b&marker=%2Fdevstoreaccount1%2Fx%2Fy&maxresults=5&include=metadata/,
  },
  {
    name: "set metadata: mixed-case names (x-ms-meta-Foo, x-ms-meta-bar) and inner spaces in a value",
    act: (s) => recorded(s.getQueueClient("jobs").setMetadata({ Foo: "One", bar: "two  spaces\tand tab" })),
    expectUrl: /\/jobs\?comp=metadata/,
  },
  {
    name: "set metadata: names in the service's collation order (_x, a_b, a0, A1, ab, z)",
    act: (s) => recorded(s.getQueueClient("jobs").setMetadata({ z: "1", ab: "2", A1: "3", a0: "4", a_b: "5", _x: "6" })),
    expectUrl: /comp=metadata/,
  },
  {
    name: "create queue: PUT with metadata and Content-Length 0",
    act: (s) => recorded(s.getQueueClient("jobs").create({ metadata: { Owner: "team-a" } })),
    expectUrl: /\/jobs\?timeout=30$|\/jobs$/,
  },
  {
    name: "send message: POST with an XML body, Content-Type and a non-ASCII text (length in bytes)",
    act: (s) => recorded(s.getQueueClient("jobs").sendMessage("héllo ✓ wörld", { visibilityTimeout: 5, messageTimeToLive: -1 })),
    expectUrl: /\/jobs\/messages\?visibilitytimeout=5&messagettl=-1/,
  },
  {
    name: "set access policy: PUT with an XML body and Content-Type",
    act: (s) =>
      recorded(
        s.getQueueClient("jobs").setAccessPolicy([
          { id: "policy-1", accessPolicy: { permissions: "raup", startsOn: new Date(Date.UTC(2030, 0, 1)), expiresOn: new Date(Date.UTC(2030, 1, 1)) } },
        ]),
      ),
    expectUrl: /comp=acl/,
  },
  {
    name: "set service properties: PUT restype=service&comp=properties with an XML body",
    act: (s) => recorded(s.setProperties({ cors: [], minuteMetrics: { enabled: false, version: "1.0" } })),
    expectUrl: /restype=service&comp=properties/,
  },
  {
    name: "update message: PUT with popreceipt needing decoding (+ / =) and an XML body",
    act: (s) => recorded(s.getQueueClient("jobs").updateMessage("3a1b2c3d-0000-4000-8000-000000000000", "AgAAAAMAAAAAAAAA+/s=", "new text", 10)),
    expectUrl: /popreceipt=AgAAAAMAAAAAAAAA%2B%2Fs%3D&visibilitytimeout=10/,
  },
  {
    name: "delete message: empty-body DELETE with an encoded popreceipt",
    act: (s) => recorded(s.getQueueClient("jobs").deleteMessage("3a1b2c3d-0000-4000-8000-000000000000", "AgAAAAMAAAAAAAAA+/s=")),
    expectUrl: /\/jobs\/messages\/3a1b2c3d-0000-4000-8000-000000000000\?popreceipt=/,
  },
  {
    name: "delete queue: empty-body DELETE",
    act: (s) => recorded(s.getQueueClient("jobs").delete()),
    expectUrl: /\/jobs(\?timeout=30)?$/,
  },
  {
    name: "clear messages: DELETE on /messages",
    act: (s) => recorded(s.getQueueClient("jobs").clearMessages()),
    expectUrl: /\/jobs\/messages/,
  },
  {
    name: "get service statistics: restype=service&comp=stats",
    act: (s) => recorded(s.getStatistics()),
    expectUrl: /restype=service&comp=stats/,
  },
];

describe("SharedKey differential against @azure/storage-queue's client", () => {
  for (const { style, serviceUrl, account, key } of STYLES) {
    describe(style, () => {
      for (const { name, act, expectUrl } of CLIENT_CASES) {
        it(name, async () => {
          const requests = await captureOfficialRequests(serviceUrl, account, key, act);
          expect(requests).toHaveLength(1);
          const [official] = requests as [OfficialRequest];
          expect(official.wire.url.startsWith(serviceUrl)).toBe(true);
          expect(official.wire.url).toMatch(expectUrl);
          expect(ourAuthorization(official, account, key)).toBe(official.authorization);
        });
      }
    });
  }

  it("secondary, path-style: the official client signs /devstoreaccount1/devstoreaccount1-secondary/ and so do we", async () => {
    const serviceUrl = "http://127.0.0.1:10001/devstoreaccount1-secondary";
    const [official] = await captureOfficialRequests(serviceUrl, "devstoreaccount1", DOCUMENTED_EMULATOR_ACCOUNT_KEY, (s) => recorded(s.getStatistics()));
    expect(official!.wire.url).toMatch(/devstoreaccount1-secondary\/\?restype=service&comp=stats/);
    expect(ourAuthorization(official!, "devstoreaccount1", DOCUMENTED_EMULATOR_ACCOUNT_KEY)).toBe(official!.authorization);
  });
});

/** Hand-written requests, for URL shapes the client does not produce. */
const HANDWRITTEN_CASES: ReadonlyArray<{ name: string; method: HttpMethod; path: string; headers?: Record<string, string>; body?: string }> = [
  { name: "receive with numofmessages, visibilitytimeout and timeout", method: "GET", path: "/queue/messages?numofmessages=32&visibilitytimeout=30&timeout=30" },
  { name: "list with comp, prefix, maxresults, include, marker", method: "GET", path: "/?comp=list&prefix=a&maxresults=5&include=metadata&marker=xyz" },
  { name: "query names in upper case are lower-cased and re-sorted", method: "GET", path: "/?COMP=list&Prefix=b&MaxResults=1" },
  { name: "query values needing decoding: %20, %2F, %3D, %C3%A9", method: "GET", path: "/?comp=list&prefix=a%20b%2Fc%3D%C3%A9&marker=%2Facct%2Fq" },
  { name: "path with a message id and a popreceipt", method: "DELETE", path: "/queue/messages/0f0e0d0c-0000-4000-8000-0a0b0c0d0e0f?popreceipt=AwAAAA%3D%3D" },
  {
    name: "metadata headers with mixed case and values with outer and inner spaces",
    method: "PUT",
    path: "/queue?comp=metadata",
    headers: { "x-ms-meta-Foo": "a", "x-ms-meta-bar": "b  c", "X-MS-META-Baz": "d" },
  },
  {
    name: "PUT with an XML body, Content-Type and Content-MD5",
    method: "PUT",
    path: "/queue?comp=acl",
    headers: { "Content-Type": "application/xml; charset=utf-8", "Content-MD5": "1B2M2Y8AsgTpgAmY7PhCfg==" },
    body: "<?xml version=\"1.0\" encoding=\"utf-8\"?><SignedIdentifiers />",
  },
  {
    name: "conditional and range headers are signed in their documented places",
    method: "GET",
    path: "/queue?comp=metadata",
    headers: { "If-Match": "\"0x1\"", "If-None-Match": "*", "If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT", "If-Unmodified-Since": "Tue, 02 Jan 2024 00:00:00 GMT", Range: "bytes=0-9" },
  },
  { name: "empty-body DELETE", method: "DELETE", path: "/queue" },
];

describe("SharedKey differential against StorageSharedKeyCredential.create() on hand-written requests", () => {
  for (const { style, serviceUrl, account, key } of STYLES) {
    describe(style, () => {
      for (const testCase of HANDWRITTEN_CASES) {
        it(testCase.name, async () => {
          const official = await signWithOfficialCredential(
            {
              method: testCase.method,
              url: `${serviceUrl}${testCase.path}`,
              headers: { "x-ms-version": "2025-11-05", "x-ms-client-request-id": "7b1c", ...testCase.headers },
              ...(testCase.body !== undefined && { body: testCase.body }),
            },
            account,
            key,
          );
          expect(Object.keys(official.wire.headers).map((n) => n.toLowerCase())).toContain("x-ms-date");
          expect(ourAuthorization(official, account, key)).toBe(official.authorization);
        });
      }
    });
  }
});

describe("SharedKey differential on generated input", () => {
  // Metadata names: letters, digits and the token symbols, including '-' and "'" which the service's collation
  // skips at first, so the header order is exercised well beyond what a plain sort gets right.
  const nameCharacter = fc.constantFrom(..."abcXYZ019_-'.+~!".split(""));
  const metadataName = fc.string({ unit: nameCharacter, minLength: 1, maxLength: 6 });
  // Values as a server receives them: printable ASCII, no surrounding whitespace.
  const metadataValue = fc
    .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 })
    .map((v) => v.trim());

  it("metadata of any names and values signs identically", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(metadataName, metadataValue, { minKeys: 1, maxKeys: 8 }), async (metadata) => {
        const lowerNames = new Set(Object.keys(metadata).map((n) => n.toLowerCase()));
        fc.pre(lowerNames.size === Object.keys(metadata).length);
        const [official] = await captureOfficialRequests(STYLES[1].serviceUrl, STYLES[1].account, STYLES[1].key, (s) =>
          recorded(s.getQueueClient("jobs").setMetadata(metadata)),
        );
        expect(ourAuthorization(official!, STYLES[1].account, STYLES[1].key)).toBe(official!.authorization);
      }),
      { numRuns: 150 },
    );
  });

  it("list-queue prefixes and markers of any Unicode text sign identically", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }), async (prefix, marker) => {
        const [official] = await captureOfficialRequests(STYLES[0].serviceUrl, STYLES[0].account, STYLES[0].key, async (s) => {
          await recorded(s.listQueues({ prefix }).byPage({ continuationToken: marker }).next());
        });
        expect(ourAuthorization(official!, STYLES[0].account, STYLES[0].key)).toBe(official!.authorization);
      }),
      { numRuns: 150 },
    );
  });
});
