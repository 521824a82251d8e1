/**
 * The Node HTTP sender: undici keep-alive pools driven through `dispatch`, the one undici API that hands over the
 * server's header names byte for byte (metadata names keep their case) without building a stream per response.
 * Chosen by package.json `imports` (`#platform/http`); `http.browser.ts` offers the same exports elsewhere.
 */
import { Buffer } from "node:buffer";
import type { ConnectionOptions } from "node:tls";
import { Pool, type Dispatcher, type PoolOptions } from "./undici.node.js";
import { AzureException, AzureHttpError, NetworkError, ValidationError } from "../errors.js";
import { createFetchSender } from "./fetch-sender.js";
import { abortedError, attemptTimeoutError, networkError, urlWithoutQuery } from "../transport/send-errors.js";
import type { WireRequest, WireResponse } from "../transport/types.js";
import type { HttpSenderOptions, PlatformSender, ProxyOptions, TlsOptions } from "./sender.js";
import {
  createEnvironmentProxyRoute,
  createProxyRoute,
  isProxyAuthenticationRefusal,
  mentionsSecret,
  type PoolSettings,
} from "./proxy.node.js";

export type { HttpSenderOptions, PlatformSender } from "./sender.js";

/**
 * Idle keep-alive sockets are dropped after 4 s. Servers close idle connections too (Node's http server, and so
 * Azurite, after 5 s, announced as `Keep-Alive: timeout=5`); a request written to a socket the server is closing at
 * that moment fails with a reset. Dropping ours first means a stale socket is never picked for a fresh request.
 * undici also honours a server's shorter `Keep-Alive: timeout` hint, less its 2 s threshold.
 */
const KEEP_ALIVE_TIMEOUT_MS = 4_000;

/**
 * Creates the Node sender: one keep-alive undici `Pool` per origin, made on first use. With `options.proxy` every
 * request goes through that proxy (undici's `ProxyAgent`); without it, HTTP_PROXY / HTTPS_PROXY / NO_PROXY are
 * honoured when HTTP_PROXY or HTTPS_PROXY is set (read now; see `createEnvironmentProxyRoute`), and the direct
 * pools serve otherwise. `setProxy` changes the route of a live sender. With `options.fetch` it sends through that
 * `fetch` instead (see `createFetchSender`), and proxies are the fetch's business.
 *
 * @throws ValidationError for a malformed proxy (`proxy.host`, `proxy.port`, ...) or proxy environment variable.
 * @example
 * const sender = createHttpSender({ tls: { ca: readFileSync("azurite-cert.pem") } });
 * const response = await sender.send({ method: "GET", url: `${accountUrl}?comp=list`, headers: {} });
 * sender.setProxy?.({ host: "proxy.internal", port: 3128, username: "svc", password: secret });
 * await sender.close();
 */
export function createHttpSender(options: HttpSenderOptions = {}): PlatformSender {
  if (options.fetch) {
    if (options.tls || options.proxy) {
      throw new ValidationError("httpOptions", "The tls and proxy options apply to the built-in sender only; configure them on the fetch you pass instead.");
    }
    return { ...createFetchSender(options.fetch), setProxy: refuseProxyWithFetch };
  }
  const tls = tlsConnectOptions(options.tls);
  const settings: PoolSettings = { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, tls };
  const poolOptions: PoolOptions = { keepAliveTimeout: settings.keepAliveTimeout, ...(tls && { connect: tls }) };
  const routeFor = (proxy: ProxyOptions | undefined) => (proxy ? createProxyRoute(proxy, settings) : createEnvironmentProxyRoute(settings));
  let route = routeFor(options.proxy);
  const pools = new Map<string, Dispatcher>();
  // Dispatchers replaced by setProxy, closing once their requests are done; close() waits for them.
  const retiring = new Set<Promise<unknown>>();
  let closed = false;

  const retire = (dispatchers: Dispatcher[]) => {
    const done = Promise.allSettled(dispatchers.map((dispatcher) => dispatcher.close()));
    retiring.add(done);
    void done.then(() => retiring.delete(done));
  };
  const retireCurrent = () => {
    retire(route ? [route.dispatcher] : [...pools.values()]);
    pools.clear();
  };
  const poolFor = (origin: string): Dispatcher => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, poolOptions);
      pools.set(origin, pool);
    }
    return pool;
  };

  return {
    send(request) {
      if (closed) return Promise.reject(new AzureException("The HTTP sender is closed"));
      const split = splitUrl(request.url);
      if (!split) return Promise.reject(new ValidationError("url", `Not an absolute http(s) URL: ${request.method} request`));
      if (route) return dispatchRequest(route.dispatcher, split.origin, split.path, request, route.secrets);
      return dispatchRequest(poolFor(split.origin), split.origin, split.path, request, NO_SECRETS);
    },
    setProxy(proxy) {
      if (closed) throw new AzureException("The HTTP sender is closed");
      // Built first: a rejected proxy leaves the sender as it was.
      const next = routeFor(proxy);
      retireCurrent();
      route = next;
    },
    async close() {
      if (!closed) {
        closed = true;
        retireCurrent();
      }
      await Promise.all(retiring);
    },
  };
}

const NO_SECRETS: readonly string[] = [];

function refuseProxyWithFetch(): never {
  throw new ValidationError("proxy", "setProxy applies to the built-in sender only; configure the proxy on the fetch you pass instead.");
}

function dispatchRequest(
  dispatcher: Dispatcher,
  origin: string,
  path: string,
  request: WireRequest,
  secrets: readonly string[],
): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    if (request.signal?.aborted) return reject(abortedError(request));
    const attempt = new Attempt(request, secrets, resolve, reject);
    try {
      dispatcher.dispatch({ origin, path, method: request.method, headers: requestHeaders(request), body: request.body ?? null }, attempt);
    } catch (error) {
      // undici checks some arguments synchronously (ProxyAgent refuses a caller's Proxy-Authorization header).
      attempt.onError(error as Error);
    }
  });
}

/** The callbacks of undici's dispatch handler that its HTTP/1.1 and HTTP/2 clients call directly. */
type LegacyDispatchHandler = Required<Pick<Dispatcher.DispatchHandler, "onConnect" | "onHeaders" | "onData" | "onComplete" | "onError">>;

/**
 * One attempt on the wire: undici's handler, the abort signal's listener and the timeout's target in one object,
 * so an attempt allocates no closures.
 *
 * undici 7's connections speak these callbacks natively; its newer onRequestStart/onResponseStart family goes
 * through an adapter that also parses every header (and trailer) into an object this sender never reads, on every
 * response. The raw header list is all it needs.
 */
class Attempt implements LegacyDispatchHandler {
  #settled = false;
  #abortAttempt: ((error: Error) => void) | undefined;
  #abandonedWith: Error | undefined;
  #status = 0;
  #headers: Record<string, string> = EMPTY_HEADERS;
  #rawHeaderNames: string[] = [];
  #chunks: Buffer[] = [];
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly request: WireRequest;
  readonly #secrets: readonly string[];
  readonly #resolve: (response: WireResponse) => void;
  readonly #reject: (error: Error) => void;

  constructor(request: WireRequest, secrets: readonly string[], resolve: (response: WireResponse) => void, reject: (error: Error) => void) {
    this.request = request;
    this.#secrets = secrets;
    this.#resolve = resolve;
    this.#reject = reject;
    request.signal?.addEventListener("abort", this, { once: true });
    this.#timer = request.attemptTimeoutMs ? setTimeout(onAttemptTimeout, request.attemptTimeoutMs, this) : undefined;
  }

  /** The signal's abort event. */
  handleEvent(): void {
    this.abandon(abortedError(this.request));
  }

  // Abort and timeout settle the call at once; the socket is destroyed as soon as undici has started the request
  // (a request still queued in the pool is cancelled when it reaches a socket). undici 7 then opens one spare
  // connection for the aborted request and leaves it idle in the pool (nodejs/undici#5845): the next request
  // reuses it, and close() releases it.
  abandon(error: Error): void {
    if (!this.#finish()) return;
    this.#abandonedWith = error;
    this.#abortAttempt?.(error);
    this.#reject(error);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.#abortAttempt = abort;
    if (this.#abandonedWith) abort(this.#abandonedWith);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.#status = statusCode;
    ({ headers: this.#headers, rawHeaderNames: this.#rawHeaderNames } = readRawHeaders(rawHeaders));
    this.#chunks = [];
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (!this.#finish()) return;
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    this.#resolve({ status: this.#status, headers: this.#headers, rawHeaderNames: this.#rawHeaderNames, body });
  }

  onError(error: Error): void {
    if (!this.#finish()) return;
    this.#reject(mapUndiciError(this.request, error, this.#secrets));
  }

  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.request.signal?.removeEventListener("abort", this);
    return true;
  }
}

const EMPTY_HEADERS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

function onAttemptTimeout(attempt: Attempt): void {
  attempt.abandon(attemptTimeoutError(attempt.request));
}

// Content-Length is the sender's: the exact byte count of the one buffer sent. PUT and POST without a body still
// say 0, which the service requires. A flat name/value list: undici reads it without building entries.
function requestHeaders(request: WireRequest): string[] {
  const result: string[] = [];
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (lower !== "content-length" && lower !== "host") result.push(name, request.headers[name]!);
  }
  if (request.body) result.push("content-length", String(request.body.byteLength));
  else if (request.method === "PUT" || request.method === "POST") result.push("content-length", "0");
  return result;
}

function readRawHeaders(raw: readonly Buffer[] | null | undefined): { headers: Record<string, string>; rawHeaderNames: string[] } {
  // A null-prototype object: a server-sent header named "__proto__" or "constructor" stays plain data.
  const headers: Record<string, string> = Object.create(null);
  const rawHeaderNames: string[] = [];
  if (!Array.isArray(raw)) return { headers, rawHeaderNames };
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1");
    const value = raw[i + 1]!.toString("latin1");
    const lower = name.toLowerCase();
    rawHeaderNames.push(name);
    headers[lower] = lower in headers ? `${headers[lower]}, ${value}` : value;
  }
  return { headers, rawHeaderNames };
}

function mapUndiciError(request: WireRequest, error: Error, secrets: readonly string[]): Error {
  // The proxy's 407 is final (retrying would only repeat the refused credentials), and the service never saw the
  // request: an AzureHttpError with that status and no error code or request id, for http and https targets alike.
  if (isProxyAuthenticationRefusal(error)) {
    return AzureHttpError.from({
      statusCode: 407,
      operationId: request.operationId,
      serviceMessage: "Proxy Authentication Required: the proxy refused the proxy credentials",
    });
  }
  if (mentionsSecret(error, secrets)) {
    return new NetworkError(`${request.method} ${urlWithoutQuery(request.url)} failed: ${error.name} (details withheld: they repeat the proxy credentials)`);
  }
  switch ((error as { code?: unknown }).code) {
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return attemptTimeoutError(request);
    case "UND_ERR_INVALID_ARG":
      // undici names the offending header but never repeats its value.
      return new ValidationError("request", `${request.method} request refused before sending: ${error.message}`, { cause: error });
    case "UND_ERR_CLOSED":
    case "UND_ERR_DESTROYED":
      return new AzureException("The HTTP sender is closed", { cause: error });
    default:
      return networkError(request, error);
  }
}

// The origin of the last URL split: a client sends to one or two.
let lastOrigin = "";

/** Splits an absolute URL into undici's origin and request target without re-encoding the signed path. */
function splitUrl(url: string): { origin: string; path: string } | undefined {
  if (lastOrigin !== "" && url.startsWith(lastOrigin) && url.charCodeAt(lastOrigin.length) === 0x2f && !url.includes("#")) {
    return { origin: lastOrigin, path: url.slice(lastOrigin.length) };
  }
  const match = /^(https?:\/\/[^/?#]+)([^#]*)/i.exec(url);
  if (!match) return undefined;
  const rest = match[2]!;
  lastOrigin = match[1]!;
  return { origin: match[1]!, path: rest === "" ? "/" : rest.startsWith("/") ? rest : `/${rest}` };
}

function tlsConnectOptions(tls: TlsOptions | undefined): ConnectionOptions | undefined {
  if (!tls) return undefined;
  const ca = tls.ca === undefined ? undefined : Array.isArray(tls.ca) ? tls.ca.map(toPem) : toPem(tls.ca as string | Uint8Array);
  return {
    ...(ca !== undefined && { ca }),
    ...(tls.rejectUnauthorized !== undefined && { rejectUnauthorized: tls.rejectUnauthorized }),
    ...(tls.cert !== undefined && { cert: toPem(tls.cert) }),
    ...(tls.key !== undefined && { key: toPem(tls.key) }),
  };
}

function toPem(value: string | Uint8Array): string | Buffer {
  return typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
