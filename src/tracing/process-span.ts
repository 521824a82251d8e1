/**
 * The consumer span of one message the lease worker processes: `process <queue>`, kind CONSUMER, from receipt until
 * the message is settled. The handler, the lease's renewals and the settling calls run with it active, so the
 * user's own spans and the worker's update and delete client spans are its children; each renewal is also a span
 * event on it, so a trace shows how long the handler held its lease without opening the client spans.
 */
import type { Span } from "@opentelemetry/api";
import {
  ATTR_AZ_NAMESPACE,
  ATTR_DEQUEUE_COUNT,
  ATTR_DESTINATION_NAME,
  ATTR_ERROR_TYPE,
  ATTR_MESSAGE_ID,
  ATTR_MESSAGING_SYSTEM,
  ATTR_OPERATION_NAME,
  ATTR_OPERATION_TYPE,
  AZ_NAMESPACE,
  MESSAGING_SYSTEM,
  errorDescription,
  errorType,
} from "./attributes.js";
import { loadedOtelApi, type OtelApi } from "./otel-api.js";

/**
 * What the worker's spans need from the always-loaded side (registration.ts, the package version), handed in by
 * start-worker.ts: the worker's chunk must import nothing a program loads up front, or bundlers split that into a
 * chunk of its own which every program then fetches.
 */
export interface WorkerTracing {
  readonly tracerProviderRegistered: () => boolean;
  readonly version: string;
}

/** The name of the span event each successful renewal adds. */
export const LEASE_RENEWED_EVENT = "azqueue.lease.renewed";

/** One message's span, as the worker drives it. */
export interface ProcessSpan {
  /** Runs `work` with this span active: what it starts, timers included, is traced as its child. */
  run<R>(work: () => R): R;
  /** Records a renewal of the message's lease. */
  renewed(): void;
  /** Marks the processing failed; the last failure given is the one the span keeps. */
  fail(error: unknown): void;
  /** Ends the span; later calls change nothing. */
  end(): void;
}

/**
 * A started span for `message`, or undefined when nothing traces (no tracer provider, or the API not loaded: the
 * worker's receive call, traced first, loads it, so only messages received in the instant a provider was being
 * registered go untraced).
 *
 * @example
 * const span = startProcessSpan({ tracerProviderRegistered, version: AZQUEUE_VERSION }, "jobs", message);
 * await (span ? span.run(() => handle(message)) : handle(message));
 * span?.end();
 */
export function startProcessSpan(
  tracing: WorkerTracing,
  queueName: string,
  message: { readonly id: string; readonly dequeueCount: number },
): ProcessSpan | undefined {
  if (!tracing.tracerProviderRegistered()) return undefined;
  const api = loadedOtelApi();
  if (api === undefined) return undefined;
  const span = api.trace.getTracer("azqueue", tracing.version).startSpan(
    `process ${queueName}`,
    {
      kind: api.SpanKind.CONSUMER,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
        [ATTR_OPERATION_TYPE]: "process",
        [ATTR_OPERATION_NAME]: "process",
        [ATTR_DESTINATION_NAME]: queueName,
        [ATTR_MESSAGE_ID]: message.id,
        [ATTR_DEQUEUE_COUNT]: message.dequeueCount,
        [ATTR_AZ_NAMESPACE]: AZ_NAMESPACE,
      },
    },
    // A root: the worker's loop lives as long as the process, so the context it was started in is not this
    // message's, and a queue message carries no trace context to continue.
    api.ROOT_CONTEXT,
  );
  return processSpan(api, span);
}

function processSpan(api: OtelApi, span: Span): ProcessSpan {
  const active = api.trace.setSpan(api.ROOT_CONTEXT, span);
  // The SDK warns about every change to an ended span; a renewal can land after the message was settled.
  let ended = false;
  return {
    run: (work) => api.context.with(active, work),
    renewed: () => {
      if (!ended) span.addEvent(LEASE_RENEWED_EVENT);
    },
    fail: (error) => {
      if (ended) return;
      span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorDescription(error) });
    },
    end: () => {
      if (!ended) span.end();
      ended = true;
    },
  };
}
