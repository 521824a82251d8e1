/**
 * Loopback HTTP servers for faults Azurite never makes (stalls, resets, throttling): real sockets on 127.0.0.1,
 * scripted per test. Every request is recorded with its raw header names and body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach } from "vitest";

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** Header names as the client wrote them. */
  readonly rawHeaderNames: string[];
  /** Values by lower-case name. */
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
  /** Which connection carried it: 1 for the first socket the server accepted. */
  readonly connection: number;
  /** Date.now() when the request arrived. */
  readonly receivedAt: number;
}

/** Answers one request; `index` counts from 0 across the server's life. */
export type StubHandler = (request: RecordedRequest, response: ServerResponse, index: number, raw: IncomingMessage) => void;

export interface StubServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Sockets currently open on the server side. */
  openSockets(): number;
  /** Resolves when every accepted socket has closed, or rejects after `withinMs`. */
  allSocketsClosed(withinMs: number): Promise<void>;
  /** Resolves when the given connection (1 = the first accepted) has closed, or rejects after `withinMs`. */
  connectionClosed(connection: number, withinMs: number): Promise<void>;
  close(): Promise<void>;
  readonly server: Server;
}

export async function startStubServer(handler: StubHandler, configure?: (server: Server) => void): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const closedConnections = new Set<number>();
  const connectionIds = new WeakMap<Socket, number>();
  let accepted = 0;
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on("data", (chunk: Buffer) => chunks.push(chunk));
    raw.on("end", () => {
      const recorded: RecordedRequest = {
        method: raw.method ?? "",
        url: raw.url ?? "",
        rawHeaderNames: raw.rawHeaders.filter((_, i) => i % 2 === 0),
        headers: raw.headers,
        body: Buffer.concat(chunks),
        connection: connectionIds.get(raw.socket) ?? 0,
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      handler(recorded, response, requests.length - 1, raw);
    });
  });
  server.on("connection", (socket) => {
    const id = ++accepted;
    connectionIds.set(socket, id);
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      closedConnections.add(id);
    });
  });
  configure?.(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    server,
    openSockets: () => sockets.size,
    allSocketsClosed: (withinMs) => waitFor(() => sockets.size === 0, withinMs, () => `${sockets.size} socket(s) still open`),
    connectionClosed: (connection, withinMs) =>
      waitFor(() => closedConnections.has(connection), withinMs, () => `connection ${connection} still open`),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers with a status, headers given as a raw list (so their case goes on the wire as written) and a body. */
export function reply(response: ServerResponse, status: number, rawHeaders: string[] = [], body = ""): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, [...rawHeaders, "Content-Length", String(bytes.length)]);
  response.end(bytes);
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function waitFor(condition: () => boolean, withinMs: number, describe: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > withinMs) {
        clearInterval(poll);
        reject(new Error(`${describe()} after ${withinMs} ms`));
      }
    }, 10);
  });
}

/**
 * For one test file: `defer` registers a cleanup, `stub` starts a stub server closed the same way; both run after
 * each test.
 */
export function useCleanups(): {
  defer(cleanup: () => Promise<unknown>): void;
  stub(...args: Parameters<typeof startStubServer>): Promise<StubServer>;
} {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  return {
    defer: (cleanup) => void cleanups.push(cleanup),
    async stub(...args) {
      const server = await startStubServer(...args);
      cleanups.push(() => server.close());
      return server;
    },
  };
}
