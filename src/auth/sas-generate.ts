/**
 * Shared access signature generation with the account key: the entry the facade calls. Synchronous on
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
