/**
 * What `createHttpSender` (`#platform/http`) takes and returns, the same types on every platform: the transport's
 * `HttpSender`, able to change its proxy where the platform lets it, and the TLS and proxy settings that configure it.
 */
import type { HttpSender } from "../transport/types.js";

/** The transport's sender as a platform makes it: one per client, owning its connections. */
export interface PlatformSender extends HttpSender {
  /**
   * Sends later requests through `proxy`, or, given `undefined`, as a new sender would: through the proxy the
   * environment names (Node: HTTP_PROXY / HTTPS_PROXY / NO_PROXY), else directly. Requests already under way finish
   * on their old connections, which are then closed.
   * Throws `ValidationError` for a malformed proxy, and where the sender cannot route through one (browsers, edge
   * runtimes, a caller's `fetch`).
   */
  setProxy?(proxy: ProxyOptions | undefined): void;
}

/**
 * TLS settings for Node, e.g. to trust an emulator's self-signed certificate or to present a client certificate.
 * Certificates and keys are PEM text or bytes. Browsers and edge runtimes own TLS themselves, so giving this there is
 * a `ValidationError`.
 *
 * @example
 * import { readFileSync } from "node:fs";
 * const qs = new QueueService({
 *   endpoint: "https://127.0.0.1:10001/devstoreaccount1",
 *   isEmulated: true,
 *   tls: { ca: readFileSync("azurite-cert.pem") },
 * });
 */
export interface TlsOptions {
  /** Certificate authorities to trust instead of the platform's list. */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** `false` accepts any certificate: for local experiments only. Default `true`. */
  readonly rejectUnauthorized?: boolean;
  /** Client certificate and its key, for servers that ask for one. */
  readonly cert?: string | Uint8Array;
  /** The private key of `cert`. */
  readonly key?: string | Uint8Array;
}

/**
 * An HTTP proxy every request goes through (Node). https targets are tunnelled with CONNECT; http targets are sent
 * to the proxy in absolute form. A 407 from the proxy is an `AzureHttpError` with `statusCode` 407, not retried.
 * Without one, Node's sender follows HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the environment.
 *
 * @example
 * const client = createQueueClient({
 *   connectionString,
 *   proxy: { host: "proxy.internal", port: 3128, username: "svc", password: process.env.PROXY_PASSWORD },
 * });
 */
export interface ProxyOptions {
  /** Host name or IP address only: no scheme, port or path. */
  readonly host: string;
  /** An integer from 1 to 65535. */
  readonly port: number;
  /** `"http"` (default) or `"https"`: how the client talks to the proxy itself. */
  readonly protocol?: "http" | "https";
  /** Basic authentication with the proxy; the username cannot contain ":". Never shown in errors or logs. */
  readonly username?: string;
  /** The password for `username`; never shown in errors, logs or `util.inspect` output. */
  readonly password?: string;
}

/** Options of `createHttpSender`, the same type on every platform. */
export interface HttpSenderOptions {
  /**
   * A `fetch` to send with instead of the platform's sender (Node: instead of undici's pool; elsewhere: instead of
   * `globalThis.fetch`). Response header names then come back lower-case.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** Node only; elsewhere the runtime owns TLS and giving this is an error. */
  readonly tls?: TlsOptions;
  /** Node only; elsewhere the runtime owns proxies and giving this is an error. */
  readonly proxy?: ProxyOptions;
}
