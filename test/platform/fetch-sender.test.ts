import { describe, expect, it } from "vitest";
import { createFetchSender } from "../../src/platform/fetch-sender.js";
import { createHttpSender as createBrowserHttpSender } from "../../src/platform/http.browser.js";
import { createHttpSender } from "#platform/http";
import { AbortError, NetworkError, TimeoutError, ValidationError } from "../../src/errors.js";
import type { HttpSender } from "../../src/transport/types.js";
import { closedPort, reply, useCleanups } from "../transport/stub-server.js";
import { rejection } from "../harness/rejection.js";

const { defer, stub } = useCleanups();


// The same behaviour whichever way a fetch sender is made.
describe.each<[string, () => HttpSender]>([
  ["createFetchSender(globalThis.fetch)", () => createFetchSender(globalThis.fetch)],
  ["Node createHttpSender({ fetch })", () => createHttpSender({ fetch: globalThis.fetch })],
  ["browser createHttpSender()", () => createBrowserHttpSender()],
])("fetch sender: %s", (_name, makeSender) => {
  function sender(): HttpSender {
    const created = makeSender();
    defer(() => created.close());
    return created;
  }

  it("sends the body with its byte length and returns lower-case header names", async () => {
    const server = await stub((_request, response) => reply(response, 201, ["x-ms-meta-CamelCase", "Value", "X-MS-Request-Id", "rid-2"], "done"));
    const body = new TextEncoder().encode("<QueueMessage><MessageText>héllo</MessageText></QueueMessage>");
    const response = await sender().send({
      method: "POST",
      url: `${server.origin}/acct/q/messages?visibilitytimeout=0`,
      headers: { "content-type": "application/xml", "Content-Length": "3" },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.rawHeaderNames).toContain("x-ms-meta-camelcase");
    expect(response.rawHeaderNames).not.toContain("x-ms-meta-CamelCase");
    expect(response.headers["x-ms-request-id"]).toBe("rid-2");
    expect(new TextDecoder().decode(response.body)).toBe("done");
    const [recorded] = server.requests;
    expect(recorded!.url).toBe("/acct/q/messages?visibilitytimeout=0");
    expect(recorded!.headers["content-length"]).toBe(String(body.byteLength));
    expect(new Uint8Array(recorded!.body)).toEqual(body);
  });

  it("rejects with AbortError at once when the signal fires mid-request", async () => {
    const server = await stub(() => undefined);
    const controller = new AbortController();
    const started = Date.now();
    const pending = sender().send({ method: "GET", url: `${server.origin}/acct`, headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(pending)).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("rejects with TimeoutError when an attempt outlives attemptTimeoutMs", async () => {
    const server = await stub(() => undefined);
    expect(await rejection(sender().send({ method: "GET", url: `${server.origin}/acct`, headers: {}, attemptTimeoutMs: 150 }))).toBeInstanceOf(
      TimeoutError,
    );
  });

  it("maps a refused connection to NetworkError without the query", async () => {
    const port = await closedPort();
    const error = await rejection(sender().send({ method: "GET", url: `http://127.0.0.1:${port}/acct?sig=TOPSECRETSIG`, headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("TOPSECRETSIG");
  });

  it("refuses to follow a redirect, which would carry the signature elsewhere", async () => {
    const server = await stub((_request, response) => reply(response, 307, ["Location", "http://127.0.0.1:1/elsewhere"]));
    const error = await rejection(sender().send({ method: "GET", url: `${server.origin}/acct?sig=TOPSECRETSIG`, headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).not.toContain("TOPSECRETSIG");
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain("redirect (status 307)");
  });

  it("asks fetch for manual redirects: Cloudflare's workerd refuses redirect \"error\" with a TypeError", async () => {
    const workerdLikeFetch: typeof globalThis.fetch = (input, init) => {
      if (init?.redirect !== "follow" && init?.redirect !== "manual") throw new TypeError('redirect must be one of "follow" or "manual"');
      return globalThis.fetch(input, init);
    };
    const server = await stub((_request, response) => reply(response, 204));
    const response = await createFetchSender(workerdLikeFetch).send({ method: "DELETE", url: `${server.origin}/acct/q`, headers: {} });
    expect(response.status).toBe(204);
  });

  it("refuses requests after close()", async () => {
    const closing = makeSender();
    await closing.close();
    expect((await rejection(closing.send({ method: "GET", url: "http://127.0.0.1:1/", headers: {} }))).name).toBe("AzureException");
  });
});

describe("browser HTTP sender options", () => {
  it("refuses tls and proxy, which the runtime owns there", () => {
    expect(() => createBrowserHttpSender({ tls: { ca: "pem" } })).toThrow(ValidationError);
    expect(() => createBrowserHttpSender({ proxy: { host: "127.0.0.1", port: 3128 } })).toThrow(ValidationError);
  });

  it("sends through the fetch it is given", async () => {
    const seen: string[] = [];
    const fetchSpy: typeof globalThis.fetch = (input, init) => {
      seen.push(`${init?.method} ${String(input)}`);
      return globalThis.fetch(input, init);
    };
    const server = await stub((_request, response) => reply(response, 204));
    const response = await createBrowserHttpSender({ fetch: fetchSpy }).send({ method: "DELETE", url: `${server.origin}/acct/q`, headers: {} });
    expect(response.status).toBe(204);
    expect(seen).toEqual([`DELETE ${server.origin}/acct/q`]);
  });
});
