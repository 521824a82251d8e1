/**
 * QueueService's constructor options split in two: what `connect` takes (location, credential, transport), and the
 * account key SAS generation signs with, resolved the way `connect` resolves the credential so both agree.
 */
import { parseConnectionString } from "../auth/connection-string.js";
import type { ConnectionOptions } from "../connect.js";
import { EMULATOR_ACCOUNT_KEY } from "../constants.js";
import { ValidationError } from "../errors.js";
import type { QueueServiceOptions } from "./types.js";

/** The options `connect` reads; the codec stays with the service. */
export function toConnectionOptions<T>(options: QueueServiceOptions<T>): ConnectionOptions {
  if (options === null || typeof options !== "object") {
    throw new ValidationError("options", "QueueService options must be an object");
  }
  const { encodeFunction: _encode, decodeFunction: _decode, ...connection } = options;
  return connection;
}

/**
 * The account key requests are signed with, when they are: from the connection string, the `accountKey` option,
 * or the emulator's well-known key (isEmulated without another credential). Undefined otherwise.
 */
export function signingKeyOf<T>(options: QueueServiceOptions<T>): string | undefined {
  if (options.connectionString !== undefined) return parseConnectionString(options.connectionString).accountKey;
  if (options.accountKey !== undefined) return options.accountKey;
  const otherCredential = options.sasToken !== undefined || options.tokenCredential !== undefined;
  return options.isEmulated && !otherCredential ? EMULATOR_ACCOUNT_KEY : undefined;
}
