/**
 * Proxies in the Node sender, through a real forward proxy written here (absolute-form requests and CONNECT
 * tunnels, with Basic authentication), in front of the suite's Azurite or a second, HTTPS one.
 */
import { Buffer } from "node:buffer";
import { createServer, request as httpRequest, Agent as HttpAgent, type IncomingMessage, type ServerResponse } from "node:http";
import { connect as connectSocket, type AddressInfo, type Socket } from "node:net";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createQueueClient } from "../../src/client.js";
import { connect, type Connection, type ConnectionOptions } from "../../src/connect.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { AzureHttpError, NetworkError, ValidationError } from "../../src/errors.js";
import { createHttpSender as createBrowserHttpSender } from "../../src/platform/http.browser.js";
import { createHttpSender } from "../../src/platform/http.node.js";
import type { ProxyOptions } from "../../src/platform/sender.js";
import type { WireResponse } from "../../src/transport/types.js";
import { startHttpsOAuthAzurite, type HttpsAzurite } from "../auth/https-azurite.js";
import { uniqueQueueName } from "../harness/names.js";
import { closedPort, reply, startStubServer } from "../transport/stub-server.js";
import { rejection } from "../harness/rejection.js";

interface Passed {
  readonly kind: "forward" | "connect";
  /** The absolute URL of a forwarded request, or the host:port of a tunnel. */
  readonly target: string;
  readonly method: string;
  readonly authorization: string | undefined;
}

interface ForwardProxy {
  readonly port: number;
  readonly passed: Passed[];
  /** Requests and tunnels answered with 407. */
  readonly refused: { count: number };
  close(): Promise<void>;
}

/** A forward proxy on 127.0.0.1. With `credentials`, anything else gets 407 and is not passed on. */
async function startForwardProxy(credentials?: { username: string; password: string }): Promise<ForwardProxy> {
  const expected = credentials && `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  const passed: Passed[] = [];
  const refused = { count: 0 };
  const sockets = new Set<Socket>();
  const upstreamAgent = new HttpAgent({ keepAlive: true });
  const allowed = (authorization: string | undefined) => expected === undefined || authorization === expected;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const authorization = request.headers["proxy-authorization"];
    const target = request.url ?? "";
    if (!/^http:\/\//.test(target)) {
      response.writeHead(400).end("absolute-form requests only");
      return;
    }
    if (!allowed(authorization)) {
      refused.count++;
      request.resume();
      response.writeHead(407, { "Proxy-Authenticate": 'Basic realm="test"', "Content-Length": "0" }).end();
      return;
    }
    passed.push({ kind: "forward", target, method: request.method ?? "", authorization });
    // Header names keep their case both ways; the hop-by-hop and proxy headers stay here.
    const headers: Record<string, string> = {};
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i]!;
      if (!/^(proxy-authorization|proxy-connection|connection|keep-alive)$/i.test(name)) headers[name] = request.rawHeaders[i + 1]!;
    }
    const upstream = httpRequest(target, { method: request.method, headers, agent: upstreamAgent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.rawHeaders.filter((_, i) => !/^(connection|keep-alive)$/i.test(answer.rawHeaders[i - (i % 2)]!)));
      answer.pipe(response);
    });
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    const authorization = request.headers["proxy-authorization"];
    const target = request.url ?? "";
    if (!allowed(authorization)) {
      refused.count++;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    passed.push({ kind: "connect", target, method: "CONNECT", authorization });
    const [host, port] = [target.slice(0, target.lastIndexOf(":")), Number(target.slice(target.lastIndexOf(":") + 1))];
    const upstream = connectSocket(port, host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    passed,
    refused,
    async close() {
      for (const socket of sockets) socket.destroy();
      upstreamAgent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const USER = "svc-queue";
const PASSWORD = "Pr0xy-S3cret!pw";
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
const { accountUrl } = inject("azurite");

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function proxyServer(credentials?: { username: string; password: string }): Promise<ForwardProxy> {
  const proxy = await startForwardProxy(credentials);
  cleanups.push(() => proxy.close());
  return proxy;
}

function open(options: Partial<ConnectionOptions> = {}): Connection {
  const connection = connect({ endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, ...options });
  cleanups.push(() => connection.close());
  return connection;
}

function createQueue(connection: Connection, queue = uniqueQueueName("proxy")): Promise<WireResponse> {
  return connection.send({ method: "PUT", url: `${connection.primary}/${queue}`, headers: {}, operationId: "Queue_Create" });
}

function queueMetadata(connection: Connection, queue: string): Promise<WireResponse> {
  return connection.send({ method: "GET", url: `${connection.primary}/${queue}?comp=metadata`, headers: {}, operationId: "Queue_GetProperties" });
}


/** Everything a log or a crash report could show of a value. */
function shown(value: unknown): string {
  const texts = [inspect(value, { depth: Infinity, showHidden: true }), inspect(value, { depth: Infinity })];
  if (value instanceof Error) {
    texts.push(String(value), value.message, value.stack ?? "");
    for (let cause = value.cause; cause !== undefined; cause = cause instanceof Error ? cause.cause : undefined) texts.push(String(cause));
  }
  return texts.join("\n");
}

function expectNoSecret(value: unknown): void {
  const text = shown(value);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(BASIC.slice("Basic ".length));
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
}

function proxyAt(proxy: ForwardProxy, password = PASSWORD): ProxyOptions {
  return { host: "127.0.0.1", port: proxy.port, username: USER, password };
}

describe("setProxy on a live connection, http target (absolute form)", () => {
  it("sends later requests through the proxy with Basic credentials, and setProxy(undefined) returns to direct", async () => {
    const proxy = await proxyServer({ username: USER, password: PASSWORD });
    const connection = open();
    const queue = uniqueQueueName("proxy");

    expect((await createQueue(connection, queue)).status).toBe(201);
    expect(proxy.passed).toEqual([]);

    connection.setProxy(proxyAt(proxy));
    expect((await queueMetadata(connection, queue)).status).toBe(200);
    expect(proxy.passed).toEqual([
      { kind: "forward", target: `${accountUrl}/${queue}?comp=metadata`, method: "GET", authorization: BASIC },
    ]);

    connection.setProxy(undefined);
    expect((await queueMetadata(connection, queue)).status).toBe(200);
    expect(proxy.passed).toHaveLength(1);
  });

  it("lets a request under way finish on its old route while later ones take the new one", async () => {
    // A loopback stub that answers slowly, so the first request is still on the wire when the route changes.
    const target = await startStubServer((_request, response) => setTimeout(() => reply(response, 200), 200));
    cleanups.push(() => target.close());
    const proxy = await proxyServer();
    const sender = createHttpSender();
    cleanups.push(() => sender.close());
    const first = sender.send({ method: "GET", url: `${target.origin}/acct/q?first`, headers: {} });
    await vi.waitFor(() => expect(target.requests).toHaveLength(1));
    sender.setProxy!({ host: "127.0.0.1", port: proxy.port });
    const second = await sender.send({ method: "GET", url: `${target.origin}/acct/q?second`, headers: {} });
    expect([(await first).status, second.status]).toEqual([200, 200]);
    expect(proxy.passed).toEqual([{ kind: "forward", target: `${target.origin}/acct/q?second`, method: "GET", authorization: undefined }]);
    // The first request's pool was closed once it was done.
    await target.connectionClosed(1, 2_000);
  });

  it("turns the proxy's 407 into an AzureHttpError with status 407, not retried, that never shows the password", async () => {
    const proxy = await proxyServer({ username: USER, password: "the-right-one" });
    const connection = open({ proxy: proxyAt(proxy) });
    const error = await rejection(createQueue(connection));
    expect(error).toBeInstanceOf(AzureHttpError);
    expect(error).toMatchObject({ statusCode: 407, errorCode: undefined, requestId: undefined, operationId: "Queue_Create" });
    expect(error.message).toMatch(/Proxy Authentication Required/);
    expect([proxy.passed.length, proxy.refused.count]).toEqual([0, 1]);
    expectNoSecret(error);
    expectNoSecret(connection);
    const sender = createHttpSender({ proxy: proxyAt(proxy) });
    cleanups.push(() => sender.close());
    expectNoSecret(sender);
  });

  it("reports an unreachable proxy as a NetworkError that never shows the password", async () => {
    const port = await closedPort();
    const connection = open({ proxy: { host: "127.0.0.1", port, username: USER, password: PASSWORD }, retry: { maxTries: 1 } });
    const error = await rejection(createQueue(connection));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expectNoSecret(error);
  });
});

describe("setProxy, https target (CONNECT tunnel)", () => {
  let https: HttpsAzurite;
  beforeAll(async () => {
    https = await startHttpsOAuthAzurite();
  });
  afterAll(() => https.stop());

  function openHttps(options: Partial<ConnectionOptions> = {}): Connection {
    return open({ endpoint: https.azurite.accountUrl, tls: { ca: https.ca }, ...options });
  }

  it("tunnels through the proxy with Basic credentials, TLS to the target inside the tunnel", async () => {
    const proxy = await proxyServer({ username: USER, password: PASSWORD });
    const connection = openHttps();
    connection.setProxy(proxyAt(proxy));
    const queue = uniqueQueueName("tunnel");
    expect((await createQueue(connection, queue)).status).toBe(201);
    expect((await queueMetadata(connection, queue)).status).toBe(200);
    // undici may open a spare tunnel; each one is a CONNECT to the target with the credentials.
    expect(proxy.passed.length).toBeGreaterThan(0);
    for (const passed of proxy.passed) {
      expect(passed).toEqual({ kind: "connect", target: `127.0.0.1:${https.azurite.port}`, method: "CONNECT", authorization: BASIC });
    }
  });

  it("turns a refused CONNECT (407) into the same AzureHttpError, not retried, without the password", async () => {
    const proxy = await proxyServer({ username: USER, password: "the-right-one" });
    const connection = openHttps({ proxy: proxyAt(proxy) });
    const error = await rejection(createQueue(connection));
    expect(error).toBeInstanceOf(AzureHttpError);
    expect(error).toMatchObject({ statusCode: 407, operationId: "Queue_Create" });
    expect([proxy.passed.length, proxy.refused.count]).toEqual([0, 1]);
    expectNoSecret(error);
    expectNoSecret(connection);
  });
});

describe("proxy validation", () => {
  const cases: Array<[string, Partial<ProxyOptions>, string]> = [
    ["an empty host", { host: "" }, "proxy.host"],
    ["a scheme", { host: "http://127.0.0.1" }, "proxy.host"],
    ["a port in the host", { host: "127.0.0.1:8080" }, "proxy.host"],
    ["a path", { host: "proxy.internal/path" }, "proxy.host"],
    ["credentials in the host", { host: "user:pw@proxy.internal" }, "proxy.host"],
    ["port 0", { port: 0 }, "proxy.port"],
    ["port 65536", { port: 65536 }, "proxy.port"],
    ["a fractional port", { port: 80.5 }, "proxy.port"],
    ["a password without a username", { username: undefined, password: PASSWORD }, "proxy.credentials"],
    ["a colon in the username", { username: "a:b" }, "proxy.credentials"],
    ["a line break in the password", { password: `${PASSWORD}\r\n` }, "proxy.credentials"],
  ];
  it.each(cases)("refuses %s with a ValidationError naming the rule, before any request", (_name, change, rule) => {
    const connection = open();
    let thrown: unknown;
    try {
      connection.setProxy({ host: "127.0.0.1", port: 3128, username: USER, password: PASSWORD, ...change });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).rule).toBe(rule);
    expectNoSecret(thrown);
    expect(() => createHttpSender({ proxy: { host: "127.0.0.1", port: 3128, username: USER, password: PASSWORD, ...change } as ProxyOptions })).toThrow(ValidationError);
  });

  it("accepts the boundaries: ports 1 and 65535, IPv6 with and without brackets, a host name", () => {
    for (const proxy of [
      { host: "127.0.0.1", port: 1 },
      { host: "127.0.0.1", port: 65535 },
      { host: "::1", port: 3128 },
      { host: "[::1]", port: 3128 },
      { host: "proxy.internal", port: 3128, username: USER },
    ]) {
      const sender = createHttpSender({ proxy });
      cleanups.push(() => sender.close());
    }
  });

  it("keeps the previous route when setProxy is refused", async () => {
    const proxy = await proxyServer();
    const connection = open({ proxy: { host: "127.0.0.1", port: proxy.port } });
    expect(() => connection.setProxy({ host: "127.0.0.1", port: 0 })).toThrow(ValidationError);
    expect((await createQueue(connection)).status).toBe(201);
    expect(proxy.passed).toHaveLength(1);
  });
});

describe("environment proxies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)", () => {
  const NAMES = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"];
  let saved: Record<string, string | undefined>;
  beforeAll(() => {
    saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  });
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  function setEnvironment(values: Record<string, string>): void {
    for (const name of NAMES) delete process.env[name];
    Object.assign(process.env, values);
  }

  it("sends through HTTP_PROXY, credentials from its URL included", async () => {
    const proxy = await proxyServer({ username: USER, password: PASSWORD });
    setEnvironment({ HTTP_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxy.port}` });
    const queue = uniqueQueueName("env");
    expect((await createQueue(open(), queue)).status).toBe(201);
    expect(proxy.passed).toEqual([{ kind: "forward", target: `${accountUrl}/${queue}`, method: "PUT", authorization: BASIC }]);
  });

  it("takes the lower-case http_proxy, and a value without a scheme as an http proxy", async () => {
    const proxy = await proxyServer();
    setEnvironment({ http_proxy: `127.0.0.1:${proxy.port}` });
    expect((await createQueue(open())).status).toBe(201);
    expect(proxy.passed).toHaveLength(1);
  });

  it("sends https targets through HTTPS_PROXY with CONNECT", async () => {
    const https = await startHttpsOAuthAzurite();
    cleanups.push(() => https.stop());
    const proxy = await proxyServer();
    setEnvironment({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    expect((await createQueue(open({ endpoint: https.azurite.accountUrl, tls: { ca: https.ca } }))).status).toBe(201);
    expect(proxy.passed).toEqual([{ kind: "connect", target: `127.0.0.1:${https.azurite.port}`, method: "CONNECT", authorization: undefined }]);
  });

  it("goes direct to hosts NO_PROXY names, read on every request", async () => {
    const proxy = await proxyServer();
    setEnvironment({ HTTP_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: "localhost,127.0.0.1" });
    const connection = open();
    const queue = uniqueQueueName("env");
    expect((await createQueue(connection, queue)).status).toBe(201);
    expect(proxy.passed).toEqual([]);
    process.env.NO_PROXY = "localhost";
    expect((await queueMetadata(connection, queue)).status).toBe(200);
    expect(proxy.passed).toHaveLength(1);
  });

  it("lets an explicit proxy win, and setProxy(undefined) return to the environment's", async () => {
    const fromEnvironment = await proxyServer();
    const explicit = await proxyServer();
    setEnvironment({ HTTP_PROXY: `http://127.0.0.1:${fromEnvironment.port}` });
    const connection = open({ proxy: { host: "127.0.0.1", port: explicit.port } });
    expect((await createQueue(connection)).status).toBe(201);
    connection.setProxy(undefined);
    expect((await createQueue(connection)).status).toBe(201);
    expect([explicit.passed.length, fromEnvironment.passed.length]).toEqual([1, 1]);
  });

  it("refuses an unusable proxy variable with a ValidationError that does not repeat it", () => {
    setEnvironment({ HTTPS_PROXY: `http://${USER}:${PASSWORD}@[not-an-address]:3128` });
    let thrown: unknown;
    try {
      createHttpSender();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).rule).toBe("proxy.environment");
    expectNoSecret(thrown);
  });

  it("withholds an error's details when they repeat a password taken from the environment", async () => {
    const port = await closedPort();
    // A password that is also the proxy's port: the refusal's message repeats it.
    setEnvironment({ HTTP_PROXY: `http://${USER}:${port}@127.0.0.1:${port}` });
    const error = await rejection(createQueue(open({ retry: { maxTries: 1 } })));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/details withheld/);
    expect(shown(error)).not.toContain(String(port));
  });
});

describe("where the proxy is not the sender's to set", () => {
  it("refuses setProxy in the browser sender with a ValidationError", () => {
    const sender = createBrowserHttpSender();
    expect(() => sender.setProxy?.({ host: "127.0.0.1", port: 3128 })).toThrow(ValidationError);
  });

  it("refuses setProxy with a caller's fetch in Node", () => {
    const connection = open({ fetch: globalThis.fetch });
    expect(() => connection.setProxy({ host: "127.0.0.1", port: 3128 })).toThrow(ValidationError);
  });

  it("refuses setProxy after close", async () => {
    const connection = open();
    await connection.close();
    expect(() => connection.setProxy({ host: "127.0.0.1", port: 3128 })).toThrow(/closed/);
  });
});

describe("typed client with the proxy option", () => {
  it("puts and peeks a message through an authenticating proxy", async () => {
    const proxy = await proxyServer({ username: USER, password: PASSWORD });
    await using client = createQueueClient({
      endpoint: accountUrl,
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      proxy: proxyAt(proxy),
    });
    const queue = uniqueQueueName("proxied");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    const put = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "through the proxy" } });
    expect(put.response.status).toBe(201);
    const { data } = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(data?.[0]?.MessageText).toBe("through the proxy");
    expect(proxy.passed.map(({ method, target, authorization }) => [method, target.replace(accountUrl, ""), authorization])).toEqual([
      ["PUT", `/${queue}`, BASIC],
      ["POST", `/${queue}/messages`, BASIC],
      ["GET", `/${queue}/messages?peekonly=true`, BASIC],
    ]);
    expectNoSecret(client);
  });
});
