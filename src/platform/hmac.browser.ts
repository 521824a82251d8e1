/**
 * HMAC-SHA256 for browsers and edge runtimes: @noble/hashes (audited, synchronous; WebCrypto would make signing
 * asynchronous and is ~6x slower per call). Chosen by package.json `imports` (`#platform/hmac`); same exports as
 * `hmac.node.ts`.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { encodeBase64 } from "../encoding/base64.js";

const utf8 = new TextEncoder();

/**
 * Keys HMAC-SHA256 once and returns a signer: base64 digest of a message's UTF-8 bytes.
 *
 * @example
 * const sign = createHmacSha256(decodeBase64Strict(accountKey, "account key"));
 * const signature = sign(stringToSign);
 */
export function createHmacSha256(key: Uint8Array): (message: string) => string {
  // The keyed state (inner and outer pads already hashed) is built once; each message works on a clone of it.
  const keyed = hmac.create(sha256, key);
  return (message) => encodeBase64(keyed.clone().update(utf8.encode(message)).digest());
}
