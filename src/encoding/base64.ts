/**
 * Base64 without `Buffer`, so it runs unchanged in Node, browsers and edge runtimes (`atob`/`btoa` are global in
 * all of them from Node 16 on).
 */
import { ValidationError } from "../errors.js";

// Canonical, padded base64 only: `atob` alone also accepts whitespace and missing padding, which would let a
// truncated or mangled account key through and surface later as a baffling 403.
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// String.fromCharCode takes its arguments on the stack: convert in slices well under engines' argument limits.
const CHUNK = 0x8000;

/**
 * Encodes bytes as padded base64.
 *
 * @example
 * encodeBase64(new TextEncoder().encode("hi")); // "aGk="
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/**
 * Decodes padded base64, refusing anything else (whitespace, missing padding, URL-safe letters) with a
 * `ValidationError` whose rule is `"base64"`. The message names `what` but never repeats the text, which may be a
 * secret. An empty text decodes to no bytes: callers for which that is wrong (account keys) check it themselves.
 *
 * @example
 * const key = decodeBase64Strict(accountKey, "account key"); // throws ValidationError on "abc"
 */
export function decodeBase64Strict(text: string, what = "value"): Uint8Array {
  if (!STRICT_BASE64.test(text)) {
    throw new ValidationError("base64", `The ${what} is not valid base64 (expected A-Z, a-z, 0-9, "+", "/" with "=" padding).`);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
