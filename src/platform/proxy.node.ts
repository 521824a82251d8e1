/**
 * Proxies for the Node sender, all through undici's ProxyAgent: an explicit proxy (`ProxyOptions`), or else the
 * environment's HTTP_PROXY / HTTPS_PROXY / NO_PROXY. https targets are tunnelled with CONNECT; http targets are sent
 * in absolute form (`GET http://host/path`), as curl and the reference client do, since proxies commonly allow
 * CONNECT to port 443 only.
 *
 * Proxy credentials never reach an error: undici is given a ready `Proxy-Authorization` value and a URI without
 * them, and each route lists its secrets so the sender can withhold any undici error text that repeats one.
 */
import { Buffer } from "node:buffer";
import { isIPv6 } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { EnvHttpProxyAgent, Pool, ProxyAgent, type Dispatcher, type ProxyAgentOptions } from "./undici.node.js";
import { ValidationError } from "../errors.js";
import type { ProxyOptions } from "./sender.js";

/** What every pool the sender makes shares, direct or behind a proxy. */
export interface PoolSettings {
  readonly keepAliveTimeout: number;
  /** TLS towards the storage endpoint (tunnelled when proxied); not towards the proxy itself. */
  readonly tls: ConnectionOptions | undefined;
}

/** A dispatcher that sends through a proxy, with the text no error about it may repeat. */
export interface ProxyRoute {
  readonly dispatcher: Dispatcher;
  readonly secrets: readonly string[];
}

const HOST_NAME = /^[A-Za-z0-9._~-]+$/;

/**
 * Checks a proxy before anything is built from it. Messages never repeat the credentials.
 *
 * @throws ValidationError naming the broken rule (`proxy.host`, `proxy.port`, `proxy.protocol`, `proxy.credentials`).
 * @example
 * assertProxyOptions({ host: "proxy.internal", port: 3128 });
 */
export function assertProxyOptions(proxy: ProxyOptions): void {
  const { host, port, protocol, username, password } = proxy;
  if (typeof host !== "string" || host === "") {
    throw new ValidationError("proxy.host", "The proxy host must be a non-empty host name or IP address.");
  }
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!(isIPv6(bare) || (bare === host && HOST_NAME.test(host)))) {
    throw new ValidationError(
      "proxy.host",
      "The proxy host must be a bare host name or IP address: no scheme, port, path or credentials (give the port separately).",
    );
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ValidationError("proxy.port", "The proxy port must be an integer from 1 to 65535.");
  }
  if (protocol !== undefined && protocol !== "http" && protocol !== "https") {
    throw new ValidationError("proxy.protocol", 'The proxy protocol must be "http" or "https".');
  }
  if (username === undefined) {
    if (password !== undefined) throw new ValidationError("proxy.credentials", "A proxy password needs a username.");
    return;
  }
  // RFC 7617: the user-id of Basic authentication cannot contain a colon; neither part may hold control characters.
  if (typeof username !== "string" || username.includes(":") || hasControlCharacter(username)) {
    throw new ValidationError("proxy.credentials", "The proxy username must be text without colons or control characters.");
  }
  if (password !== undefined && (typeof password !== "string" || hasControlCharacter(password))) {
    throw new ValidationError("proxy.credentials", "The proxy password must be text without control characters.");
  }
}

/**
 * A route through one explicit proxy, with Basic authentication when a username is given.
 *
 * @throws ValidationError for a malformed proxy (see `assertProxyOptions`).
 * @example
 * const route = createProxyRoute({ host: "127.0.0.1", port: 3128, username: "u", password: "p" }, settings);
 */
export function createProxyRoute(proxy: ProxyOptions, settings: PoolSettings): ProxyRoute {
  assertProxyOptions(proxy);
  const host = isIPv6(proxy.host) ? `[${proxy.host}]` : proxy.host;
  const credentials = proxy.username === undefined ? undefined : Buffer.from(`${proxy.username}:${proxy.password ?? ""}`).toString("base64");
  const dispatcher = new ProxyAgent({
    uri: `${proxy.protocol ?? "http"}://${host}:${proxy.port}`,
    ...(credentials !== undefined && { token: `Basic ${credentials}` }),
    ...agentOptions(settings),
  });
  return { dispatcher, secrets: secretsOf(proxy.password, credentials) };
}

/**
 * The environment's proxies, read now (as undici reads them, lower-case names first), or undefined when neither
 * HTTP_PROXY nor HTTPS_PROXY is set: the sender then keeps its direct pools. HTTPS_PROXY serves https targets and
 * falls back to HTTP_PROXY; NO_PROXY (host names, domain suffixes, `host:port`, `*`) is read by undici on every
 * request, so it may change later.
 *
 * @throws ValidationError when a variable does not hold a usable proxy URL; the message never repeats the value.
 * @example
 * const route = createEnvironmentProxyRoute(settings); // undefined without HTTP_PROXY / HTTPS_PROXY
 */
export function createEnvironmentProxyRoute(settings: PoolSettings, env: NodeJS.ProcessEnv = process.env): ProxyRoute | undefined {
  const http = readProxyVariable(env, "http_proxy", "HTTP_PROXY");
  const https = readProxyVariable(env, "https_proxy", "HTTPS_PROXY");
  if (!http && !https) return undefined;
  try {
    const dispatcher = new EnvHttpProxyAgent({
      ...(http && { httpProxy: http.url.href }),
      ...(https && { httpsProxy: https.url.href }),
      ...agentOptions(settings),
    });
    return { dispatcher, secrets: [...secretsOfUrl(http?.url), ...secretsOfUrl(https?.url)] };
  } catch (error) {
    // undici's message may quote the URL, credentials included.
    throw new ValidationError("proxy.environment", `HTTP_PROXY / HTTPS_PROXY name a proxy undici cannot use (${nameOf(error)}).`);
  }
}

/**
 * A 407 from the proxy, which undici reports as an error, not a response: "Proxy response (407) !== 200 when HTTP
 * Tunneling" when a CONNECT is refused, "Proxy Authentication Required (407)" for a request in absolute form
 * (lib/dispatcher/proxy-agent.js); test/platform/proxy.test.ts pins both texts.
 *
 * @example
 * if (isProxyAuthenticationRefusal(error)) throw AzureHttpError.from({ statusCode: 407 });
 */
export function isProxyAuthenticationRefusal(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    (code === "UND_ERR_ABORTED" && error.message === "Proxy response (407) !== 200 when HTTP Tunneling") ||
    (code === "UND_ERR_INVALID_ARG" && error.message === "Proxy Authentication Required (407)")
  );
}

/**
 * Whether an error, its stack or its causes repeat one of the secrets.
 *
 * @example
 * mentionsSecret(new Error("user:hunter2@proxy"), ["hunter2"]); // true
 */
export function mentionsSecret(error: unknown, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const text = current instanceof Error ? `${current.message} ${current.stack ?? ""}` : String(current);
    if (secrets.some((secret) => text.includes(secret))) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

function agentOptions(settings: PoolSettings): Omit<ProxyAgentOptions, "uri"> {
  const { keepAliveTimeout, tls } = settings;
  return {
    keepAliveTimeout,
    // Without this, undici tunnels http targets too.
    proxyTunnel: false,
    // undici builds the pools to the proxy (absolute form) and to tunnelled origins with only its own options;
    // ours keep the sender's keep-alive there too. undici's `connect` comes last and wins.
    factory: (origin, options) => new Pool(origin, { keepAliveTimeout, ...options }),
    // `connect` serves the direct pools of an environment route (NO_PROXY hosts), `requestTls` tunnelled targets.
    ...(tls && { connect: tls, requestTls: tls }),
  };
}

function readProxyVariable(env: NodeJS.ProcessEnv, lower: string, upper: string): { url: URL } | undefined {
  const value = env[lower] ?? env[upper];
  if (!value) return undefined;
  // curl and most tools take "host:port" without a scheme as an http proxy.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  if (!URL.canParse(text)) throw new ValidationError("proxy.environment", `${upper} does not hold a proxy URL.`);
  return { url: new URL(text) };
}

function secretsOfUrl(url: URL | undefined): string[] {
  if (!url?.password) return [];
  const username = safeDecode(url.username);
  const password = safeDecode(url.password);
  return secretsOf(password, Buffer.from(`${username}:${password}`).toString("base64")).concat(url.password);
}

function secretsOf(password: string | undefined, credentials: string | undefined): string[] {
  return [password, credentials].filter((secret): secret is string => secret !== undefined && secret !== "");
}

function hasControlCharacter(text: string): boolean {
  return /\p{Cc}/u.test(text);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
