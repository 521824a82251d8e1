/**
 * The client span of one facade call: named after the QueueService method (`QueueService.putMessage`), kind CLIENT,
 * covering the whole attempt sequence. Retries stay inside it and are not span events: the send runs with this span
 * active, so an HTTP instrumentation (undici, fetch) records each attempt as a child span of its own, which is how
 * the HTTP conventions want attempts shown; the `logger` option reports them too.
 *
 * A chunk of its own, imported by registration.ts only once a tracer provider is registered. It imports no module
 * the program's entry does (types aside; azqueue's version comes as an argument): a bundler would otherwise move
 * such a module into a chunk of its own that every program loads to run, growing what a browser fetches up front.
 * For the same reason the method names are looked up here rather than passed by every call.
 */
import type { Span } from "@opentelemetry/api";
import type { CallOptions } from "../facade/types/options.js";
import type { CreateQueueOptions, DeleteQueueOptions } from "../facade/types/queues.js";
import type { OperationSpec } from "../operation/operation-spec.js";
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

/** Where the call is sent: the account's endpoints. */
export interface TracedEndpoints {
  readonly primary: string;
  readonly secondary: string | undefined;
}

/**
 * A facade call to trace: `send` runs it with the options given (the caller's, with an `onResponse` of the span's
 * that also calls the caller's).
 */
export type TracedCall<R> = (
  endpoints: TracedEndpoints,
  op: OperationSpec,
  queueName: string | undefined,
  options: CallOptions | undefined,
  method: string | undefined,
  send: (options: CallOptions | undefined) => Promise<R>,
) => Promise<R>;

// The QueueService method each operation serves, for the span's name.
const METHODS: Readonly<Record<string, string>> = {
  Service_GetProperties: "getQueueServiceProperties",
  Service_SetProperties: "setQueueServiceProperties",
  Service_GetStatistics: "getQueueServiceStats",
  Service_ListQueues: "listQueues",
  Queue_Create: "createQueue",
  Queue_Delete: "deleteQueue",
  Queue_GetMetadata: "getQueueMetadata",
  Queue_SetMetadata: "setQueueMetadata",
  Queue_GetAccessPolicy: "getQueueAcl",
  Queue_SetAccessPolicy: "setQueueAcl",
  Messages_Put: "putMessage",
  Messages_Get: "getMessages",
  Messages_Peek: "peekMessages",
  Messages_Clear: "clearMessages",
  Message_Update: "updateMessage",
  Message_Delete: "deleteMessage",
};

/**
 * The service error code a method answers with a value instead of throwing it (`exists` answers false to
 * QueueNotFound; `createQueue` false to QueueAlreadyExists unless `failOnExist`): the span records the status but is
 * not marked failed.
 */
function answeredCode(method: string, options: (CreateQueueOptions & DeleteQueueOptions) | undefined): string | undefined {
  if (method === "exists") return "QueueNotFound";
  if (method === "createQueue" && options?.failOnExist !== true) return "QueueAlreadyExists";
  if (method === "deleteQueue" && options?.failNotExist !== true) return "QueueNotFound";
  return undefined;
}

/**
 * Runs the call inside a new client span, a child of the caller's active span, and ends the span with it. Without
 * the API (not installed), the call runs untraced.
 *
 * @example
 * const result = await traceCall("0.1.0", connection, operations.Messages_Put, "jobs", options, undefined, (withSpan) =>
 *   send(connection, operations.Messages_Put, input, withSpan),
 * );
 */
export async function traceCall<R>(version: string, ...[endpoints, op, queueName, options, method, send]: Parameters<TracedCall<R>>): Promise<R> {
  const api = await loadOtelApi();
  if (api === undefined) return send(options);
  const { operationId } = op;
  const type = operationType(operationId);
  const name = method ?? METHODS[operationId] ?? operationId;
  const span = api.trace.getTracer("azqueue", version).startSpan(`QueueService.${name}`, {
    kind: api.SpanKind.CLIENT,
    // Given at the start, so that samplers can decide by them.
    attributes: {
      [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
      [ATTR_OPERATION_NAME]: operationId,
      [ATTR_AZ_NAMESPACE]: AZ_NAMESPACE,
      ...(type === undefined ? {} : { [ATTR_OPERATION_TYPE]: type }),
      ...(queueName === undefined ? {} : { [ATTR_DESTINATION_NAME]: queueName }),
      ...serverAttributes((op.endpoint === "secondary" ? endpoints.secondary : undefined) ?? endpoints.primary),
    },
  });
  const onResponse = options?.onResponse;
  const withSpan: CallOptions = {
    ...options,
    // The span's attributes first: a caller's onResponse that throws must not leave the span without them.
    onResponse: (response) => {
      span.setAttribute(ATTR_HTTP_STATUS, response.status);
      if (response.requestId !== undefined) span.setAttribute(ATTR_AZ_REQUEST_ID, response.requestId);
      onResponse?.(response);
    },
  };
  try {
    return await api.context.with(api.trace.setSpan(api.context.active(), span), () => send(withSpan));
  } catch (error) {
    const code = (error as { errorCode?: unknown } | null)?.errorCode;
    if (code === undefined || code !== answeredCode(name, options)) fail(api, span, error);
    throw error;
  } finally {
    span.end();
  }
}

function fail(api: OtelApi, span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorDescription(error) });
}
