/**
 * A reverse proxy on loopback that forwards every exchange to Azurite unchanged and records it, one JSON line per
 * exchange, for the contract check (test/contract). It runs in the vitest main process while the tests run in
 * workers, so the file is how the recordings reach the check.
 *
 * Forwarding keeps the request line, the status line, header names, order and values, Host included (so Azurite's
 * echoed endpoints still name the proxy), and adds no header. Only the chunk boundaries of a chunked body may
 * differ: the request body is forwarded in one piece, once received whole, so that a kept-alive upstream socket
 * that turns out closed can be retried. Secrets are never written: the signature part of `Authorization` and the
 * SAS `sig` value are replaced by a marker, keeping the scheme and account name so the check still sees how a
 * request was authenticated.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type IncomingMessage, type OutgoingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const REDACTED = "REDACTED";

/** Environment variable holding the path of the suite's recordings, set by the global setup for the workers. */
export const RECORDINGS_ENV = "AZQUEUE_CONTRACT_RECORDINGS";

/** A body as recorded: UTF-8 text when it decodes losslessly, base64 otherwise; absent when empty. */
export interface RecordedBody {
  readonly encoding: "utf8" | "base64";
  readonly data: string;
}

/** Header name/value pairs exactly as on the wire: raw name case, order and repeats kept. */
export type RecordedHeaders = readonly (readonly [name: string, value: string])[];

export interface RecordedRequest {
  readonly method: string;
  /** The request target as sent (path and query, still percent-encoded), with the SAS signature redacted. */
  readonly target: string;
  readonly headers: RecordedHeaders;
  readonly body?: RecordedBody;
}

export interface RecordedResponse {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: RecordedHeaders;
  readonly body?: RecordedBody;
}

export interface RecordedExchange {
  /** Order of arrival at the proxy, from 1. */
  readonly seq: number;
  readonly request: RecordedRequest;
  /** Absent when no complete response reached the client (see `error`). */
  readonly response?: RecordedResponse;
  readonly error?: string;
}

export interface RecordingProxy {
  /** e.g. http://127.0.0.1:41235 */
  readonly origin: string;
  readonly recordingsPath: string;
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** The origin to forward to, e.g. Azurite's http://127.0.0.1:41234. */
  readonly target: string;
  /** JSON-lines file the exchanges are appended to; created empty. */
  readonly recordingsPath: string;
}

/** Keeps the scheme and the account (`SharedKey devstoreaccount1:REDACTED`, `Bearer REDACTED`), never the proof. */
export function redactAuthorization(value: string): string {
  const sharedKey = /^(SharedKey(?:Lite)? [^:\s]+:)\S*$/.exec(value);
  if (sharedKey) return `${sharedKey[1]}${REDACTED}`;
  const scheme = /^(\S+)\s/.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/** Replaces the value of every `sig` query parameter. */
export function redactTarget(target: string): string {
  const queryStart = target.indexOf("?");
  if (queryStart < 0) return target;
  const query = target
    .slice(queryStart + 1)
    .split("&")
    .map((pair) => (/^sig(=|$)/i.test(pair) ? `sig=${REDACTED}` : pair))
    .join("&");
  return `${target.slice(0, queryStart)}?${query}`;
}

export function redactHeaders(headers: RecordedHeaders): RecordedHeaders {
  return headers.map(([name, value]) => [name, name.toLowerCase() === "authorization" ? redactAuthorization(value) : value] as const);
}

export function encodeRecordedBody(bytes: Buffer): RecordedBody | undefined {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? { encoding: "utf8", data: text } : { encoding: "base64", data: bytes.toString("base64") };
}

export function decodeRecordedBody(body: RecordedBody | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  return Buffer.from(body.data, body.encoding);
}

export function readRecordings(path: string): RecordedExchange[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as RecordedExchange);
}

function pairs(raw: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i]!, raw[i + 1]!]);
  return result;
}

/**
 * Sets the headers exactly as received (raw names, order; a repeated header stays repeated) and stops Node from
 * adding the connection and framing headers the sender did not send.
 */
function copyRawHeaders(raw: readonly string[], message: OutgoingMessage): void {
  const byName = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of pairs(raw)) {
    const key = name.toLowerCase();
    const entry = byName.get(key);
    if (entry) entry.values.push(value);
    else byName.set(key, { name, values: [value] });
  }
  for (const { name, values } of byName.values()) message.setHeader(name, values.length === 1 ? values[0]! : values);
  for (const managed of ["connection", "content-length", "transfer-encoding"]) {
    if (!byName.has(managed)) message.removeHeader(managed);
  }
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  writeFileSync(options.recordingsPath, "");
  // Azurite closes idle connections after 5 s; dropping ours after 4 s avoids reusing a socket it is closing.
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  let seq = 0;

  const record = (exchange: RecordedExchange) => appendFileSync(options.recordingsPath, `${JSON.stringify(exchange)}\n`);

  const server = createServer((clientRequest, clientResponse) => {
    const exchangeSeq = ++seq;
    const chunks: Buffer[] = [];
    clientRequest.on("data", (chunk: Buffer) => chunks.push(chunk));
    clientRequest.on("end", () => {
      const body = Buffer.concat(chunks);
      const recordedRequest: RecordedRequest = {
        method: clientRequest.method ?? "",
        target: redactTarget(clientRequest.url ?? ""),
        headers: redactHeaders(pairs(clientRequest.rawHeaders)),
        ...(body.length > 0 ? { body: encodeRecordedBody(body) } : {}),
      };
      let recorded = false;
      const done = (response: RecordedResponse | undefined, error: string | undefined) => {
        if (recorded) return;
        recorded = true;
        record({ seq: exchangeSeq, request: recordedRequest, ...(response ? { response } : {}), ...(error ? { error } : {}) });
      };
      forward(clientRequest, body, clientResponse, true, done);
    });
  });

  function forward(
    clientRequest: IncomingMessage,
    body: Buffer,
    clientResponse: ServerResponse,
    mayRetry: boolean,
    done: (response: RecordedResponse | undefined, error: string | undefined) => void,
  ): void {
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: clientRequest.method, path: clientRequest.url, agent, setHost: false });
    copyRawHeaders(clientRequest.rawHeaders, upstream);
    let responded = false;
    const onClientGone = () => {
      if (clientResponse.writableFinished) return;
      upstream.destroy();
      done(undefined, "the client closed the connection before the response was complete");
    };
    clientResponse.once("close", onClientGone);
    upstream.on("response", (upstreamResponse) => {
      responded = true;
      const responseChunks: Buffer[] = [];
      clientResponse.sendDate = false;
      copyRawHeaders(upstreamResponse.rawHeaders, clientResponse);
      clientResponse.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage ?? "");
      upstreamResponse.on("data", (chunk: Buffer) => responseChunks.push(chunk));
      upstreamResponse.pipe(clientResponse);
      upstreamResponse.once("close", () => {
        if (upstreamResponse.complete) return;
        // Azurite went away mid-body: end the client's connection too rather than leave it waiting.
        clientResponse.destroy();
        done(undefined, "upstream: the connection closed before the response was complete");
      });
      clientResponse.once("finish", () => {
        const responseBody = Buffer.concat(responseChunks);
        done(
          {
            status: upstreamResponse.statusCode ?? 0,
            statusMessage: upstreamResponse.statusMessage ?? "",
            headers: pairs(upstreamResponse.rawHeaders),
            ...(responseBody.length > 0 ? { body: encodeRecordedBody(responseBody) } : {}),
          },
          undefined,
        );
      });
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as it was reused: the documented case for one more try.
      if (mayRetry && !responded && upstream.reusedSocket && error.code === "ECONNRESET") {
        clientResponse.off("close", onClientGone);
        return forward(clientRequest, body, clientResponse, false, done);
      }
      if (!clientResponse.headersSent) {
        clientResponse.writeHead(502, { "content-type": "text/plain" });
        clientResponse.end(`recording proxy: ${error.message}`);
      } else {
        clientResponse.destroy();
      }
      done(undefined, `upstream: ${error.message}`);
    });
    upstream.end(body);
  }

  // Match Node's default and Azurite's advertised `Keep-Alive: timeout=5`, which is forwarded to clients.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    recordingsPath: options.recordingsPath,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}
