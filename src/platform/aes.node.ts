/**
 * AES-256 for client-side encryption in Node: `node:crypto`, synchronous and a few microseconds per message, where
 * WebCrypto hands every call to the thread pool (~25 us each, and a message needs two). Chosen by package.json
 * `imports` (`#platform/aes`); `aes.browser.ts` offers the same exports on WebCrypto. Failures are thrown as they
 * come; the envelope code names them.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";

const TAG_LENGTH = 16;

/** AES-256-CBC with PKCS#7 padding. */
export async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return concat(cipher.update(plaintext), cipher.final());
}

/** @throws Error when the padding is wrong. */
export async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const decipher = createDecipheriv("aes-256-cbc", key, iv);
  return concat(decipher.update(ciphertext), decipher.final());
}

/** AES-256-GCM: the ciphertext, then its 16-byte tag. */
export async function aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_LENGTH });
  return concat(cipher.update(plaintext), cipher.final(), cipher.getAuthTag());
}

/** @throws Error when the tag does not verify (or `sealed` is shorter than one). */
export async function aesGcmDecrypt(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  if (sealed.length < TAG_LENGTH) throw new Error("the ciphertext is shorter than its tag");
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  return concat(decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH)), decipher.final());
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
