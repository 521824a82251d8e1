/**
 * Picks the one credential a client uses when it was given several: the account key, then a SAS token, then a token
 * credential, then none (anonymous), the order the reference QueueService follows for the first two.
 */
import type { TokenCredential } from "@azure/core-auth";
import { ValidationError } from "../errors.js";
import type { Authorizer, WireRequest } from "../transport/types.js";
import { createBearerAuthorizer, type BearerAuthorizerOptions } from "./bearer.js";
import { createSasAuthorizer } from "./sas-token.js";
import { createSharedKeyAuthorizer } from "./shared-key.js";

export interface CredentialOptions {
  /** Needed with `accountKey`; take it from `resolveEndpoints` when only an endpoint was given. */
  readonly accountName?: string | undefined;
  /** Base64 account key: SharedKey signing. */
  readonly accountKey?: string | undefined;
  readonly sasToken?: string | undefined;
  readonly tokenCredential?: TokenCredential | undefined;
  /** Scope and refresh margin for `tokenCredential`. */
  readonly bearer?: BearerAuthorizerOptions | undefined;
}

/** Which credential was chosen, for diagnostics. */
export type CredentialKind = "sharedKey" | "sas" | "bearer" | "anonymous";

export interface ResolvedAuthorizer {
  readonly kind: CredentialKind;
  readonly authorize: Authorizer;
}

/** Anonymous access: the request goes as it is. */
const anonymous: Authorizer = (request: WireRequest) => request;

/**
 * The authorizer for the strongest credential given.
 *
 * @throws ValidationError when the chosen credential is malformed (an account key without an account name, a key
 *   that is not base64, a SAS token without a signature).
 * @example
 * const { kind, authorize } = resolveAuthorizer({ accountName: "acct", accountKey: key, sasToken: sas });
 * kind // "sharedKey": the key wins over the SAS token
 */
export function resolveAuthorizer(options: CredentialOptions): ResolvedAuthorizer {
  if (options.accountKey !== undefined) {
    if (options.accountName === undefined || options.accountName.trim() === "") {
      throw new ValidationError("account-name", "an account key needs the account name, and none was given or found in the endpoint");
    }
    return { kind: "sharedKey", authorize: createSharedKeyAuthorizer(options.accountName, options.accountKey) };
  }
  if (options.sasToken !== undefined) return { kind: "sas", authorize: createSasAuthorizer(options.sasToken) };
  if (options.tokenCredential !== undefined) {
    return { kind: "bearer", authorize: createBearerAuthorizer(options.tokenCredential, options.bearer) };
  }
  return { kind: "anonymous", authorize: anonymous };
}
