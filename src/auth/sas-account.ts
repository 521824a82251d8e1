/**
 * Account SAS (REST reference "Create an account SAS"): delegates service-, queue- and message-level operations
 * across the account, signed with the account key. No stored access policies exist for it.
 */
import { ValidationError } from "../errors.js";
import {
  SAS_LETTERS,
  canonicalSasLetters,
  commonSasFields,
  encodeSasQuery,
  sasTimestamp,
  type SasCommonValues,
} from "./sas-query.js";

/** What an account SAS grants. Letters may come in any order; each once. */
export interface AccountSasValues extends SasCommonValues {
  /** Letters of "rwdlacup": read, write, delete, list, add, create, update, process. */
  readonly permissions: string;
  /** Letters of "sco": service (e.g. list queues), container (the queue itself), object (its messages). */
  readonly resourceTypes: string;
  /** Letters of "btqf" (blob, table, queue, file); "q" unless given. */
  readonly services?: string | undefined;
  /** When the SAS stops working; sent to the second. */
  readonly expiry: Date;
}

/** The fields of an account SAS after checking, as signed (unencoded). */
export interface AccountSasFields {
  readonly sv: string;
  readonly ss: string;
  readonly srt: string;
  readonly sp: string;
  readonly st?: string | undefined;
  readonly se: string;
  readonly sip?: string | undefined;
  readonly spr?: string | undefined;
}

// From this version on the string to sign carries a line for the encryption scope (`ses`), empty when unused.
const ENCRYPTION_SCOPE_VERSION = "2020-12-06";

/**
 * The account SAS string to sign, one field per line: account name, sp, ss, srt, st, se, sip, spr, sv, then (from
 * version 2020-12-06) the empty encryption scope, and a final newline. Exposed for diagnostics and tests.
 *
 * @example
 * accountSasStringToSign("acct", { sv: "2025-11-05", ss: "q", srt: "sco", sp: "rl", se: "2030-01-01T00:00:00Z" })
 * // "acct\nrl\nq\nsco\n\n2030-01-01T00:00:00Z\n\n\n2025-11-05\n\n"
 */
export function accountSasStringToSign(accountName: string, fields: AccountSasFields): string {
  const lines = [accountName, fields.sp, fields.ss, fields.srt, fields.st ?? "", fields.se, fields.sip ?? "", fields.spr ?? "", fields.sv];
  if (fields.sv >= ENCRYPTION_SCOPE_VERSION) lines.push("");
  return `${lines.join("\n")}\n`;
}

/**
 * Checks and normalises `values` into the fields an account SAS signs.
 *
 * @throws ValidationError naming the field: unknown or repeated letters (`sas-permission`, `sas-resource-types`,
 *   `sas-services`), none at all, a missing or invalid expiry, an expiry not after the start, a bad ip, protocol
 *   or version.
 * @example
 * accountSasFields({ permissions: "lr", resourceTypes: "s", expiry: new Date("2030-01-01T00:00:00.500Z") })
 * // { sv: "2025-11-05", ss: "q", srt: "s", sp: "rl", st: undefined, se: "2030-01-01T00:00:00Z", sip: undefined, spr: undefined }
 */
export function accountSasFields(values: AccountSasValues): AccountSasFields {
  const sp = requiredLetters(values.permissions, SAS_LETTERS.accountPermissions, "sas-permission", "permission");
  const srt = requiredLetters(values.resourceTypes, SAS_LETTERS.resourceTypes, "sas-resource-types", "resource types");
  const ss = requiredLetters(values.services ?? "q", SAS_LETTERS.services, "sas-services", "services");
  if (values.expiry === undefined) throw new ValidationError("sas-expiry", "an account SAS needs an expiry");
  const se = sasTimestamp(values.expiry, "expiry");
  const { sv, st, sip, spr } = commonSasFields(values, se);
  return { sv, ss, srt, sp, st, se, sip, spr };
}

function requiredLetters(text: string, alphabet: string, rule: string, what: string): string {
  const letters = canonicalSasLetters(text, alphabet, rule, `the SAS ${what}`);
  if (letters === "") throw new ValidationError(rule, `an account SAS needs at least one letter of "${alphabet}" in its ${what}`);
  return letters;
}

/**
 * The account SAS query string (without `?`) for `values`, signed by `sign` (HMAC-SHA256 with the account key,
 * base64). Parameters in the order sv, ss, srt, spr, st, se, sip, sp, sig, as the official SDK writes them.
 *
 * @throws ValidationError as `accountSasFields` does.
 * @example
 * const sign = createHmacSha256(decodeAccountKey(accountKey));
 * signAccountSas("acct", sign, { permissions: "rl", resourceTypes: "sco", expiry: new Date("2030-01-01Z") })
 * // "sv=2025-11-05&ss=q&srt=sco&se=2030-01-01T00%3A00%3A00Z&sp=rl&sig=..."
 */
export function signAccountSas(accountName: string, sign: (stringToSign: string) => string, values: AccountSasValues): string {
  const fields = accountSasFields(values);
  return encodeSasQuery({ ...fields, sig: sign(accountSasStringToSign(accountName, fields)) });
}
