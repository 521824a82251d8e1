import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createHttpSender } from "#platform/http";
import { compose, createTransport, type TransportOptions } from "../../src/transport/pipeline.js";
import { clientRequestIdPolicy } from "../../src/transport/client-request-id.js";
import { SERVICE_VERSION } from "../../src/constants.js";
import type { Policy, Send, TransportLogEvent } from "../../src/transport/types.js";
import { runScript } from "../harness/run-script.js";
import { closedPort, reply, startStubServer, type StubHandler, type StubServer } from "./stub-server.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function stub(handler: StubHandler, configure?: Parameters<typeof startStubServer>[1]): Promise<StubServer> {
  const server = await startStubServer(handler, configure);
  cleanups.push(() => server.close());
  return server;
}

function transport(options: Partial<TransportOptions> = {}): Send {
  const created = createTransport({
    sender: createHttpSender(),
    authorizer: (request) => request,
    retry: { retryDelay: 0.02, maxRetryDelay: 2 },
    ...options,
  });
  cleanups.push(() => created.close());
  return created.send;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("send path", () => {
  it("composes policies in order around the final send", async () => {
    const trace: string[] = [];
    const step = (name: string): Policy => async (request, next) => {
      trace.push(`${name} in`);
      const response = await next(request);
      trace.push(`${name} out`);
      return response;
    };
    const send = compose([step("a"), step("b")], async () => {
      trace.push("send");
      return { status: 204, headers: {}, rawHeaderNames: [], body: new Uint8Array() };
    });
    expect((await send({ method: "GET", url: "http://127.0.0.1:1/", headers: {} })).status).toBe(204);
    expect(trace).toEqual(["a in", "b in", "send", "b out", "a out"]);
  });

  it("gives every call its own x-ms-client-request-id, shared by all of its attempts", async () => {
    const server = await stub((_request, response, index) => (index === 0 ? reply(response, 500) : reply(response, 200)));
    const send = transport();
    await send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    await send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    const ids = server.requests.map((request) => request.headers["x-ms-client-request-id"]);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("keeps a caller's own x-ms-client-request-id", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    await compose([clientRequestIdPolicy()], createHttpSenderForTest())({
      method: "GET",
      url: `${server.origin}/acct`,
      headers: { "X-MS-Client-Request-Id": "caller-id" },
    });
    expect(server.requests[0]!.headers["x-ms-client-request-id"]).toBe("caller-id");
    expect(server.requests[0]!.rawHeaderNames.filter((name) => name.toLowerCase() === "x-ms-client-request-id")).toHaveLength(1);
  });

  it("applies socketTimeout to attempts that set no attemptTimeoutMs", async () => {
    const server = await stub((_request, response, index) => {
      if (index > 0) reply(response, 200);
    });
    const response = await transport({ socketTimeout: 0.2 })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("logs one event per attempt with status, request id or error name, and no secret", async () => {
    const server = await stub((_request, response, index) =>
      index === 0 ? reply(response, 503, ["x-ms-request-id", "rid-a"]) : reply(response, 200, ["x-ms-request-id", "rid-b"]),
    );
    const events: TransportLogEvent[] = [];
    const send = transport({ logger: (event) => events.push(event), authorizer: (request) => ({ ...request, headers: { ...request.headers, Authorization: "SharedKey acct:SECRETSIGNATURE" } }) });
    await send({ method: "GET", url: `${server.origin}/acct/q/messages?sig=TOPSECRETSIG`, headers: {}, operationId: "Messages_Get" });
    const port = await closedPort();
    await expect(send({ method: "DELETE", url: `http://127.0.0.1:${port}/acct/q?sig=TOPSECRETSIG`, headers: {} })).rejects.toThrow();

    expect(events.slice(0, 2)).toEqual([
      { operation: "Messages_Get", attempt: 1, status: 503, requestId: "rid-a", duration: expect.any(Number) },
      { operation: "Messages_Get", attempt: 2, status: 200, requestId: "rid-b", duration: expect.any(Number) },
    ]);
    expect(events.slice(2)).toHaveLength(4);
    expect(events.slice(2).map((event) => [event.operation, event.attempt, event.error, event.status])).toEqual(
      [1, 2, 3, 4].map((attempt) => ["DELETE", attempt, "NetworkError", undefined]),
    );
    for (const event of events) expect(event.duration).toBeGreaterThanOrEqual(0);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain("TOPSECRETSIG");
    expect(logged).not.toContain("SECRETSIGNATURE");
    expect(logged).not.toContain("127.0.0.1");
  });

  it("is not broken by a logger that throws", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    const response = await transport({
      logger: () => {
        throw new Error("logger bug");
      },
    })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(200);
  });

  it("refuses a socketTimeout that is not a positive number of seconds", () => {
    expect(() => createTransport({ sender: createHttpSenderForTestObject(), authorizer: (request) => request, socketTimeout: 0 })).toThrow(/socketTimeout/);
  });

  it("releases its connections on close()", async () => {
    const server = await stub((_request, response) => reply(response, 200), (server) => (server.keepAliveTimeout = 60_000));
    const created = createTransport({ sender: createHttpSender(), authorizer: (request) => request });
    await created.send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(server.openSockets()).toBe(1);
    await created.close();
    await server.allSocketsClosed(2_000);
  });

  it("lets a Node process that used and closed it exit by itself", async () => {
    const server = await stub(
      (_request, response, index) => (index === 0 ? reply(response, 503) : reply(response, 200)),
      (server) => (server.keepAliveTimeout = 60_000),
    );
    const fixture = fileURLToPath(new URL("./fixtures/send-then-close.ts", import.meta.url));
    const { exitCode, output } = await runScript(fixture, [`${server.origin}/acct`]);
    expect(output).toBe("200\n200\n200\n");
    expect(exitCode).toBe(0);
    expect(server.requests).toHaveLength(4);
  }, 30_000);

  it("reaches the real Azurite end to end: an unsigned list is refused with the service's headers", async () => {
    // Anonymous on purpose, so it goes to Azurite itself, not through the contract recorder.
    const { accountUrl } = inject("azuriteUnrecorded");
    const events: TransportLogEvent[] = [];
    const response = await transport({ logger: (event) => events.push(event) })({
      method: "GET",
      url: `${accountUrl}?comp=list`,
      headers: {},
      operationId: "Service_ListQueues",
    });
    expect(response.status).toBe(403);
    expect(response.headers["x-ms-error-code"]).toBe("AuthenticationFailed");
    expect(response.headers["x-ms-request-id"]).toMatch(/\S/);
    expect(response.rawHeaderNames).toContain("x-ms-request-id");
    expect(response.headers["x-ms-version"]).toBe(SERVICE_VERSION);
    expect(new TextDecoder().decode(response.body)).toContain("<Code>AuthenticationFailed</Code>");
    expect(events).toEqual([
      { operation: "Service_ListQueues", attempt: 1, status: 403, requestId: response.headers["x-ms-request-id"], duration: expect.any(Number) },
    ]);
  });
});

function createHttpSenderForTestObject() {
  const sender = createHttpSender();
  cleanups.push(() => sender.close());
  return sender;
}

function createHttpSenderForTest(): Send {
  return createHttpSenderForTestObject().send;
}
