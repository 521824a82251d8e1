import { describe, expect, it } from "vitest";
import { createHttpSender } from "#platform/http";
import { compose, createTransport, type TransportOptions } from "../../src/transport/pipeline.js";
import { attemptHeadersPolicy } from "../../src/transport/attempt-headers.js";
import { authorizePolicy } from "../../src/transport/authorize.js";
import { AZQUEUE_VERSION, defaultUserAgent } from "../../src/transport/user-agent.js";
import { SERVICE_VERSION } from "../../src/constants.js";
import type { Authorizer, Send, WireRequest } from "../../src/transport/types.js";
import { reply, useCleanups } from "./stub-server.js";
import packageJson from "../../package.json" with { type: "json" };

const { defer, stub } = useCleanups();

function transport(options: Partial<TransportOptions> & { authorizer: Authorizer }): Send {
  const created = createTransport({ sender: createHttpSender(), retry: { retryDelay: 0.02, maxRetryDelay: 2 }, ...options });
  defer(() => created.close());
  return created.send;
}

// A stand-in credential: it signs with the attempt's own date, so a stale date would show as a stale signature.
const dateEchoingAuthorizer: Authorizer = (request) => ({
  ...request,
  headers: { ...request.headers, Authorization: `Test ${request.headers["x-ms-date"]}#${request.attempt}` },
});

describe("attempt headers and authorize steps", () => {
  it("stamps a fresh x-ms-date and signature on every attempt", async () => {
    // Retry-After: 1 puts the retry at least a second later, so its RFC 1123 date (whole seconds) must differ.
    const server = await stub((_request, response, index) => (index === 0 ? reply(response, 503, ["Retry-After", "1"]) : reply(response, 200)));
    const response = await transport({ authorizer: dateEchoingAuthorizer })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(200);
    const [first, second] = server.requests.map((request) => request.headers);
    expect(Date.parse(second!["x-ms-date"] as string) - Date.parse(first!["x-ms-date"] as string)).toBeGreaterThanOrEqual(1_000);
    expect(first!.authorization).toBe(`Test ${first!["x-ms-date"]}#1`);
    expect(second!.authorization).toBe(`Test ${second!["x-ms-date"]}#2`);
  });

  it("sends an RFC 1123 x-ms-date close to now, the pinned x-ms-version and its User-Agent", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    await transport({ authorizer: (request) => request })({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    const headers = server.requests[0]!.headers;
    expect(headers["x-ms-date"]).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(Date.parse(headers["x-ms-date"] as string) - Date.now())).toBeLessThan(10_000);
    expect(headers["x-ms-version"]).toBe(SERVICE_VERSION);
    expect(headers["user-agent"]).toBe(`azqueue/${AZQUEUE_VERSION} (Node ${process.versions.node}; ${process.platform})`);
  });

  it("replaces caller-supplied x-ms-date, x-ms-version, Authorization and User-Agent in any case", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    await transport({ authorizer: (request) => request })({
      method: "GET",
      url: `${server.origin}/acct`,
      headers: { "X-MS-Date": "Thu, 01 Jan 1970 00:00:00 GMT", "x-ms-version": "2009-09-19", AUTHORIZATION: "SharedKey stale", "user-agent": "other", "x-ms-meta-Keep": "1" },
    });
    const recorded = server.requests[0]!;
    expect(recorded.headers["x-ms-date"]).not.toContain("1970");
    expect(recorded.headers["x-ms-version"]).toBe(SERVICE_VERSION);
    expect(recorded.headers.authorization).toBeUndefined();
    expect(recorded.headers["user-agent"]).toMatch(/^azqueue\//);
    expect(recorded.headers["x-ms-meta-keep"]).toBe("1");
    expect(recorded.rawHeaderNames.filter((name) => name.toLowerCase() === "x-ms-date")).toHaveLength(1);
  });

  it("awaits an asynchronous authorizer and sends what it returns (a SAS in the query)", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    const sasAuthorizer: Authorizer = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ...request, url: `${request.url}&sv=${SERVICE_VERSION}&sig=abc%3D` };
    };
    await transport({ authorizer: sasAuthorizer })({ method: "GET", url: `${server.origin}/acct?comp=list`, headers: {} });
    expect(server.requests[0]!.url).toBe(`/acct?comp=list&sv=${SERVICE_VERSION}&sig=abc%3D`);
  });

  it("signs after the transport's headers are set, so the authorizer sees them", async () => {
    const seen: WireRequest[] = [];
    const server = await stub((_request, response) => reply(response, 200));
    const sender = createHttpSender();
    defer(() => sender.close());
    const sign = compose(
      [attemptHeadersPolicy({ version: "2024-08-04", userAgent: "custom/1" }), authorizePolicy((request) => (seen.push(request), request))],
      sender.send,
    );
    await sign({ method: "GET", url: `${server.origin}/acct`, headers: { "x-ms-client-request-id": "id-1" } });
    expect(seen[0]!.headers).toMatchObject({ "x-ms-version": "2024-08-04", "User-Agent": "custom/1", "x-ms-client-request-id": "id-1" });
    expect(server.requests[0]!.headers["x-ms-version"]).toBe("2024-08-04");
  });
});

describe("User-Agent", () => {
  it("puts the application's token first", () => {
    expect(defaultUserAgent("orders-worker/2.1")).toMatch(new RegExp(`^orders-worker/2\\.1 azqueue/${AZQUEUE_VERSION.replace(/\./g, "\\.")} \\(Node `));
  });

  it("names the version package.json declares", () => {
    expect(AZQUEUE_VERSION).toBe(packageJson.version);
  });
});
