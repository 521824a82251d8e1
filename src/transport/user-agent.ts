/** The `User-Agent` azqueue sends: product, version, and the runtime where one can tell. */

/** azqueue's own version, kept equal to package.json's by a test (package.json is outside the emitted tree). */
export const AZQUEUE_VERSION = "0.1.0";

/**
 * `azqueue/<version> (Node <version>; <platform>)` in Node (and runtimes that mimic its `process`), plain
 * `azqueue/<version>` elsewhere; an application's own product token goes first when given.
 *
 * @example
 * defaultUserAgent("orders-worker/2.1"); // "orders-worker/2.1 azqueue/0.1.0 (Node 20.20.2; linux)"
 */
export function defaultUserAgent(applicationPrefix?: string): string {
  const proc = (globalThis as { process?: { versions?: { node?: string }; platform?: string } }).process;
  const nodeVersion = proc?.versions?.node;
  const runtime = nodeVersion ? ` (Node ${nodeVersion}; ${proc?.platform ?? "unknown"})` : "";
  const own = `azqueue/${AZQUEUE_VERSION}${runtime}`;
  return applicationPrefix ? `${applicationPrefix} ${own}` : own;
}
