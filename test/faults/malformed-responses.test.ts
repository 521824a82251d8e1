/**
 * Answers that are not what the operation promises (truncated XML, a wrong root, missing fields, an HTML error
 * page, an empty 200), put in place of the service's real answer after it did the work. Every call must end with a
 * typed error (ResponseParseError, or AzureHttpError for an error status), never a TypeError from inside a library,
 * never an unhandled rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureHttpError, ResponseParseError, type QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { noFaults, type ForwardedResponse, type ProxiedRequest, type ReplacedResponse } from "./fault-proxy.js";
import { callBoundSeconds, FAST_RETRIES, startFaultRig, timed, type FaultRig } from "./fault-service.js";

let rig: FaultRig;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let queue: string;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  rig = await startFaultRig();
  queue = uniqueQueueName("bad");
  await rig.direct.createQueue(queue, { metadata: { owner: "tests" } });
  await rig.direct.setQueueAcl(queue, { reader: { permission: "r", expiry: new Date(Date.now() + 3_600_000) } });
  for (let i = 0; i < 5; i++) await rig.direct.putMessage(queue, `message ${i}`);
});
afterAll(async () => {
  await rig?.close();
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';
type Replacement = (service: ForwardedResponse) => ReplacedResponse;
const withBody = (body: string, contentType = "application/xml"): Replacement => (service) => ({
  status: service.status,
  headers: { ...service.headers, "content-type": contentType },
  body,
});

const MALFORMED: Record<string, Replacement> = {
  "truncated XML": (service) => ({ status: service.status, headers: service.headers, body: service.body.subarray(0, Math.floor(service.body.length / 2)) }),
  "a wrong root": withBody(`${XML_HEAD}<Unexpected><Thing>1</Thing></Unexpected>`),
  "an HTML page with status 200": withBody("<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>", "text/html"),
  "an empty 200": withBody("", "application/xml"),
  "binary junk": withBody("\u0000\u0001\u0002\u00ff\u00fe", "application/octet-stream"),
  "JSON": withBody('{"value":[]}', "application/json"),
};

interface Target {
  readonly name: string;
  readonly matches: (request: ProxiedRequest) => boolean;
  readonly call: (qs: QueueService) => Promise<unknown>;
  /** The same document with required fields left out. */
  readonly missingFields: string;
}

const path = (request: ProxiedRequest) => request.url.split("?")[0] ?? "";
const query = (request: ProxiedRequest) => new URLSearchParams(request.url.split("?")[1] ?? "");

const TARGETS: readonly Target[] = [
  {
    name: "getMessages",
    matches: (r) => r.method === "GET" && path(r).endsWith("/messages") && !query(r).has("peekonly"),
    call: (qs) => qs.getMessages(queue, { numMessages: 2, visibilityTimeout: 1 }),
    missingFields: `${XML_HEAD}<QueueMessagesList><QueueMessage><MessageId>abc</MessageId><MessageText>x</MessageText></QueueMessage></QueueMessagesList>`,
  },
  {
    name: "peekMessages",
    matches: (r) => r.method === "GET" && query(r).get("peekonly") === "true",
    call: (qs) => qs.peekMessages(queue, { numMessages: 2 }),
    missingFields: `${XML_HEAD}<QueueMessagesList><QueueMessage><MessageId>abc</MessageId><DequeueCount>1</DequeueCount></QueueMessage></QueueMessagesList>`,
  },
  {
    name: "putMessage",
    matches: (r) => r.method === "POST" && path(r).endsWith("/messages"),
    call: (qs) => qs.putMessage(queue, "more"),
    missingFields: `${XML_HEAD}<QueueMessagesList><QueueMessage><MessageId>abc</MessageId></QueueMessage></QueueMessagesList>`,
  },
  {
    name: "listQueues",
    matches: (r) => r.method === "GET" && query(r).get("comp") === "list",
    call: async (qs) => {
      const names: string[] = [];
      for await (const found of qs.listQueues({ prefix: "bad" })) names.push(found.name);
      return names;
    },
    missingFields: `${XML_HEAD}<EnumerationResults ServiceEndpoint="x"><Queues><Queue><Metadata/></Queue></Queues><NextMarker/></EnumerationResults>`,
  },
  {
    name: "getQueueAcl",
    matches: (r) => r.method === "GET" && query(r).get("comp") === "acl",
    call: (qs) => qs.getQueueAcl(queue),
    missingFields: `${XML_HEAD}<SignedIdentifiers><SignedIdentifier><AccessPolicy><Permission>r</Permission></AccessPolicy></SignedIdentifier></SignedIdentifiers>`,
  },
  {
    name: "getQueueServiceProperties",
    matches: (r) => r.method === "GET" && query(r).get("comp") === "properties",
    call: (qs) => qs.getQueueServiceProperties(),
    missingFields: `${XML_HEAD}<StorageServiceProperties><Logging><Version>1.0</Version></Logging></StorageServiceProperties>`,
  },
  {
    name: "getQueueServiceStats",
    matches: (r) => r.method === "GET" && query(r).get("comp") === "stats",
    call: (qs) => qs.getQueueServiceStats(),
    missingFields: `${XML_HEAD}<StorageServiceStats><GeoReplication><LastSyncTime>Mon, 23 Nov 2026 10:00:00 GMT</LastSyncTime></GeoReplication></StorageServiceStats>`,
  },
];

/** Runs `call` with the proxy replacing the answer to requests `target` matches. */
async function callWithReplacement(target: Pick<Target, "matches" | "call">, replace: Replacement) {
  rig.proxy.setSchedule((request) => (target.matches(request) ? { kind: "replace", replace } : { kind: "none" }));
  const before = rig.proxy.injected.replace;
  try {
    const result = await timed(() => target.call(rig.service()));
    return { ...result, replaced: rig.proxy.injected.replace - before };
  } finally {
    rig.proxy.setSchedule(noFaults);
  }
}

function expectTypedError(error: unknown): void {
  if (error === undefined) throw new Error("the call succeeded on a malformed answer");
  if (!(error instanceof ResponseParseError || error instanceof AzureHttpError)) {
    throw new Error(`expected ResponseParseError or AzureHttpError, got ${String(error)}`, { cause: error });
  }
}

describe.each(TARGETS)("$name", (target) => {
  it.each(Object.entries(MALFORMED))("answered with %s: a typed error", async (_name, replace) => {
    const result = await callWithReplacement(target, replace);
    expect(result.replaced).toBeGreaterThanOrEqual(1);
    expectTypedError(result.error);
    expect(result.error).toBeInstanceOf(ResponseParseError);
  });

  it("answered with required fields missing: ResponseParseError", async () => {
    const result = await callWithReplacement(target, withBody(target.missingFields));
    expectTypedError(result.error);
    expect(result.error).toBeInstanceOf(ResponseParseError);
  });

  it.each([
    [403, "text/html", "<html><body>Forbidden by policy</body></html>"],
    [404, "text/plain", ""],
    [500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>"],
  ] as const)("answered with an error page (%i, %s): AzureHttpError with the status, within the bound", async (status, contentType, body) => {
    const result = await callWithReplacement(target, () => ({ status, headers: { "content-type": contentType }, body }));
    expectTypedError(result.error);
    expect(result.error).toBeInstanceOf(AzureHttpError);
    expect((result.error as AzureHttpError).statusCode).toBe(status);
    expect(result.replaced).toBe(status === 500 ? FAST_RETRIES.maxTries : 1);
    expect(result.seconds).toBeLessThan(callBoundSeconds(FAST_RETRIES));
  });
});

describe("answers without a body where headers carry the result", () => {
  it("getQueueMetadata without x-ms-approximate-messages-count: a typed error", async () => {
    const target = {
      matches: (r: ProxiedRequest) => r.method === "GET" && query(r).get("comp") === "metadata",
      call: (qs: QueueService) => qs.getQueueMetadata(queue),
    };
    const result = await callWithReplacement(target, (service) => {
      const { "x-ms-approximate-messages-count": _dropped, ...headers } = service.headers;
      return { status: 200, headers, body: "" };
    });
    expectTypedError(result.error);
  });

  it("updateMessage without x-ms-popreceipt: ResponseParseError", async () => {
    const [message] = await rig.direct.getMessages(queue, { visibilityTimeout: 1 });
    const target = {
      matches: (r: ProxiedRequest) => r.method === "PUT" && /\/messages\/[^/]+$/.test(path(r)),
      call: (qs: QueueService) => qs.updateMessage(queue, message!.id, message!.popReceipt, 0),
    };
    const result = await callWithReplacement(target, (service) => {
      const { "x-ms-popreceipt": _dropped, ...headers } = service.headers;
      return { status: service.status, headers, body: "" };
    });
    expect(result.error).toBeInstanceOf(ResponseParseError);
    expect((result.error as Error).message).toMatch(/x-ms-popreceipt/);
  });
});
