import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { generate } from "selfsigned";
import { createHttpSender } from "#platform/http";
import { createHttpSender as createNodeHttpSender } from "../../src/platform/http.node.js";
import { AbortError, NetworkError, TimeoutError, ValidationError } from "../../src/errors.js";
import type { HttpSender } from "../../src/transport/types.js";
import { closedPort, reply, useCleanups } from "./stub-server.js";
import { rejection } from "../harness/rejection.js";

const { defer, stub } = useCleanups();

function sender(options?: Parameters<typeof createHttpSender>[0]): HttpSender {
  const created = createHttpSender(options);
  defer(() => created.close());
  return created;
}


describe("Node HTTP sender (undici dispatch)", () => {
  it("is what #platform/http resolves to in Node", () => {
    expect(createHttpSender).toBe(createNodeHttpSender);
  });

  it("sends the body as one buffer with its exact Content-Length, replacing the caller's", async () => {
    const server = await stub((_request, response) => reply(response, 201));
    const body = new TextEncoder().encode("<QueueMessage><MessageText>héllo</MessageText></QueueMessage>");
    const response = await sender().send({
      method: "POST",
      url: `${server.origin}/acct/q/messages`,
      headers: { "Content-Type": "application/xml", "content-length": "1", "x-ms-meta-CamelCase": "v" },
      body,
    });
    expect(response.status).toBe(201);
    const [recorded] = server.requests;
    expect(recorded!.headers["content-length"]).toBe(String(body.byteLength));
    expect(recorded!.headers["transfer-encoding"]).toBeUndefined();
    expect(new Uint8Array(recorded!.body)).toEqual(body);
    expect(recorded!.rawHeaderNames).toContain("x-ms-meta-CamelCase");
    expect(recorded!.rawHeaderNames.filter((name) => name.toLowerCase() === "content-length")).toHaveLength(1);
  });

  it("says Content-Length: 0 on a PUT without a body, and nothing on a GET", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    const send = sender().send;
    await send({ method: "PUT", url: `${server.origin}/acct/q`, headers: {} });
    await send({ method: "GET", url: `${server.origin}/acct/q?comp=metadata`, headers: {} });
    expect(server.requests[0]!.headers["content-length"]).toBe("0");
    expect(server.requests[1]!.headers["content-length"]).toBeUndefined();
    expect(server.requests[1]!.url).toBe("/acct/q?comp=metadata");
  });

  it("keeps the server's header-name case, joins repeated headers, and returns the body bytes", async () => {
    const server = await stub((_request, response) =>
      reply(response, 200, ["x-ms-meta-CamelCase", "Value", "X-MS-Request-Id", "rid-1", "X-Dup", "a", "x-dup", "b"], "payload"),
    );
    const response = await sender().send({ method: "GET", url: `${server.origin}/acct/q?comp=metadata`, headers: {} });
    expect(response.rawHeaderNames).toEqual(expect.arrayContaining(["x-ms-meta-CamelCase", "X-MS-Request-Id", "X-Dup", "x-dup"]));
    expect(response.headers["x-ms-meta-camelcase"]).toBe("Value");
    expect(response.headers["x-ms-request-id"]).toBe("rid-1");
    expect(response.headers["x-dup"]).toBe("a, b");
    expect(new TextDecoder().decode(response.body)).toBe("payload");
  });

  it("reuses keep-alive connections for consecutive requests to an origin", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    const send = sender().send;
    for (let i = 0; i < 6; i++) await send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    // undici waits one event-loop turn before reusing a socket, so a request sent the moment the previous one
    // ends may open a second connection; never more.
    expect(new Set(server.requests.map((request) => request.connection)).size).toBeLessThanOrEqual(2);
  });

  it("never writes a fresh request to a keep-alive socket the server is about to drop", async () => {
    // The server drops a connection idle for more than 4.5 s at the moment the next request arrives: the race a
    // Node server (Azurite) with its 5 s idle timeout produces at random. No Keep-Alive hint is sent.
    const lastAnswer = new WeakMap<object, number>();
    const server = await stub(
      (_request, response, _index, raw) => {
        const last = lastAnswer.get(raw.socket);
        if (last !== undefined && Date.now() - last > 4_500) return raw.socket.destroy();
        reply(response, 200);
        lastAnswer.set(raw.socket, Date.now());
      },
      (server) => (server.keepAliveTimeout = 0),
    );
    const send = sender().send;
    await send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    await new Promise((resolve) => setTimeout(resolve, 4_700));
    const response = await send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.connection)).toEqual([1, 2]);
  }, 15_000);

  it("rejects with AbortError at once when the signal fires mid-request, and drops the socket", async () => {
    const server = await stub(() => undefined /* never answers */);
    const controller = new AbortController();
    const started = Date.now();
    const pending = sender().send({ method: "GET", url: `${server.origin}/acct`, headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
    await server.connectionClosed(1, 2_000);
  });

  it("does not send at all when the signal has already fired", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    const error = await rejection(sender().send({ method: "GET", url: `${server.origin}/acct`, headers: {}, signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it("rejects with TimeoutError when an attempt outlives attemptTimeoutMs, and drops the socket", async () => {
    const server = await stub(() => undefined);
    const error = await rejection(sender().send({ method: "GET", url: `${server.origin}/acct`, headers: {}, attemptTimeoutMs: 150 }));
    expect(error).toBeInstanceOf(TimeoutError);
    await server.connectionClosed(1, 2_000);
  });

  it("maps a refused connection to NetworkError with its cause, never showing the query", async () => {
    const port = await closedPort();
    const error = await rejection(
      sender().send({ method: "GET", url: `http://127.0.0.1:${port}/acct/q/messages?sv=2025-11-05&sig=TOPSECRETSIG%3D`, headers: {} }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`http://127.0.0.1:${port}/acct/q/messages`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("TOPSECRETSIG");
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("maps a connection reset before the response to NetworkError", async () => {
    const server = await stub((_request, _response, _index, raw) => raw.socket.destroy());
    const error = await rejection(sender().send({ method: "DELETE", url: `${server.origin}/acct/q`, headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^DELETE http:\/\/127\.0\.0\.1:\d+\/acct\/q failed: /);
  });

  it("maps a response cut short mid-body to NetworkError", async () => {
    const server = await stub((_request, response) => {
      response.writeHead(200, { "Content-Length": "100" });
      response.write("only part", () => response.socket?.destroy());
    });
    const error = await rejection(sender().send({ method: "GET", url: `${server.origin}/acct`, headers: {} }));
    expect(error).toBeInstanceOf(NetworkError);
  });

  it("refuses a header value that would break the request line with a ValidationError, sending nothing", async () => {
    const server = await stub((_request, response) => reply(response, 200));
    const error = await rejection(sender().send({ method: "GET", url: `${server.origin}/acct`, headers: { "x-ms-meta-a": "x\r\nInjected: 1" } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).not.toContain("Injected");
    expect(server.requests).toHaveLength(0);
  });

  it("releases its sockets on close() and refuses further requests", async () => {
    // A long server keep-alive hint, so only close() can explain the socket going away promptly.
    const server = await stub((_request, response) => reply(response, 200), (server) => (server.keepAliveTimeout = 60_000));
    const closing = createHttpSender();
    await closing.send({ method: "GET", url: `${server.origin}/acct`, headers: {} });
    expect(server.openSockets()).toBe(1);
    await closing.close();
    await server.allSocketsClosed(2_000);
    const error = await rejection(closing.send({ method: "GET", url: `${server.origin}/acct`, headers: {} }));
    expect(error.name).toBe("AzureException");
    expect(server.requests).toHaveLength(1);
  });

  describe("over TLS with a self-signed certificate", () => {
    async function httpsStub(): Promise<{ origin: string; cert: string }> {
      const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
        keySize: 2048,
        algorithm: "sha256",
        extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
      });
      const server = createHttpsServer({ key: pems.private, cert: pems.cert }, (_request, response) => reply(response, 200, ["x-ms-meta-Tls", "yes"]));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      defer(() => new Promise((resolve) => server.close(resolve)).then(() => server.closeAllConnections()));
      return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, cert: pems.cert };
    }

    it("trusts the certificate given as tls.ca", async () => {
      const { origin, cert } = await httpsStub();
      const response = await sender({ tls: { ca: cert } }).send({ method: "GET", url: `${origin}/acct`, headers: {} });
      expect(response.status).toBe(200);
      expect(response.rawHeaderNames).toContain("x-ms-meta-Tls");
    });

    it("refuses it with NetworkError otherwise", async () => {
      const { origin } = await httpsStub();
      const error = await rejection(sender().send({ method: "GET", url: `${origin}/acct?sig=TOPSECRETSIG`, headers: {} }));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).not.toContain("TOPSECRETSIG");
    });
  });

  it("refuses tls or proxy options together with a custom fetch", () => {
    expect(() => createHttpSender({ fetch: globalThis.fetch, tls: { rejectUnauthorized: false } })).toThrow(ValidationError);
  });
});
