/**
 * Shared access signature generation with the account key: the entry the facade and users call. Synchronous on
 * every platform (the HMAC of `#platform/hmac` is), and for the same inputs and version byte for byte what
 * @azure/storage-queue 12.30's `generateAccountSASQueryParameters(...).toString()` and
 * `generateQueueSASQueryParameters(...).toString()` give. The key is decoded once per generator and kept in the
 * HMAC's closure, out of reach of errors and `util.inspect`.
 */
import { createHmacSha256 } from "#platform/hmac";
import { ValidationError } from "../errors.js";
import { signAccountSas, type AccountSasValues } from "./sas-account.js";
import { sasAccountName } from "./sas-query.js";
import { signQueueSas, type QueueSasValues } from "./sas-queue.js";
import { decodeAccountKey } from "./shared-key.js";

export type { AccountSasValues } from "./sas-account.js";
export type { QueueSasValues } from "./sas-queue.js";
export type { SasProtocol } from "./sas-query.js";

/** The account a SAS is signed for. `accountKey` may be undefined (e.g. a client built from a SAS token). */
export interface SasAccount {
  readonly accountName: string;
  /** Base64, as in the portal or a connection string. */
  readonly accountKey: string | undefined;
}

/** Signs SAS tokens for one account, its key decoded once. */
export interface SasGenerator {
  readonly accountName: string;
  /** The account SAS query string, without `?`. */
  accountSas(values: AccountSasValues): string;
  /** The queue SAS query string, without `?`. */
  queueSas(values: QueueSasValues): string;
}

/**
 * A generator for `accountName`, keyed once with `accountKey`.
 *
 * @throws ValidationError (`account-key`) "SAS generation needs the account key" when the key is absent or empty,
 *   or when it is not base64; (`account-name`) when the name is empty or malformed. Never quotes the key.
 * @example
 * const sas = createSasGenerator("devstoreaccount1", EMULATOR_ACCOUNT_KEY);
 * const token = sas.queueSas({ queueName: "jobs", permissions: "rp", expiry: new Date(Date.now() + 3_600_000) });
 * const client = createQueueClient({ endpoint: "http://127.0.0.1:10001/devstoreaccount1", sasToken: token });
 */
export function createSasGenerator(accountName: string, accountKey: string | undefined): SasGenerator {
  const account = sasAccountName(accountName);
  if (accountKey === undefined || accountKey === null || (typeof accountKey === "string" && accountKey.trim() === "")) {
    throw new ValidationError("account-key", "SAS generation needs the account key");
  }
  const sign = createHmacSha256(decodeAccountKey(accountKey));
  return {
    accountName: account,
    accountSas: (values) => signAccountSas(account, sign, values),
    queueSas: (values) => signQueueSas(account, sign, values),
  };
}

/**
 * An account SAS query string (without `?`): sv, ss, srt, spr, st, se, sip, sp, sig, signed over the account
 * name, sp, ss, srt, st, se, sip, spr, sv (and, from 2020-12-06, an empty encryption scope) with a final newline.
 * To sign many, keep a `createSasGenerator` instead: this decodes the key on every call.
 *
 * @throws ValidationError naming the rule (`account-key`, `sas-permission`, `sas-resource-types`, `sas-services`,
 *   `sas-expiry`, `sas-start`, `sas-ip`, `sas-protocol`, `sas-version`) before anything is signed.
 * @example
 * const token = generateAccountSas({
 *   accountName: "devstoreaccount1", accountKey: EMULATOR_ACCOUNT_KEY,
 *   resourceTypes: "sco", permissions: "rl", expiry: new Date(Date.now() + 3_600_000),
 * });
 * // "sv=2025-11-05&ss=q&srt=sco&se=...&sp=rl&sig=..."
 */
export function generateAccountSas(input: SasAccount & AccountSasValues): string {
  return createSasGenerator(input.accountName, input.accountKey).accountSas(input);
}

/**
 * A queue SAS query string (without `?`): sv, spr, st, se, sip, si, sp, sig, signed over sp, st, se,
 * `/queue/{account}/{queue}`, si, sip, spr, sv.
 *
 * @throws ValidationError naming the rule (`account-key`, `queue-name`, `sas-permission`, `sas-expiry`,
 *   `sas-start`, `sas-identifier`, `sas-ip`, `sas-protocol`, `sas-version`) before anything is signed.
 * @example
 * const token = generateQueueSas({
 *   accountName: "devstoreaccount1", accountKey: EMULATOR_ACCOUNT_KEY,
 *   queueName: "jobs", permissions: "raup", expiry: new Date(Date.now() + 3_600_000),
 * });
 * // "sv=2025-11-05&se=...&sp=raup&sig=..."
 */
export function generateQueueSas(input: SasAccount & QueueSasValues): string {
  return createSasGenerator(input.accountName, input.accountKey).queueSas(input);
}
