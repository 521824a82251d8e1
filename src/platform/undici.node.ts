/**
 * The three undici classes the Node sender uses, loaded from their own files. undici's entry point also loads
 * fetch, WebSocket, EventSource, the cache and the mocks, which roughly triples what importing azqueue costs a fresh
 * process (about 60 ms more before the first request); these files load only the HTTP/1.1 client underneath.
 * undici publishes no `exports` map, so the paths are reachable; a test checks that they are still the very classes
 * undici's entry point exports, so an upgrade that moves them fails loudly.
 */
import { createRequire } from "node:module";
import type * as Undici from "undici";

const require = createRequire(import.meta.url);

export const Pool = require("undici/lib/dispatcher/pool.js") as typeof Undici.Pool;
export const ProxyAgent = require("undici/lib/dispatcher/proxy-agent.js") as typeof Undici.ProxyAgent;
export const EnvHttpProxyAgent = require("undici/lib/dispatcher/env-http-proxy-agent.js") as typeof Undici.EnvHttpProxyAgent;
export type { Dispatcher } from "undici";
export type PoolOptions = Undici.Pool.Options;
export type ProxyAgentOptions = Undici.ProxyAgent.Options;
