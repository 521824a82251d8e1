/**
 * The HTTP sender for browsers and edge runtimes: `fetch`. Chosen by package.json `imports` (`#platform/http`);
 * same exports as `http.node.ts`.
 */
import { ValidationError } from "../errors.js";
import { createFetchSender } from "./fetch-sender.js";
import type { HttpSenderOptions, PlatformSender } from "./sender.js";

export type { HttpSenderOptions, PlatformSender } from "./sender.js";

/**
 * Creates a sender over `options.fetch ?? globalThis.fetch`. The runtime owns TLS and proxies here: `tls` and
 * `proxy`, and `setProxy`, are refused with a `ValidationError` rather than silently ignored (a certificate the
 * caller meant to trust would otherwise fail later with an opaque network error).
 *
 * @example
 * const sender = createHttpSender();
 * const response = await sender.send({ method: "GET", url: `${accountUrl}?comp=list&${sas}`, headers: {} });
 */
export function createHttpSender(options: HttpSenderOptions = {}): PlatformSender {
  if (options.tls || options.proxy) {
    throw new ValidationError("httpOptions", "The tls and proxy options are supported in Node only; in browsers and edge runtimes the runtime manages them.");
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new ValidationError("httpOptions", "This runtime has no global fetch; pass one as the fetch option.");
  }
  return { ...createFetchSender(fetchImpl), setProxy: refuseProxy };
}

function refuseProxy(): never {
  throw new ValidationError("proxy", "setProxy is supported in Node only; in browsers and edge runtimes the runtime manages proxies.");
}
