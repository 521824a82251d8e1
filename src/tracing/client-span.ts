/**
 * The client span of one facade call: named after the QueueService method (`QueueService.putMessage`), kind CLIENT,
 * covering the whole attempt sequence. Retries stay inside it and are not span events: the send runs with this span
 * active, so an HTTP instrumentation (undici, fetch) records each attempt as a child span of its own, which is how
 * the HTTP conventions want attempts shown; the `logger` option reports them too. A chunk of its own, imported by
 * registration.ts only once a tracer provider is registered.
 */
import type { Span } from "@opentelemetry/api";
import type { OperationSpec } from "../operation/operation-spec.js";
import type { ResponseObserver } from "../operation/invoke.js";
import { AZQUEUE_VERSION } from "../transport/user-agent.js";
import {
  ATTR_AZ_NAMESPACE,
  ATTR_AZ_REQUEST_ID,
  ATTR_DESTINATION_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_STATUS,
  ATTR_MESSAGING_SYSTEM,
  ATTR_OPERATION_NAME,
  ATTR_OPERATION_TYPE,
  AZ_NAMESPACE,
  MESSAGING_SYSTEM,
  errorDescription,
  errorType,
  operationType,
  serverAttributes,
} from "./attributes.js";
import { loadOtelApi, type OtelApi } from "./otel-api.js";

/** What a facade call tells its span. */
export interface FacadeCall {
  /** The QueueService method, e.g. `putMessage`. */
  readonly method: string;
  /** The queue, for calls that address one. */
  readonly queueName?: string | undefined;
  /**
   * Service error codes the method turns into an answer instead of throwing (`exists` answers false to
   * QueueNotFound): the span records the status but is not marked failed.
   */
  readonly answers?: readonly string[] | undefined;
}

/** Where the call is sent: the account's endpoints. */
export interface TracedEndpoints {
  readonly primary: string;
  readonly secondary: string | undefined;
}

/** The call under a span: `send` passes `observe` each final response, error statuses included. */
export type TracedSend<R> = (endpoints: TracedEndpoints, op: OperationSpec, call: FacadeCall, send: (observe: ResponseObserver) => Promise<R>) => Promise<R>;

/**
 * Runs `send` inside a new client span, a child of the caller's active span; ends the span with the call. Without
 * the API (not installed), `send` runs untraced.
 *
 * @example
 * const result = await traceCall(connection, operations.Messages_Put, { method: "putMessage", queueName: "jobs" }, (observe) =>
 *   invokeOperation(connection, operations.Messages_Put, input, observe),
 * );
 */
export async function traceCall<R>(...[endpoints, op, call, send]: Parameters<TracedSend<R>>): Promise<R> {
  const api = await loadOtelApi();
  if (api === undefined) return send(() => {});
  const { operationId } = op;
  const type = operationType(operationId);
  const span = api.trace.getTracer("azqueue", AZQUEUE_VERSION).startSpan(`QueueService.${call.method}`, {
    kind: api.SpanKind.CLIENT,
    // Given at the start, so that samplers can decide by them.
    attributes: {
      [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
      [ATTR_OPERATION_NAME]: operationId,
      [ATTR_AZ_NAMESPACE]: AZ_NAMESPACE,
      ...(type === undefined ? {} : { [ATTR_OPERATION_TYPE]: type }),
      ...(call.queueName === undefined ? {} : { [ATTR_DESTINATION_NAME]: call.queueName }),
      ...serverAttributes((op.endpoint === "secondary" ? endpoints.secondary : undefined) ?? endpoints.primary),
    },
  });
  const observe: ResponseObserver = (response) => {
    span.setAttribute(ATTR_HTTP_STATUS, response.status);
    const requestId = response.headers["x-ms-request-id"];
    if (requestId !== undefined) span.setAttribute(ATTR_AZ_REQUEST_ID, requestId);
  };
  try {
    return await api.context.with(api.trace.setSpan(api.context.active(), span), () => send(observe));
  } catch (error) {
    if (!isAnswer(error, call)) fail(api, span, error);
    throw error;
  } finally {
    span.end();
  }
}

function isAnswer(error: unknown, call: FacadeCall): boolean {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === "string" && call.answers?.includes(code) === true;
}

function fail(api: OtelApi, span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorDescription(error) });
}
