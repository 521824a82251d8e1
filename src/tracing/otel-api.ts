/**
 * The one way to `@opentelemetry/api`: imported once, when the first span is about to be made, never while no tracer
 * provider is registered (registration.ts). If the package is missing, tracing stays off, silently and for good: the
 * failed import is remembered, so no call pays for trying again.
 */
import type * as OtelApiModule from "@opentelemetry/api";

/** The API's exports, as the dynamic import resolves to them. */
export type OtelApi = typeof OtelApiModule;

// In a variable so that bundlers neither bundle the package nor fail to build when it is not installed: it is an
// optional peer dependency. Node resolves it at run time from azqueue's place in node_modules; a browser bundle
// cannot, so there tracing stays off (the README says so).
const OTEL_API_PACKAGE = "@opentelemetry/api";

let loading: Promise<OtelApi | undefined> | undefined;
let loaded: OtelApi | undefined;

/**
 * The API module, or undefined when it cannot be imported; imported on the first call only.
 *
 * @example
 * const api = await loadOtelApi();
 * api?.trace.getTracer("azqueue");
 */
export function loadOtelApi(): Promise<OtelApi | undefined> {
  loading ??= (import(/* webpackIgnore: true */ /* @vite-ignore */ OTEL_API_PACKAGE) as Promise<OtelApi>).then(
    (api) => (loaded = api),
    () => undefined,
  );
  return loading;
}

/**
 * The API module if an earlier `loadOtelApi()` has finished importing it; otherwise starts the import (for the next
 * call) and returns undefined. For code that must decide synchronously, such as the worker starting a message: its
 * receive call was traced first, and so had the API loaded.
 *
 * @example
 * const api = loadedOtelApi();
 */
export function loadedOtelApi(): OtelApi | undefined {
  if (loaded === undefined) void loadOtelApi();
  return loaded;
}
