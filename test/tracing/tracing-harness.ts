/**
 * What the tracing tests share: a real OpenTelemetry SDK registered globally (the way an application registers
 * one), recording into memory, with the AsyncLocalStorage context manager so that parent and child spans can be
 * checked; and look-ups over the recorded spans.
 */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** A registered SDK; `stop()` unregisters it, as an application's shutdown would. */
export interface RegisteredTracing {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  /** The spans ended so far. */
  spans(): ReadableSpan[];
  stop(): Promise<void>;
}

/** Registers a tracer provider and a context manager with `@opentelemetry/api`'s globals. */
export function registerTracing(): RegisteredTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(contextManager)) throw new Error("a context manager was registered already");
  if (!trace.setGlobalTracerProvider(provider)) throw new Error("a tracer provider was registered already");
  return {
    exporter,
    provider,
    spans: () => exporter.getFinishedSpans(),
    stop: async () => {
      trace.disable();
      context.disable();
      await provider.shutdown();
    },
  };
}

/** The ended spans named `name`. */
export function spansNamed(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

/** The one ended span named `name` whose `attribute` is `value` (fails if there is not exactly one). */
export function onlySpan(spans: readonly ReadableSpan[], name: string, match: (span: ReadableSpan) => boolean = () => true): ReadableSpan {
  const found = spansNamed(spans, name).filter(match);
  if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}: ${spans.map((span) => span.name).join(", ")}`);
  return found[0]!;
}

/** Whether `child`'s parent is `parent`. */
export function isChildOf(child: ReadableSpan, parent: ReadableSpan): boolean {
  const { traceId, spanId } = parent.spanContext();
  return child.parentSpanContext?.spanId === spanId && child.spanContext().traceId === traceId;
}

/** Every string a span holds where a secret could hide: attributes, events and their attributes, status. */
export function spanText(span: ReadableSpan): string {
  return JSON.stringify([span.name, span.attributes, span.events.map((event) => [event.name, event.attributes]), span.status]);
}
