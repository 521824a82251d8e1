/**
 * HMAC-SHA256 for Node: `node:crypto`, about 3 us per signature. Chosen by package.json `imports` (`#platform/hmac`);
 * `hmac.browser.ts` offers the same exports elsewhere.
 */
import { createHmac, createSecretKey } from "node:crypto";

/**
 * Keys HMAC-SHA256 once and returns a signer: base64 digest of a message's UTF-8 bytes. Synchronous, so SharedKey
 * signing and SAS generation stay synchronous on every platform.
 *
 * @example
 * const sign = createHmacSha256(decodeBase64Strict(accountKey, "account key"));
 * const signature = sign(stringToSign);
 */
export function createHmacSha256(key: Uint8Array): (message: string) => string {
  // A KeyObject imports the key once; createHmac with raw bytes would copy and import it on every call.
  const secret = createSecretKey(key);
  return (message) => createHmac("sha256", secret).update(message, "utf8").digest("base64");
}
