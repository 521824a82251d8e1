/**
 * Queue SAS (REST reference "Create a service SAS", queue service): delegates operations on one queue and its
 * messages, signed with the account key, either ad hoc (permissions and expiry in the SAS) or through a stored
 * access policy on the queue (`si`), which may supply any of permissions, start and expiry.
 */
import { LIMITS } from "../constants.js";
import { ValidationError } from "../errors.js";
import {
  SAS_LETTERS,
  canonicalSasLetters,
  commonSasFields,
  encodeSasQuery,
  sasIdentifier,
  sasTimestamp,
  type SasCommonValues,
} from "./sas-query.js";

/** What a queue SAS grants. Permissions and expiry are required unless `identifier` names a stored policy. */
export interface QueueSasValues extends SasCommonValues {
  readonly queueName: string;
  /** Letters of "raup" in any order, each once: read (peek, metadata), add, update, process (get and delete). */
  readonly permissions?: string | undefined;
  /** When the SAS stops working; sent to the second. */
  readonly expiry?: Date | undefined;
  /** The id of a stored access policy on the queue (set with Queue_SetAccessPolicy). */
  readonly identifier?: string | undefined;
}

/** The fields of a queue SAS after checking, as signed (unencoded). */
export interface QueueSasFields {
  readonly sv: string;
  readonly queueName: string;
  readonly sp?: string | undefined;
  readonly st?: string | undefined;
  readonly se?: string | undefined;
  readonly si?: string | undefined;
  readonly sip?: string | undefined;
  readonly spr?: string | undefined;
}

// Lower-case letters, digits and single inner dashes, 3 to 63 characters: the service's queue-name rule. A SAS for
// any other name could never be used, and the name is part of what is signed.
const QUEUE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/**
 * The queue SAS string to sign, one field per line, no final newline: sp, st, se, the canonical resource
 * `/queue/{account}/{queue}`, si, sip, spr, sv (the layout of versions 2015-04-05 and later). Exposed for
 * diagnostics and tests.
 *
 * @example
 * queueSasStringToSign("acct", { sv: "2025-11-05", queueName: "jobs", sp: "r", se: "2030-01-01T00:00:00Z" })
 * // "r\n\n2030-01-01T00:00:00Z\n/queue/acct/jobs\n\n\n\n2025-11-05"
 */
export function queueSasStringToSign(accountName: string, fields: QueueSasFields): string {
  return [
    fields.sp ?? "",
    fields.st ?? "",
    fields.se ?? "",
    `/queue/${accountName}/${fields.queueName}`,
    fields.si ?? "",
    fields.sip ?? "",
    fields.spr ?? "",
    fields.sv,
  ].join("\n");
}

/**
 * Checks and normalises `values` into the fields a queue SAS signs. An empty permission string counts as none,
 * as in the official SDK and the reference QueueService.
 *
 * @throws ValidationError naming the field: a bad queue name (`queue-name`), unknown or repeated permission
 *   letters, permissions or expiry missing without an identifier, an expiry not after the start, a bad identifier,
 *   ip, protocol or version.
 * @example
 * queueSasFields({ queueName: "jobs", permissions: "pr", expiry: new Date("2030-01-01Z") })
 * // { sv: "2025-11-05", queueName: "jobs", sp: "rp", st: undefined, se: "2030-01-01T00:00:00Z", si: undefined, ... }
 */
export function queueSasFields(values: QueueSasValues): QueueSasFields {
  const { queueName } = values;
  if (typeof queueName !== "string" || queueName.length < LIMITS.queueNameMin || queueName.length > LIMITS.queueNameMax || !QUEUE_NAME.test(queueName)) {
    throw new ValidationError(
      "queue-name",
      `the queue name of a SAS must have ${LIMITS.queueNameMin} to ${LIMITS.queueNameMax} lower-case letters, digits and single dashes, not at either end`,
    );
  }
  const permissions = values.permissions === undefined ? "" : canonicalSasLetters(values.permissions, SAS_LETTERS.queuePermissions, "sas-permission", "the SAS permission");
  const sp = permissions === "" ? undefined : permissions;
  const si = values.identifier === undefined ? undefined : sasIdentifier(values.identifier);
  if (si === undefined && sp === undefined) {
    throw new ValidationError("sas-permission", "a queue SAS needs a permission, or the identifier of a stored access policy that gives one");
  }
  if (si === undefined && values.expiry === undefined) {
    throw new ValidationError("sas-expiry", "a queue SAS needs an expiry, or the identifier of a stored access policy that gives one");
  }
  const se = values.expiry === undefined ? undefined : sasTimestamp(values.expiry, "expiry");
  const { sv, st, sip, spr } = commonSasFields(values, se);
  return { sv, queueName, sp, st, se, si, sip, spr };
}

/**
 * The queue SAS query string (without `?`) for `values`, signed by `sign` (HMAC-SHA256 with the account key,
 * base64). Parameters in the order sv, spr, st, se, sip, si, sp, sig, as the official SDK writes them.
 *
 * @throws ValidationError as `queueSasFields` does.
 * @example
 * const sign = createHmacSha256(decodeAccountKey(accountKey));
 * signQueueSas("acct", sign, { queueName: "jobs", identifier: "read-only" }) // "sv=2025-11-05&si=read-only&sig=..."
 */
export function signQueueSas(accountName: string, sign: (stringToSign: string) => string, values: QueueSasValues): string {
  const fields = queueSasFields(values);
  const { queueName: _queueName, ...query } = fields;
  return encodeSasQuery({ ...query, sig: sign(queueSasStringToSign(accountName, fields)) });
}
