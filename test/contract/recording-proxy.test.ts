/**
 * The recording proxy: it must pass traffic through unchanged (checked byte for byte against a raw socket server on
 * loopback, since Azurite cannot show the bytes it received), record what was sent and answered without secrets,
 * and carry real Azurite traffic, 64 KiB messages included, that the contract validator then accepts.
 */
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createSharedKeyAuthorizer } from "../../src/auth/shared-key.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME, SERVICE_VERSION } from "../../src/constants.js";
import type { HttpMethod } from "../../src/transport/types.js";
import { uniqueQueueName } from "../harness/names.js";
import {
  decodeRecordedBody,
  encodeRecordedBody,
  readRecordings,
  redactAuthorization,
  redactTarget,
  startRecordingProxy,
  type RecordingProxy,
} from "../harness/recording-proxy.js";
import { ContractValidator } from "../../src/contract.js";
import { validateRecorded } from "./recorded-exchange.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxyTo(target: string): Promise<RecordingProxy> {
  const dir = mkdtempSync(join(tmpdir(), "azqueue-proxy-test-"));
  const proxy = await startRecordingProxy({ target, recordingsPath: join(dir, "exchanges.jsonl") });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => proxy.close());
  return proxy;
}

/** Index just past the end of one HTTP message in `bytes` (Content-Length or chunked framing), or -1. */
function messageEnd(bytes: Buffer): number {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd < 0) return -1;
  const head = bytes.subarray(0, headEnd).toString("latin1");
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) return bytes.length >= headEnd + 4 + Number(length[1]) ? headEnd + 4 + Number(length[1]) : -1;
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    const end = bytes.indexOf("\r\n0\r\n\r\n", headEnd);
    return end < 0 ? -1 : end + 7;
  }
  return headEnd + 4;
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    const size = parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

const split = (message: Buffer) => {
  const headEnd = message.indexOf("\r\n\r\n");
  return { head: message.subarray(0, headEnd).toString("latin1"), body: message.subarray(headEnd + 4) };
};

/** A raw HTTP/1.1 server on loopback: keeps the bytes of each request it receives and answers with `reply`. */
async function rawServer(reply: Buffer) {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = messageEnd(buffer);
      if (end < 0) return;
      received.push(buffer.subarray(0, end));
      buffer = buffer.subarray(end);
      socket.write(reply);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, sockets };
}

/** Sends raw bytes and resolves with the raw bytes of the one response. */
async function rawExchange(origin: string, bytes: Buffer): Promise<Buffer> {
  const { port } = new URL(origin);
  const socket = connect(Number(port), "127.0.0.1");
  cleanups.push(() => void socket.destroy());
  await once(socket, "connect");
  socket.write(bytes);
  let buffer = Buffer.alloc(0);
  for await (const chunk of socket) {
    buffer = Buffer.concat([buffer, chunk as Buffer]);
    const end = messageEnd(buffer);
    if (end >= 0) return buffer.subarray(0, end);
  }
  return buffer;
}

const crlf = (...lines: string[]) => Buffer.from(lines.map((line) => `${line}\r\n`).join(""), "latin1");

describe("recording proxy: forwarding", () => {
  it("passes a request and its response through byte for byte, header names, order and Host included", async () => {
    const responseBody = '<?xml version="1.0"?><QueueMessagesList/>';
    const reply = Buffer.concat([
      crlf("HTTP/1.1 201 Created Here", "Server: Azurite-Queue/3.35.0", "x-MS-Request-Id: abc", "content-type: application/xml", "Date: Sun, 22 Nov 2026 11:25:20 GMT", "Connection: keep-alive", "Keep-Alive: timeout=5", `Content-Length: ${responseBody.length}`, ""),
      Buffer.from(responseBody),
    ]);
    const upstream = await rawServer(reply);
    const proxy = await proxyTo(upstream.origin);
    const requestBody = "<QueueMessage><MessageText>caf\u00e9 \r\n 00123</MessageText></QueueMessage>";
    const sent = Buffer.concat([
      crlf(
        "POST /devstoreaccount1/q-1/messages?visibilitytimeout=5&sig=c2VjcmV0%2B&se=2026 HTTP/1.1",
        "host: 127.0.0.1:1",
        "x-ms-version: 2025-11-05",
        "x-ms-meta-MixedCase: Value",
        "Authorization: SharedKey devstoreaccount1:c2lnbmF0dXJl+/=",
        "content-type: application/xml",
        `Content-Length: ${Buffer.byteLength(requestBody)}`,
        "connection: keep-alive",
        "",
      ),
      Buffer.from(requestBody),
    ]);

    const answer = await rawExchange(proxy.origin, sent);

    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0]!.toString("latin1")).toBe(sent.toString("latin1"));
    expect(answer.toString("latin1")).toBe(reply.toString("latin1"));
  });

  it("carries 64 KiB bodies both ways, chunked, and records them whole", async () => {
    const big = Buffer.from("\u00e9a".repeat(64 * 1024 / 3).padEnd(64 * 1024, "z"));
    const chunked = (body: Buffer, pieces: number) => {
      const size = Math.ceil(body.length / pieces);
      const parts: Buffer[] = [];
      for (let at = 0; at < body.length; at += size) {
        const piece = body.subarray(at, at + size);
        parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
      }
      return Buffer.concat([...parts, Buffer.from("0\r\n\r\n")]);
    };
    const reply = Buffer.concat([crlf("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Connection: keep-alive", ""), chunked(big, 7)]);
    const upstream = await rawServer(reply);
    const proxy = await proxyTo(upstream.origin);

    const answer = await rawExchange(proxy.origin, Buffer.concat([crlf("PUT /devstoreaccount1/q-2 HTTP/1.1", "Host: h", "Transfer-Encoding: chunked", ""), chunked(big, 5)]));

    const forwarded = split(upstream.received[0]!);
    expect(forwarded.head).toBe("PUT /devstoreaccount1/q-2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked");
    expect(dechunk(forwarded.body).equals(big)).toBe(true);
    const returned = split(answer);
    expect(returned.head).toBe("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive");
    expect(dechunk(returned.body).equals(big)).toBe(true);

    const [recorded] = readRecordings(proxy.recordingsPath);
    expect(decodeRecordedBody(recorded!.request.body).equals(big)).toBe(true);
    expect(decodeRecordedBody(recorded!.response!.body).equals(big)).toBe(true);
  });

  it("answers 502 and records the failure when the upstream is gone", async () => {
    const upstream = await rawServer(Buffer.alloc(0));
    const proxy = await proxyTo(upstream.origin);
    await cleanups.shift()!(); // nothing listens any more
    const response = await request(`${proxy.origin}/devstoreaccount1?comp=list`);
    expect(response.statusCode).toBe(502);
    await response.body.dump();
    const [recorded] = readRecordings(proxy.recordingsPath);
    expect(recorded).toMatchObject({ seq: 1, request: { method: "GET", target: "/devstoreaccount1?comp=list" }, error: expect.stringMatching(/^upstream: /) });
    expect(recorded!.response).toBeUndefined();
  });

  it("ends the client's connection and records the failure when the upstream dies mid-body", async () => {
    const upstream = await rawServer(Buffer.concat([crlf("HTTP/1.1 200 OK", "Content-Length: 100", ""), Buffer.from("only ten b")]));
    const proxy = await proxyTo(upstream.origin);
    const cut = rawExchange(proxy.origin, crlf("GET /devstoreaccount1?comp=list HTTP/1.1", "Host: h", ""));
    await expect.poll(() => upstream.received.length).toBe(1);
    // Cut the connection from the server side, as a crashing Azurite would.
    upstream.sockets.forEach((socket) => socket.destroy());
    const answer = await cut;
    expect(answer.toString("latin1")).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b$/);
    await expect.poll(() => readRecordings(proxy.recordingsPath).length).toBe(1);
    expect(readRecordings(proxy.recordingsPath)[0]).toMatchObject({ error: "upstream: the connection closed before the response was complete" });
  });
});

describe("recording proxy: what it records", () => {
  it("keeps the scheme and account of Authorization and hides the signature", () => {
    expect(redactAuthorization("SharedKey devstoreaccount1:c2lnbmF0dXJl+/=")).toBe("SharedKey devstoreaccount1:REDACTED");
    expect(redactAuthorization("Bearer eyJhbGciOi.payload.sig")).toBe("Bearer REDACTED");
    expect(redactAuthorization("opaque-token")).toBe("REDACTED");
  });

  it("hides the SAS signature of the query and nothing else", () => {
    expect(redactTarget("/devstoreaccount1/q?sv=2025-11-05&sig=c2VjcmV0%2B&comp=list")).toBe("/devstoreaccount1/q?sv=2025-11-05&sig=REDACTED&comp=list");
    expect(redactTarget("/devstoreaccount1/q?design=1")).toBe("/devstoreaccount1/q?design=1");
  });

  it("keeps bodies as UTF-8 text when they are, base64 otherwise", () => {
    expect(encodeRecordedBody(Buffer.from("caf\u00e9"))).toEqual({ encoding: "utf8", data: "caf\u00e9" });
    const binary = Buffer.from([0xff, 0xfe, 0x00]);
    expect(decodeRecordedBody(encodeRecordedBody(binary)).equals(binary)).toBe(true);
    expect(encodeRecordedBody(binary)?.encoding).toBe("base64");
    expect(encodeRecordedBody(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("recording proxy: real Azurite traffic", () => {
  const authorize = createSharedKeyAuthorizer(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
  const validator = ContractValidator.fromSpec(fileURLToPath(new URL("../../spec/queue.openapi.yaml", import.meta.url)));

  async function send(accountUrl: string, method: HttpMethod, path: string, body?: string) {
    const bytes = body === undefined ? undefined : Buffer.from(body);
    const signed = await authorize({
      method,
      url: `${accountUrl}${path}`,
      headers: {
        "x-ms-date": new Date().toUTCString(),
        "x-ms-version": SERVICE_VERSION,
        "x-ms-client-request-id": crypto.randomUUID(),
        ...(bytes ? { "Content-Type": "application/xml", "Content-Length": String(bytes.length) } : {}),
      },
      ...(bytes ? { body: bytes } : {}),
    });
    const response = await request(signed.url, { method, headers: signed.headers, ...(signed.body ? { body: signed.body } : {}) });
    return { status: response.statusCode, text: await response.body.text() };
  }

  it("records a SharedKey session with a 64 KiB message that the contract validator accepts", async () => {
    const proxy = await proxyTo(inject("azuriteUnrecorded").origin);
    const accountUrl = `${proxy.origin}/${EMULATOR_ACCOUNT_NAME}`;
    const queue = uniqueQueueName("proxy");
    const text = "x".repeat(64 * 1024);

    expect((await send(accountUrl, "PUT", `/${queue}`)).status).toBe(201);
    expect((await send(accountUrl, "POST", `/${queue}/messages`, `<QueueMessage><MessageText>${text}</MessageText></QueueMessage>`)).status).toBe(201);
    const peeked = await send(accountUrl, "GET", `/${queue}/messages?peekonly=true&numofmessages=1`);
    expect(peeked.status).toBe(200);
    expect(peeked.text).toContain(`<MessageText>${text}</MessageText>`);
    expect((await send(accountUrl, "DELETE", `/${queue}`)).status).toBe(204);

    const exchanges = readRecordings(proxy.recordingsPath);
    expect(exchanges.map((exchange) => `${exchange.request.method} ${exchange.response?.status}`)).toEqual(["PUT 201", "POST 201", "GET 200", "DELETE 204"]);
    expect(exchanges.every((exchange) => exchange.request.headers.some(([name, value]) => name === "Authorization" && value === "SharedKey devstoreaccount1:REDACTED"))).toBe(true);
    expect(decodeRecordedBody(exchanges[2]!.response!.body).toString()).toContain(text);
    const verdicts = exchanges.map((exchange) => validateRecorded(validator, exchange));
    expect(verdicts.flatMap((verdict) => verdict.violations)).toEqual([]);
    expect(verdicts.map((verdict) => verdict.operationId)).toEqual(["Queue_Create", "Messages_Put", "Messages_Peek", "Queue_Delete"]);
  });
});
