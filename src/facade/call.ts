/**
 * One facade call on the wire: the caller's `CallOptions` (server timeout, abort signal, response observer) added
 * to an operation's input, then `invokeOperation`, inside a client span when a tracer provider is registered. Every
 * QueueService method goes through here, so each option, and tracing, means the same everywhere.
 */
import type { OperationSpec } from "../operation/operation-spec.js";
import type { Connection } from "../connect.js";
import type { OperationInput } from "../operation/build-request.js";
import { invokeOperation, type ResponseObserver } from "../operation/invoke.js";
import type { OperationResult } from "../operation/read-response.js";
import { parseHttpDate } from "./dates.js";
import type { CallOptions, ResponseInfo } from "./types/options.js";
import { assertServerTimeout } from "./validation.js";
import { sendTraced, tracerProviderRegistered } from "../tracing/registration.js";

/** What a facade call needs of a connection. */
export type FacadeConnection = Pick<Connection, "primary" | "secondary" | "send">;

/**
 * Validates `options.timeout`, then sends `op` with `input`. `options.onResponse` sees the final response, error
 * statuses included, before the result is returned or the error thrown. When something traces, the call is one
 * client span (tracing/client-span.ts), named after `method` when the call is not the method named after the
 * operation (`exists` sends Queue_GetMetadata).
 *
 * @throws ValidationError for a bad `timeout`, before anything is sent.
 * @example
 * const result = await callOperation(connection, operations.Messages_Clear, { path: { queue: "jobs" } }, { timeout: 5 });
 * const found = await callOperation(connection, operations.Queue_GetMetadata, { path: { queue: "jobs" } }, undefined, "exists");
 */
export function callOperation<TBody = unknown>(
  connection: FacadeConnection,
  op: OperationSpec,
  input: OperationInput,
  options: CallOptions | undefined,
  method?: string,
): Promise<OperationResult<TBody>> {
  // The span wraps the whole call, so a bad timeout fails inside it: still before anything is sent.
  if (tracerProviderRegistered()) return sendTraced(connection, op, input.path?.["queue"], options, method, (withSpan) => send<TBody>(connection, op, input, withSpan));
  return send<TBody>(connection, op, input, options);
}

function send<TBody>(connection: FacadeConnection, op: OperationSpec, input: OperationInput, options: CallOptions | undefined): Promise<OperationResult<TBody>> {
  if (options === undefined) return invokeOperation<TBody>(connection, op, input);
  const { timeout, abortSignal, onResponse } = options;
  if (timeout !== undefined) assertServerTimeout(timeout);
  const withOptions: OperationInput =
    timeout === undefined && abortSignal === undefined
      ? input
      : {
          ...input,
          ...(timeout === undefined ? {} : { query: { ...input.query, timeout } }),
          ...(abortSignal === undefined ? {} : { signal: abortSignal }),
        };
  return invokeOperation<TBody>(connection, op, withOptions, onResponse && observeWith(onResponse));
}

function observeWith(onResponse: NonNullable<CallOptions["onResponse"]>): ResponseObserver {
  return (response) => onResponse({ ...responseInfo(response.headers), status: response.status });
}

/**
 * The request id and date of a response, as the reference's `extract_date_and_request_id` gives them.
 *
 * @example
 * responseInfo({ "x-ms-request-id": "c2f0...", date: "Sun, 22 Nov 2026 11:25:20 GMT" })
 * // { requestId: "c2f0...", date: new Date("2026-11-22T11:25:20Z") }
 */
export function responseInfo(headers: Readonly<Record<string, string>>): ResponseInfo {
  return { requestId: headers["x-ms-request-id"], date: parseHttpDate(headers["date"]) };
}
