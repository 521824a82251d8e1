/**
 * What every QueueService method shares: the call options (timeout, abortSignal, onResponse), the lifecycle (close,
 * asyncDispose, setProxy) and secrecy (inspect, JSON). Faults Azurite never makes (a 503, a stall) come from a
 * loopback stub server; a forward proxy written here stands in front of the suite's Azurite.
 */
import { Buffer } from "node:buffer";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { AbortError, AzureHttpError, QueueService, ResponseParseError, ValidationError, type LogEvent } from "../../src/index.js";
import { reply, startStubServer, type StubServer } from "../transport/stub-server.js";
import { accountUrl, emulatorService, loggedService, newQueue, rejectionOf } from "./queue-service-harness.js";

let qs: QueueService;
let attempts: LogEvent[];
let queue: string;

beforeAll(async () => {
  ({ qs, attempts } = loggedService());
  queue = await newQueue(qs, "opt");
});
afterAll(() => qs.close());

/** A service on a stub server, retrying at once. */
function stubService(stub: StubServer, log: LogEvent[] = []): QueueService {
  return new QueueService({
    endpoint: `${stub.origin}/${EMULATOR_ACCOUNT_NAME}`,
    accountName: EMULATOR_ACCOUNT_NAME,
    accountKey: EMULATOR_ACCOUNT_KEY,
    retry: { retryDelay: 0.001, maxRetryDelay: 0.001 },
    logger: (event) => log.push(event),
  });
}

const SERVICE_HEADERS = (requestId: string) => ["x-ms-request-id", requestId, "x-ms-version", "2025-11-05", "Date", "Mon, 23 Nov 2026 10:00:00 GMT"];

describe("onResponse", () => {
  it("is called once per call with status, request id and the Date header as a Date, errors included", async () => {
    const seen: { status: number; requestId: string | undefined; date: Date | undefined }[] = [];
    const onResponse = (info: (typeof seen)[number]) => seen.push(info);
    await qs.putMessage(queue, "x", { onResponse });
    await qs.peekMessages(queue, { onResponse });
    await rejectionOf(qs.getQueueMetadata("missing-queue-opt", { onResponse }));
    expect(seen.map((info) => info.status)).toEqual([201, 200, 404]);
    for (const info of seen) {
      expect(info.requestId).toMatch(/\S/);
      expect(Math.abs(info.date!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(info.date!.getMilliseconds()).toBe(0);
    }
  });

  it("sees the final response only when the call was retried", async () => {
    const stub = await startStubServer((_request, response, index) =>
      index === 0 ? reply(response, 503, SERVICE_HEADERS("first")) : reply(response, 201, SERVICE_HEADERS("second")),
    );
    const log: LogEvent[] = [];
    const service = stubService(stub, log);
    const seen: { status: number; requestId: string | undefined }[] = [];
    expect(await service.createQueue("retried", { onResponse: ({ status, requestId }) => seen.push({ status, requestId }) })).toBe(true);
    expect(log.map((event) => event.status)).toEqual([503, 201]);
    expect(seen).toEqual([{ status: 201, requestId: "second" }]);
    await service.close();
    await stub.close();
  });
});

describe("abortSignal", () => {
  it("already aborted: AbortError before anything is sent", async () => {
    const before = attempts.length;
    const error = await rejectionOf(qs.putMessage(queue, "x", { abortSignal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(attempts.length).toBe(before);
  });

  it("aborted while the request is under way: AbortError at once", async () => {
    const stub = await startStubServer(() => {
      // Never answers.
    });
    const service = stubService(stub);
    const controller = new AbortController();
    const call = service.peekMessages("stalled", { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await rejectionOf(call)).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await service.close();
    await stub.close();
  });

  it("aborted before a listing is iterated: the iteration fails with AbortError", async () => {
    const controller = new AbortController();
    const listing = qs.listQueues({ prefix: "opt-", abortSignal: controller.signal });
    controller.abort();
    const error = await rejectionOf(
      (async () => {
        for await (const _queue of listing) void _queue;
      })(),
    );
    expect(error).toBeInstanceOf(AbortError);
  });
});

describe("timeout (the server-side timeout)", () => {
  it("is sent as the timeout query parameter of every operation", async () => {
    const urls: string[] = [];
    const service = emulatorService({
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    const own = await newQueue(service, "opt");
    await service.putMessage(own, "x", { timeout: 5 });
    await service.getQueueMetadata(own, { timeout: 1 });
    for await (const _queue of service.listQueues({ prefix: own, timeout: 30 })) void _queue;
    expect(urls.slice(1).map((url) => new URL(url).searchParams.get("timeout"))).toEqual(["5", "1", "30"]);
    expect(new URL(urls[0]!).searchParams.has("timeout")).toBe(false);
    await service.close();
  });

  it("a fraction, zero or a negative number is a ValidationError, nothing sent", async () => {
    const before = attempts.length;
    for (const [timeout, rule] of [
      [0.5, "whole-seconds"],
      [1.5, "whole-seconds"],
      [0, "server-timeout"],
      [-1, "server-timeout"],
    ] as const) {
      for (const call of [() => qs.clearMessages(queue, { timeout }), () => qs.getQueueServiceProperties({ timeout }), () => qs.exists(queue, { timeout })]) {
        const error = await rejectionOf(call());
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).rule).toBe(rule);
      }
    }
    expect(attempts.length).toBe(before);
  });
});

describe("responses that do not fit the operation", () => {
  it("a message list missing a field is a ResponseParseError carrying the request id", async () => {
    const stub = await startStubServer((_request, response) =>
      reply(
        response,
        200,
        [...SERVICE_HEADERS("no-receipt"), "Content-Type", "application/xml"],
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage><MessageId>m</MessageId>" +
          "<InsertionTime>Mon, 23 Nov 2026 10:00:00 GMT</InsertionTime><ExpirationTime>Mon, 30 Nov 2026 10:00:00 GMT</ExpirationTime>" +
          "<TimeNextVisible>Mon, 23 Nov 2026 10:00:30 GMT</TimeNextVisible><DequeueCount>1</DequeueCount>" +
          "<MessageText>x</MessageText></QueueMessage></QueueMessagesList>",
      ),
    );
    const service = stubService(stub);
    const error = await rejectionOf(service.getMessages("stubbed"));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).message).toMatch(/PopReceipt/);
    expect((error as ResponseParseError).requestId).toBe("no-receipt");
    await service.close();
    await stub.close();
  });

  it("an update answer without x-ms-popreceipt is a ResponseParseError", async () => {
    const stub = await startStubServer((_request, response) => reply(response, 204, [...SERVICE_HEADERS("no-header"), "x-ms-time-next-visible", "Mon, 23 Nov 2026 10:00:30 GMT"]));
    const service = stubService(stub);
    const error = await rejectionOf(service.updateMessage("stubbed", "id", "receipt", 0));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).message).toMatch(/x-ms-popreceipt/);
    await service.close();
    await stub.close();
  });
});

describe("secrets stay out of inspect, JSON and errors", () => {
  it("util.inspect shows account, endpoints and credential kind only; JSON.stringify shows nothing secret", () => {
    const sasToken = qs.generateAccountSharedAccessSignature("s", "l", new Date(Date.now() + 3_600_000));
    const signature = new URLSearchParams(sasToken).get("sig")!;
    const withKey = emulatorService();
    const withSas = new QueueService({ endpoint: accountUrl(), sasToken });
    const fromString = QueueService.fromConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${accountUrl()}`,
    );
    for (const service of [withKey, withSas, fromString]) {
      for (const text of [inspect(service, { depth: 10, showHidden: true }), JSON.stringify(service), String(Object.keys(service))]) {
        expect(text).not.toContain(EMULATOR_ACCOUNT_KEY);
        expect(text).not.toContain(EMULATOR_ACCOUNT_KEY.slice(0, 20));
        expect(text).not.toContain(signature);
        expect(text).not.toContain(encodeURIComponent(signature));
      }
    }
    expect(inspect(withKey)).toContain(EMULATOR_ACCOUNT_NAME);
    expect(inspect(withKey)).toContain("sharedKey");
    expect(inspect(withSas)).toContain('"credentialKind":"sas"');
    expect(Object.keys(withKey).sort()).toEqual(["decodeFunction", "encodeFunction", "encryptionVersion", "keyEncryptionKey", "keyResolverFunction", "requireEncryption"]);
    void withKey.close();
    void withSas.close();
    void fromString.close();
  });

  it("a refused SAS request's error does not carry the signature", async () => {
    const token = qs.generateQueueSharedAccessSignature(queue, { permission: "r", expiry: new Date(Date.now() + 3_600_000) });
    const reader = new QueueService({ endpoint: accountUrl(), sasToken: token });
    const error = await rejectionOf(reader.putMessage(queue, "x"));
    expect(error).toBeInstanceOf(AzureHttpError);
    const signature = new URLSearchParams(token).get("sig")!;
    expect(inspect(error)).not.toContain(signature);
    expect(inspect(error)).not.toContain(encodeURIComponent(signature));
    await reader.close();
  });
});

describe("lifecycle", () => {
  it("close() releases the service; later calls are refused", async () => {
    const service = emulatorService();
    await service.exists(queue);
    await service.close();
    expect(await rejectionOf(service.exists(queue))).toBeInstanceOf(Error);
  });

  it("await using disposes the service", async () => {
    let kept: QueueService | undefined;
    {
      await using service = emulatorService();
      kept = service;
      expect(await service.exists(queue)).toBe(true);
    }
    expect(await rejectionOf(kept.exists(queue))).toBeInstanceOf(Error);
  });
});

describe("setProxy", () => {
  /** A forward proxy for absolute-form requests, with Basic authentication. */
  async function startForwardProxy(user: string, password: string): Promise<{ port: number; seen: string[]; server: Server }> {
    const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    const seen: string[] = [];
    const server = createServer((request, response) => {
      if (request.headers["proxy-authorization"] !== expected) {
        request.resume();
        response.writeHead(407, { "Proxy-Authenticate": 'Basic realm="test"', "Content-Length": "0" }).end();
        return;
      }
      seen.push(`${request.method} ${request.url}`);
      const headers: Record<string, string> = {};
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        const name = request.rawHeaders[i]!;
        if (!/^(proxy-authorization|proxy-connection|connection|keep-alive)$/i.test(name)) headers[name] = request.rawHeaders[i + 1]!;
      }
      const upstream = httpRequest(request.url!, { method: request.method, headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on("error", () => response.destroy());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, seen, server };
  }

  it("sends later requests through the proxy with Basic authentication", async () => {
    const proxy = await startForwardProxy("svc", "s3cret");
    const service = emulatorService();
    service.setProxy("127.0.0.1", proxy.port, "svc", "s3cret");
    expect(await service.exists(queue)).toBe(true);
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]).toContain(`/${queue}?comp=metadata`);
    await service.close();
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  it("wrong proxy credentials: the proxy's 407 is an AzureHttpError", async () => {
    const proxy = await startForwardProxy("svc", "s3cret");
    const service = emulatorService();
    service.setProxy("127.0.0.1", proxy.port, "svc", "wrong");
    const error = await rejectionOf(service.exists(queue));
    expect(error).toBeInstanceOf(AzureHttpError);
    expect((error as AzureHttpError).statusCode).toBe(407);
    expect(inspect(error)).not.toContain("wrong");
    await service.close();
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  it("refuses a malformed host or port, a password without a user, and the fetch option, with a ValidationError", () => {
    const service = emulatorService();
    expect(() => service.setProxy("127.0.0.1", 0)).toThrow(ValidationError);
    expect(() => service.setProxy("127.0.0.1", 65536)).toThrow(ValidationError);
    expect(() => service.setProxy("http://127.0.0.1", 8080)).toThrow(ValidationError);
    expect(() => service.setProxy("127.0.0.1", 8080, undefined, "password")).toThrow(ValidationError);
    const viaFetch = emulatorService({ fetch: globalThis.fetch });
    expect(() => viaFetch.setProxy("127.0.0.1", 8080)).toThrow(ValidationError);
    void service.close();
    void viaFetch.close();
  });
});

describe("QueueService endpoints", () => {
  it("exposes the account name and both endpoints, never a credential", () => {
    const qs = new QueueService({ connectionString: "UseDevelopmentStorage=true" });
    expect(qs.accountName).toBe("devstoreaccount1");
    expect(qs.primaryEndpoint).toBe("http://127.0.0.1:10001/devstoreaccount1");
    expect(qs.secondaryEndpoint).toBe("http://127.0.0.1:10001/devstoreaccount1-secondary");
    const sas = new QueueService({ endpoint: "https://acct.queue.core.windows.net", sasToken: "sv=2025-11-05&sig=c2VjcmV0" });
    expect(sas.primaryEndpoint).toBe("https://acct.queue.core.windows.net");
    expect(sas.secondaryEndpoint).toBe("https://acct-secondary.queue.core.windows.net");
    expect(sas.primaryEndpoint).not.toContain("sig");
  });
});
