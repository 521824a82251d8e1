/**
 * Whether anyone traces, answered without loading anything: the only tracing code a program that does not trace
 * carries and runs. Every facade call asks it once; while it says no, nothing else of tracing is imported, and
 * `@opentelemetry/api` (an optional peer dependency) never is.
 */
import type * as ClientSpanModule from "./client-span.js";
import type { TracedCall } from "./client-span.js";
import { AZQUEUE_VERSION } from "../transport/user-agent.js";
import { lazyModule } from "../lazy-module.js";

// @opentelemetry/api 1.x keeps its global registrations in one object under this key (`opentelemetry.js.api.<major>`
// in its internal/global-utils), shared by every copy of the 1.x API loaded in the process. Its `trace` entry is set
// by `trace.setGlobalTracerProvider` (an SDK's `register()`) and removed by `trace.disable()`: without it, the API
// would hand out no-op tracers, so there is nothing to record and nothing worth loading.
const OTEL_API_GLOBAL: unique symbol = Symbol.for("opentelemetry.js.api.1") as never;

/**
 * True while a tracer provider is registered with `@opentelemetry/api`: one property read, no import.
 *
 * @example
 * if (tracerProviderRegistered()) console.log("azqueue records spans");
 */
export function tracerProviderRegistered(): boolean {
  return (globalThis as { [OTEL_API_GLOBAL]?: { trace?: unknown } })[OTEL_API_GLOBAL]?.trace !== undefined;
}

const loadClientSpans: () => Promise<typeof ClientSpanModule> = lazyModule(() => import("./client-span.js"));

/**
 * The call inside a client span; the span code is a chunk of its own, imported on the first traced call. If that
 * chunk cannot be fetched, calls go untraced: tracing never fails a call.
 *
 * @example
 * const result = await sendTraced(connection, operations.Messages_Clear, "jobs", options, undefined, (withSpan) => send(withSpan));
 */
export function sendTraced<R>(...args: Parameters<TracedCall<R>>): Promise<R> {
  return loadClientSpans().then(
    ({ traceCall }) => traceCall(AZQUEUE_VERSION, ...args),
    () => args[5](args[3]),
  );
}
