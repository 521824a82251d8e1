/**
 * A fault-injection proxy: a real HTTP server on 127.0.0.1 between a client and an Azurite, that forwards each
 * request or breaks it as a schedule says. Faults are the ones networks and busy services produce and Azurite never
 * does: resets before and after the service did the work (the second is a lost response), 503 with Retry-After,
 * stalls past the client's per-try timeout, bodies cut short, garbage instead of XML, and delays.
 *
 * A seeded schedule makes a run repeatable: the n-th request through the proxy always gets the same decision for
 * the same seed (which request is n-th depends on timing when calls run concurrently).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { Pool } from "undici";
import { EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";

export const FAULT_KINDS = [
  "resetBeforeForward",
  "resetAfterForward",
  "throttle",
  "stall",
  "truncateBody",
  "garbageXml",
  "delay",
] as const;

/**
 * - `resetBeforeForward`: the connection is reset once the request has arrived; the service never sees it.
 * - `resetAfterForward`: the service does the work, then the connection is reset instead of answering (a lost
 *   response: a retried put enqueues twice, a retried delete answers 404).
 * - `throttle`: 503 ServerBusy with `Retry-After`, without forwarding.
 * - `stall`: forwarded, then the answer is held back past the client's per-try timeout, and the connection dropped.
 * - `truncateBody`: the answer is cut short (inside the body, or inside the headers when there is no body) and the
 *   connection closed.
 * - `garbageXml`: the service's status and headers with a body that is not the document it should be.
 * - `delay`: the answer arrives late, but within the per-try timeout.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A response the proxy sends instead of the service's, for malformed-response tests. */
export interface ReplacedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export type Fault =
  | { readonly kind: "none" }
  | { readonly kind: Exclude<FaultKind, "garbageXml" | "delay" | "truncateBody" | "throttle"> }
  /** `retryAfterSeconds` overrides the proxy's. */
  | { readonly kind: "throttle"; readonly retryAfterSeconds?: number }
  | { readonly kind: "garbageXml"; readonly variant: number }
  | { readonly kind: "truncateBody"; readonly fraction: number }
  | { readonly kind: "delay"; readonly ms: number }
  /** Forward, then answer with `replace(serviceResponse)`: a malformed answer after the service did the work. */
  | { readonly kind: "replace"; readonly replace: (service: ForwardedResponse) => ReplacedResponse };

export interface ProxiedRequest {
  readonly method: string;
  /** Path and query, as the client sent them (absolute when the client took the proxy for a forward proxy). */
  readonly url: string;
  /** Values by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  /** 0 for the first request through the proxy. */
  readonly index: number;
}

export type FaultSchedule = (request: ProxiedRequest) => Fault;

export interface ForwardedResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface FaultProxyOptions {
  /** The service's origin, e.g. an Azurite's `http://127.0.0.1:41234`. */
  readonly target: string;
  readonly schedule: FaultSchedule;
  /** How long a stalled answer is held before the connection is dropped; longer than the client's per-try timeout. */
  readonly stallMs: number;
  /** The `Retry-After` seconds a throttled answer asks for. Default 1. */
  readonly retryAfterSeconds?: number;
  /**
   * Act as a forward proxy too: requests in absolute form (`GET http://host/path`) must carry this
   * `Proxy-Authorization` value, or get 407.
   */
  readonly proxyAuthorization?: string;
  /** Serve HTTPS with this certificate, and trust `upstreamCa` for an HTTPS target. */
  readonly tls?: { readonly cert: string; readonly key: string; readonly upstreamCa?: string };
}

export interface FaultProxy {
  readonly origin: string;
  /** The path-style account URL through the proxy. */
  readonly accountUrl: string;
  /** Faults injected so far, by kind (a garbage body on an answer that has none is not counted: nothing was sent). */
  readonly injected: Record<FaultKind | "replace", number>;
  /** Requests received so far. */
  readonly requests: () => number;
  /**
   * Requests the service failed to answer (it reset or refused the proxy's connection, e.g. while it paused for
   * garbage collection); the client then sees a reset. Reported, not injected.
   */
  readonly upstreamErrors: () => number;
  /** Requests the proxy itself failed to handle: a bug in the proxy, so a test fails on any. */
  readonly proxyErrors: () => number;
  /** The first few failures of either kind, for a test's message. */
  readonly errorReasons: readonly string[];
  /** Replaces the schedule, e.g. to drain a queue without faults at the end of a run. */
  setSchedule(schedule: FaultSchedule): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host", "proxy-connection", "upgrade"]);

/**
 * @example
 * const proxy = await startFaultProxy({ target: azurite.origin, schedule: seededSchedule(7, { throttle: 0.1 }), stallMs: 3000 });
 * const qs = new QueueService({ endpoint: proxy.accountUrl, accountName, accountKey, socketTimeout: 1 });
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new Pool(options.target, {
    connections: 64,
    ...(options.tls?.upstreamCa !== undefined && { connect: { ca: options.tls.upstreamCa } }),
  });
  const injected = Object.fromEntries([...FAULT_KINDS, "replace"].map((kind) => [kind, 0])) as Record<FaultKind | "replace", number>;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let schedule = options.schedule;
  let received = 0;
  let upstreamErrors = 0;
  let proxyErrors = 0;
  const errorReasons: string[] = [];
  const note = (error: unknown) => {
    if (errorReasons.length < 10) errorReasons.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  };

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const forward = async (request: IncomingMessage, body: Buffer): Promise<ForwardedResponse> => {
    const headers: string[] = [];
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      if (!HOP_BY_HOP.has(request.rawHeaders[i]!.toLowerCase()) && !/^proxy-/i.test(request.rawHeaders[i]!)) headers.push(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
    }
    const answer = await upstream.request({
      method: request.method as "GET",
      path: originFormOf(request.url ?? "/"),
      headers,
      body: body.length > 0 || request.method === "PUT" || request.method === "POST" ? body : null,
    });
    const answerBody = Buffer.from(await answer.body.arrayBuffer());
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: answer.statusCode, headers: flat, body: answerBody };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const url = request.url ?? "";
    const index = received++;
    if (options.proxyAuthorization !== undefined && /^https?:\/\//i.test(url) && request.headers["proxy-authorization"] !== options.proxyAuthorization) {
      return send(response, { status: 407, headers: { "proxy-authenticate": 'Basic realm="faults"' }, body: "" });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    const fault = schedule({ method: request.method ?? "", url, headers, index });
    const socket = request.socket;
    if (fault.kind === "resetBeforeForward") {
      injected.resetBeforeForward++;
      return reset(socket);
    }
    if (fault.kind === "throttle") {
      injected.throttle++;
      return send(response, {
        status: 503,
        headers: { "retry-after": String(fault.retryAfterSeconds ?? options.retryAfterSeconds ?? 1), "x-ms-error-code": "ServerBusy", "content-type": "application/xml" },
        body: storageError("ServerBusy", "The server is busy."),
      });
    }

    let service: ForwardedResponse;
    try {
      service = await forward(request, body);
    } catch (error) {
      upstreamErrors++;
      note(error);
      return socket.destroy();
    }

    switch (fault.kind) {
      case "none":
        return send(response, service);
      case "resetAfterForward":
        injected.resetAfterForward++;
        return reset(socket);
      case "stall":
        injected.stall++;
        return later(options.stallMs, () => socket.destroy());
      case "delay":
        injected.delay++;
        return later(fault.ms, () => send(response, service));
      case "truncateBody": {
        injected.truncateBody++;
        const raw = rawResponse(service);
        const headLength = raw.length - service.body.length;
        // Inside the body when there is one, else inside the head (after the status line).
        const cut = service.body.length > 1
          ? headLength + Math.max(1, Math.floor(service.body.length * fault.fraction))
          : Math.max(12, Math.floor(headLength * fault.fraction));
        return socket.end(raw.subarray(0, Math.min(cut, raw.length - 1)), () => socket.destroy());
      }
      case "garbageXml":
        if (service.body.length === 0) return send(response, service);
        injected.garbageXml++;
        return send(response, { ...service, body: garbageBody(fault.variant) });
      case "replace":
        injected.replace++;
        return send(response, fault.replace(service));
    }
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      handle(request, response, Buffer.concat(chunks)).catch((error: unknown) => {
        proxyErrors++;
        note(error);
        request.socket.destroy();
      });
    });
  };
  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);
  server.keepAliveTimeout = 5_000;
  server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A client that gave up resets its socket; that is expected here.
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `${options.tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    accountUrl: `${origin}/${EMULATOR_ACCOUNT_NAME}`,
    injected,
    requests: () => received,
    upstreamErrors: () => upstreamErrors,
    proxyErrors: () => proxyErrors,
    errorReasons,
    setSchedule(next) {
      schedule = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

/** Never a fault. */
export const noFaults: FaultSchedule = () => ({ kind: "none" });

/** Probability per request of each fault kind; the rest of the unit interval forwards untouched. */
export type FaultRates = Partial<Record<FaultKind, number>>;

/**
 * A repeatable schedule: request n draws its fault from a PRNG seeded with `seed`, two draws per request whatever
 * the outcome, so decisions never shift with the mix of faults.
 *
 * @example
 * seededSchedule(42, { resetAfterForward: 0.02, throttle: 0.02 }, { maxDelayMs: 300 })
 */
export function seededSchedule(seed: number, rates: FaultRates, options: { maxDelayMs?: number } = {}): FaultSchedule {
  const total = Object.values(rates).reduce((sum, rate) => sum + (rate ?? 0), 0);
  if (total > 1) throw new Error(`fault rates add up to ${total}, more than 1`);
  const random = mulberry32(seed);
  const maxDelayMs = options.maxDelayMs ?? 200;
  return () => {
    const pick = random();
    const parameter = random();
    let upTo = 0;
    for (const kind of FAULT_KINDS) {
      upTo += rates[kind] ?? 0;
      if (pick < upTo) return faultOf(kind, parameter, maxDelayMs);
    }
    return { kind: "none" };
  };
}

/**
 * The given fault for the first `times` requests matching `when` (all of them by default), none for the rest.
 *
 * @example
 * faultWhen(isRequestFor("Message_Delete"), { kind: "resetAfterForward" }, 1)
 */
export function faultWhen(when: (request: ProxiedRequest) => boolean, fault: Fault, times = Number.POSITIVE_INFINITY): FaultSchedule {
  let left = times;
  return (request) => {
    if (left <= 0 || !when(request)) return { kind: "none" };
    left--;
    return fault;
  };
}

/** Operations a fault test aims at, recognised on the wire. */
export type TargetOperation = "Messages_Put" | "Messages_Get" | "Messages_Peek" | "Message_Update" | "Message_Delete";

/**
 * Recognises an operation's requests by method, path and query.
 *
 * @example
 * isRequestFor("Messages_Peek")({ method: "GET", url: "/devstoreaccount1/q/messages?peekonly=true", index: 0 }); // true
 */
export function isRequestFor(operation: TargetOperation): (request: ProxiedRequest) => boolean {
  return ({ method, url }) => {
    const [path = "", query = ""] = url.split("?");
    const onMessages = /\/messages$/.test(path);
    const onMessage = /\/messages\/[^/]+$/.test(path);
    const peek = /(?:^|&)peekonly=true(?:&|$)/.test(query);
    switch (operation) {
      case "Messages_Put":
        return method === "POST" && onMessages;
      case "Messages_Get":
        return method === "GET" && onMessages && !peek;
      case "Messages_Peek":
        return method === "GET" && onMessages && peek;
      case "Message_Update":
        return method === "PUT" && onMessage;
      case "Message_Delete":
        return method === "DELETE" && onMessage;
    }
  };
}

function faultOf(kind: FaultKind, parameter: number, maxDelayMs: number): Fault {
  switch (kind) {
    case "garbageXml":
      return { kind, variant: Math.floor(parameter * GARBAGE.length) };
    case "truncateBody":
      return { kind, fraction: 0.1 + parameter * 0.8 };
    case "delay":
      return { kind, ms: Math.floor(parameter * maxDelayMs) };
    default:
      return { kind };
  }
}

/**
 * Mulberry32: a tiny, well-mixed 32-bit PRNG, enough to make a schedule repeatable.
 *
 * @example
 * const random = mulberry32(1); random(); // 0.6270739405881613, every time
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bodies that are not the document asked for. */
export const GARBAGE: readonly string[] = [
  '<?xml version="1.0" encoding="utf-8"?><QueueMessagesList><QueueMessage><MessageId>',
  '<?xml version="1.0" encoding="utf-8"?><Unexpected><Thing/></Unexpected>',
  "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
  "\u0000\u0001\u00ff garbage <<< &&& ]]>",
  '{"not":"xml"}',
];

function garbageBody(variant: number): Buffer {
  return Buffer.from(GARBAGE[variant % GARBAGE.length]!);
}

function storageError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function send(response: ServerResponse, answer: ForwardedResponse | ReplacedResponse): void {
  if (response.destroyed) return;
  const body = typeof answer.body === "string" ? Buffer.from(answer.body) : Buffer.from(answer.body);
  const headers: string[] = [];
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    if (!HOP_BY_HOP.has(name) && name !== "content-length") headers.push(name, value);
  }
  response.writeHead(answer.status, [...headers, "content-length", String(body.length)]);
  response.end(body);
}

/** A TCP reset where the socket allows one; TLS sockets can only be closed abruptly. */
function reset(socket: Socket): void {
  if (socket instanceof TLSSocket) socket.destroy();
  else socket.resetAndDestroy();
}

/** The path and query of an absolute-form request target; an origin-form one as it is. */
function originFormOf(target: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
}

function rawResponse(answer: ForwardedResponse): Buffer {
  let head = `HTTP/1.1 ${answer.status} Status\r\n`;
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!HOP_BY_HOP.has(name) && name !== "content-length") head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${answer.body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), answer.body]);
}
