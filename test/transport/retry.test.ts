import { describe, expect, it } from "vitest";
import { createHttpSender } from "#platform/http";
import { createTransport, type TransportOptions } from "../../src/transport/pipeline.js";
import { DEFAULT_RETRY_OPTIONS, retryPolicy } from "../../src/transport/retry.js";
import { backoffSeconds, retryAfterSeconds } from "../../src/transport/retry-timing.js";
import { AbortError, NetworkError, TimeoutError, ValidationError } from "../../src/errors.js";
import type { Send } from "../../src/transport/types.js";
import { closedPort, reply, useCleanups, type StubHandler } from "./stub-server.js";
import { rejection } from "../harness/rejection.js";

const { defer, stub } = useCleanups();

const anonymous = (request: Parameters<TransportOptions["authorizer"]>[0]) => request;
// Quick retries with a pinned jitter, so tests wait milliseconds, not seconds.
const FAST = { retryDelay: 0.02, maxRetryDelay: 2, random: () => 0.5 };

function transport(options: Partial<TransportOptions> = {}): Send {
  const created = createTransport({ sender: createHttpSender(), authorizer: anonymous, retry: FAST, ...options });
  defer(() => created.close());
  return created.send;
}


/** Answers `first` to the first request, 200 afterwards. */
function failOnceWith(status: number, headers: string[] = []): StubHandler {
  return (_request, response, index) => (index === 0 ? reply(response, status, headers) : reply(response, 200));
}

describe("retry step", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries status %i and returns the next answer", async (status) => {
    const server = await stub(failOnceWith(status));
    const response = await transport()({ method: "GET", url: `${server.origin}/acct/q/messages`, headers: {} });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 412, 413])("returns status %i at once, without retrying", async (status) => {
    const server = await stub((_request, response) => reply(response, status));
    const response = await transport()({ method: "PUT", url: `${server.origin}/acct/q`, headers: {} });
    expect(response.status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  it("returns the last retriable response when tries run out", async () => {
    const server = await stub((_request, response, index) => reply(response, 503, ["x-ms-request-id", `rid-${index}`]));
    const response = await transport({ retry: { ...FAST, maxTries: 3 } })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(503);
    expect(response.headers["x-ms-request-id"]).toBe("rid-2");
    expect(server.requests).toHaveLength(3);
  });

  it("sends once only with maxTries: 1", async () => {
    const server = await stub((_request, response) => reply(response, 500));
    const response = await transport({ retry: { maxTries: 1 } })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a connection reset (NetworkError) and sends the same body again", async () => {
    const server = await stub((_request, response, index, raw) => (index === 0 ? raw.socket.destroy() : reply(response, 201)));
    const body = new TextEncoder().encode("<QueueMessage><MessageText>m</MessageText></QueueMessage>");
    const response = await transport()({ method: "POST", url: `${server.origin}/acct/q/messages`, headers: {}, body });
    expect(response.status).toBe(201);
    expect(server.requests.map((request) => request.body.toString())).toEqual([Buffer.from(body).toString(), Buffer.from(body).toString()]);
  });

  it("throws the last NetworkError when every try fails to connect, saying how many attempts were made", async () => {
    const port = await closedPort();
    const error = await rejection(transport({ retry: { ...FAST, maxTries: 3 } })({ method: "GET", url: `http://127.0.0.1:${port}/acct`, headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(`GET http://127.0.0.1:${port}/acct failed: connect ECONNREFUSED 127.0.0.1:${port}; gave up after 3 attempts.`);
    expect((error.cause as { code?: string } | undefined)?.code).toBe("ECONNREFUSED");
  });

  it("with maxTries: 1, the NetworkError says retries are off", async () => {
    const port = await closedPort();
    const error = await rejection(transport({ retry: { maxTries: 1 } })({ method: "GET", url: `http://127.0.0.1:${port}/acct`, headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/; gave up after 1 attempt \(retries are off\)\.$/);
  });

  it("abandons a stalled attempt after attemptTimeoutMs and retries it", async () => {
    const server = await stub((_request, response, index) => {
      if (index > 0) reply(response, 200);
    });
    const response = await transport()({ method: "GET", url: `${server.origin}/acct`, headers: {}, attemptTimeoutMs: 200 });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("throws TimeoutError when every attempt stalls", async () => {
    const server = await stub(() => undefined);
    const error = await rejection(
      transport({ retry: { ...FAST, maxTries: 2 } })({ method: "GET", url: `${server.origin}/acct`, headers: {}, attemptTimeoutMs: 100 }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(`GET ${server.origin}/acct got no complete response within 100 ms; gave up after 2 attempts.`);
    expect(server.requests).toHaveLength(2);
  });

  it("waits as long as Retry-After asks before retrying", async () => {
    const server = await stub(failOnceWith(503, ["Retry-After", "1"]));
    // Backoff alone would wait at most 20 ms here.
    const response = await transport()({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(200);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("caps a server's Retry-After at maxRetryDelay", async () => {
    const server = await stub(failOnceWith(429, ["Retry-After", "120"]));
    const started = Date.now();
    const response = await transport({ retry: { ...FAST, maxRetryDelay: 0.1 } })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops at once with AbortError when the signal fires during a backoff wait", async () => {
    const server = await stub((_request, response) => reply(response, 503, ["Retry-After", "30"]));
    const controller = new AbortController();
    const started = Date.now();
    const pending = transport({ retry: { maxRetryDelay: 60 } })({ method: "GET", url: `${server.origin}/acct`, headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry an aborted attempt", async () => {
    const server = await stub(() => undefined);
    const controller = new AbortController();
    const pending = transport()({ method: "GET", url: `${server.origin}/acct`, headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(pending)).toBeInstanceOf(AbortError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
  });

  it("lets prepareAttempt choose each attempt's URL", async () => {
    const primary = await stub((_request, response) => reply(response, 503));
    const secondary = await stub((_request, response) => reply(response, 200));
    const send = transport({
      retry: {
        ...FAST,
        prepareAttempt: (request, { attempt, previous }) =>
          attempt > 1 && previous?.response?.status === 503 ? { ...request, url: request.url.replace(primary.origin, secondary.origin) } : request,
      },
    });
    const response = await send({ method: "GET", url: `${primary.origin}/acct/q/messages?peekonly=true`, headers: {} });
    expect(response.status).toBe(200);
    expect(primary.requests).toHaveLength(1);
    expect(secondary.requests.map((request) => request.url)).toEqual(["/acct/q/messages?peekonly=true"]);
  });

  it("refuses nonsensical options when created", () => {
    expect(() => retryPolicy({ maxTries: 0 })).toThrow(ValidationError);
    expect(() => retryPolicy({ maxTries: 2.5 })).toThrow(ValidationError);
    expect(() => retryPolicy({ retryDelay: -1 })).toThrow(ValidationError);
    expect(() => retryPolicy({ maxRetryDelay: Number.POSITIVE_INFINITY })).toThrow(ValidationError);
    expect(() => retryPolicy({ retryDelay: Number.NaN })).toThrow(ValidationError);
  });
});

describe("backoffSeconds", () => {
  it("doubles the jitter range per failed attempt up to maxRetryDelay", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5].map((failed) => backoffSeconds(failed, 0.8, 5, top))).toEqual([0.8, 1.6, 3.2, 5, 5]);
  });

  it("spreads waits uniformly from zero (full jitter)", () => {
    expect(backoffSeconds(3, 0.8, 60, () => 0)).toBe(0);
    expect(backoffSeconds(3, 0.8, 60, () => 0.25)).toBeCloseTo(0.8);
  });

  it("keeps the documented defaults", () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({ maxTries: 4, retryDelay: 0.8, maxRetryDelay: 60 });
  });
});

describe("retryAfterSeconds", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it.each<[Record<string, string>, number | undefined]>([
    [{ "retry-after": "3" }, 3],
    [{ "retry-after": "0.5" }, 0.5],
    [{ "retry-after": "Wed, 01 Jan 2025 00:00:07 GMT" }, 7],
    [{ "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" }, 0],
    [{ "retry-after-ms": "250" }, 0.25],
    [{ "x-ms-retry-after-ms": "1500", "retry-after": "9" }, 1.5],
    [{ "retry-after": "soon" }, undefined],
    [{ "retry-after": "-3" }, undefined],
    [{}, undefined],
  ])("reads %j as %s seconds", (headers, expected) => {
    expect(retryAfterSeconds(headers, now)).toBe(expected);
  });
});
