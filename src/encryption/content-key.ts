/**
 * Protocol 2.0 wraps the content key behind its version, "2.0" padded with zero bytes to 8 (the block AES key wrap
 * works in), so that a wrapped key cannot be replayed under another protocol. 1.0 wraps the bare key.
 */
import { DecryptionError } from "../errors.js";
import type { EncryptionVersion } from "./types.js";

export const CONTENT_KEY_LENGTH = 32;
const VERSION_PREFIX = Uint8Array.of(0x32, 0x2e, 0x30, 0, 0, 0, 0, 0);

/** `"2.0\0\0\0\0\0"` then the key. */
export function versionedContentKey(contentKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(VERSION_PREFIX.length + contentKey.length);
  out.set(VERSION_PREFIX, 0);
  out.set(contentKey, VERSION_PREFIX.length);
  return out;
}

/**
 * The content key in what the key-encryption key unwrapped.
 *
 * @throws DecryptionError `content-key-invalid` when it is not of the protocol's form.
 */
export function contentKeyOf(unwrapped: Uint8Array, version: EncryptionVersion): Uint8Array {
  if (version === "1.0") {
    if (unwrapped.length !== CONTENT_KEY_LENGTH) throw invalid(`is ${unwrapped.length} bytes, not ${CONTENT_KEY_LENGTH}`);
    return unwrapped;
  }
  if (unwrapped.length !== VERSION_PREFIX.length + CONTENT_KEY_LENGTH || VERSION_PREFIX.some((byte, i) => unwrapped[i] !== byte)) {
    throw invalid("does not start with protocol 2.0's version bytes; the envelope's metadata may have been altered");
  }
  return unwrapped.slice(VERSION_PREFIX.length);
}

const invalid = (what: string): DecryptionError => new DecryptionError("content-key-invalid", `The unwrapped content key ${what}.`);
