/**
 * One-shot SAS functions, shaped like the official SDK's `generate*SASQueryParameters`: a generator made for one
 * token. No public path offers them (QueueService keeps one generator), so they live with the tests that call them.
 */
import { createSasGenerator, type AccountSasValues, type QueueSasValues } from "../../src/auth/sas-generate.js";

/** The account a SAS is signed for. `accountKey` may be undefined (e.g. a client built from a SAS token). */
export interface SasAccount {
  readonly accountName: string;
  /** Base64, as in the portal or a connection string. */
  readonly accountKey: string | undefined;
}

/**
 * An account SAS query string (without `?`): sv, ss, srt, spr, st, se, sip, sp, sig, signed over the account
 * name, sp, ss, srt, st, se, sip, spr, sv (and, from 2020-12-06, an empty encryption scope) with a final newline.
 * Decodes the key on every call.
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
