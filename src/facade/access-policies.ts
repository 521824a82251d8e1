/**
 * Stored access policies for QueueService: Queue_GetAccessPolicy and Queue_SetAccessPolicy, between the service's
 * `SignedIdentifiers` document and the reference's `{ id: AccessPolicy }` record.
 */
import { operations } from "../../generated/operations.js";
import type { components } from "../../generated/schema.js";
import { callOperation, responseInfo, type FacadeConnection } from "./call.js";
import { formatAccessPolicyDate, parseServiceDate, toDate } from "./dates.js";
import { QueuePermissions } from "./permissions.js";
import type { CallOptions, ResponseInfo } from "./types/options.js";
import type { AccessPolicy, AccessPolicyInit } from "./types/shared-access.js";
import { assertQueueName, assertSignedIdentifiers } from "./validation.js";

type SignedIdentifier = components["schemas"]["SignedIdentifier"];

/** Queue_GetAccessPolicy: the queue's stored access policies by id, dates as `Date`s. */
export async function getQueueAcl(connection: FacadeConnection, queueName: string, options?: CallOptions): Promise<Record<string, AccessPolicy>> {
  assertQueueName(queueName);
  const result = await callOperation<SignedIdentifier[]>(connection, operations.Queue_GetAccessPolicy, { path: { queue: queueName } }, options);
  // Null prototype: an id is free text, "__proto__" included.
  const policies: Record<string, AccessPolicy> = Object.create(null);
  for (const { Id, AccessPolicy: wire } of result.body ?? []) {
    policies[Id] = {
      ...(wire.Permission !== undefined && wire.Permission !== "" ? { permission: wire.Permission } : {}),
      ...(wire.Start !== undefined && wire.Start !== "" ? { start: parseServiceDate(wire.Start, "AccessPolicy.Start") } : {}),
      ...(wire.Expiry !== undefined && wire.Expiry !== "" ? { expiry: parseServiceDate(wire.Expiry, "AccessPolicy.Expiry") } : {}),
    };
  }
  return policies;
}

/**
 * Queue_SetAccessPolicy: replaces the queue's stored access policies; none given (or `{}`) removes them all.
 *
 * @throws ValidationError for more than 5 policies, an id longer than 64 characters, an unknown permission letter
 *   or a date that does not parse, before anything is sent.
 */
export async function setQueueAcl(
  connection: FacadeConnection,
  queueName: string,
  signedIdentifiers: Readonly<Record<string, AccessPolicyInit>> | undefined,
  options?: CallOptions,
): Promise<ResponseInfo> {
  assertQueueName(queueName);
  const body = toSignedIdentifiers(signedIdentifiers ?? {});
  const result = await callOperation(connection, operations.Queue_SetAccessPolicy, { path: { queue: queueName }, body }, options);
  return responseInfo(result.headers);
}

function toSignedIdentifiers(policies: Readonly<Record<string, AccessPolicyInit>>): SignedIdentifier[] {
  assertSignedIdentifiers(policies);
  const identifiers: SignedIdentifier[] = [];
  for (const id of Object.keys(policies)) {
    const policy = policies[id]!;
    identifiers.push({
      Id: id,
      AccessPolicy: {
        ...(policy.start !== undefined ? { Start: formatAccessPolicyDate(toDate(policy.start, `${id}.start`)) } : {}),
        ...(policy.expiry !== undefined ? { Expiry: formatAccessPolicyDate(toDate(policy.expiry, `${id}.expiry`)) } : {}),
        ...(policy.permission !== undefined ? { Permission: QueuePermissions.from(policy.permission).toString() } : {}),
      },
    });
  }
  return identifiers;
}
