/**
 * Which endpoint an operation is sent to. The spec marks the few operations the service answers on the secondary
 * endpoint only (`x-azqueue-endpoint: secondary`, e.g. Service_GetStatistics); every other one goes to the primary.
 */
import type { OperationSpec } from "./operation-spec.js";
import { ValidationError } from "../errors.js";

/** The account's endpoints, without trailing slashes, as `connect` resolves them. */
export interface OperationEndpoints {
  readonly primary: string;
  readonly secondary: string | undefined;
}

/**
 * The base URL `op` is sent to.
 *
 * @throws ValidationError (rule `secondary-endpoint`) for a secondary-only operation when no secondary is known.
 * @example
 * operationBaseUrl(operations.Service_GetStatistics, { primary: "https://acct.queue.core.windows.net",
 *   secondary: "https://acct-secondary.queue.core.windows.net" }); // "https://acct-secondary.queue.core.windows.net"
 */
export function operationBaseUrl(op: OperationSpec, endpoints: OperationEndpoints): string {
  if (op.endpoint === "primary") return endpoints.primary;
  if (endpoints.secondary === undefined) {
    throw new ValidationError(
      "secondary-endpoint",
      `${op.operationId} is served by the secondary endpoint only, and none is configured; give secondaryEndpoint`,
    );
  }
  return endpoints.secondary;
}
