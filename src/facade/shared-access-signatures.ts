/**
 * QueueService's SAS methods: the reference's arguments (instances or strings, Dates or ISO strings) turned into
 * the SAS generator's values. Synchronous, like the generator.
 */
import type { SasGenerator } from "../auth/sas-generate.js";
import { ValidationError } from "../errors.js";
import { toDate } from "./dates.js";
import { AccountPermissions, QueuePermissions, ResourceTypes } from "./permissions.js";
import type {
  AccountPermissionsInput,
  AccountSasOptions,
  QueueSasOptions,
  ResourceTypesInput,
} from "./types/shared-access.js";
import { assertQueueName } from "./validation.js";

/** The generator, or the reference's complaint when the service was not given an account key. */
export function requireSasGenerator(generator: SasGenerator | undefined): SasGenerator {
  if (generator === undefined) {
    throw new ValidationError("account-key", "SAS generation needs the account name and key; this QueueService has no account key");
  }
  return generator;
}

/**
 * An account SAS (without `?`) for the queue service.
 *
 * @throws ValidationError for an unknown letter, a date that does not parse, or a bad ip, protocol or version.
 */
export function accountSharedAccessSignature(
  generator: SasGenerator,
  resourceTypes: ResourceTypesInput,
  permission: AccountPermissionsInput,
  expiry: Date | string,
  options: AccountSasOptions = {},
): string {
  return generator.accountSas({
    resourceTypes: ResourceTypes.from(resourceTypes).toString(),
    permissions: AccountPermissions.from(permission).toString(),
    expiry: toDate(expiry, "expiry"),
    start: options.start === undefined ? undefined : toDate(options.start, "start"),
    ip: options.ip,
    protocol: options.protocol,
    version: options.version,
  });
}

/**
 * A queue SAS (without `?`): ad hoc, or through the stored access policy `id`.
 *
 * @throws ValidationError for a bad queue name, an unknown letter, a date that does not parse, a missing
 *   permission or expiry without `id`, or a bad ip, protocol or version.
 */
export function queueSharedAccessSignature(generator: SasGenerator, queueName: string, options: QueueSasOptions = {}): string {
  assertQueueName(queueName);
  return generator.queueSas({
    queueName,
    permissions: options.permission === undefined ? undefined : QueuePermissions.from(options.permission).toString(),
    expiry: options.expiry === undefined ? undefined : toDate(options.expiry, "expiry"),
    start: options.start === undefined ? undefined : toDate(options.start, "start"),
    identifier: options.id,
    ip: options.ip,
    protocol: options.protocol,
    version: options.version,
  });
}
