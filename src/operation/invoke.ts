/**
 * One operation call for the facade: spec entry + values -> WireRequest -> the shared send path -> typed result,
 * or an AzureHttpError. Operations the spec marks `x-azqueue-endpoint: secondary` go to the secondary endpoint.
 */
import type { OperationSpec } from "./operation-spec.js";
import type { Connection } from "../connect.js";
import { thenMaybe } from "../maybe-promise.js";
import { operationBaseUrl } from "./endpoint.js";
import { buildOperationRequest, type OperationInput } from "./build-request.js";
import { readOperationResponse, type OperationResult } from "./read-response.js";

/** Called with each final response, success or error, before the result is returned or the error thrown. */
export type ResponseObserver = (response: { readonly status: number; readonly headers: Readonly<Record<string, string>> }) => void;

export async function invokeOperation<TBody = unknown>(
  connection: Pick<Connection, "primary" | "secondary" | "send">,
  op: OperationSpec,
  input: OperationInput,
  observe?: ResponseObserver,
): Promise<OperationResult<TBody>> {
  const baseUrl = operationBaseUrl(op, connection);
  // Only bodies the XML library writes or reads come as promises; messages and their lists do not.
  const response = await thenMaybe(buildOperationRequest(baseUrl, op, input), connection.send);
  observe?.(response);
  return readOperationResponse<TBody>(op, response);
}
