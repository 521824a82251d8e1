/**
 * The content ciphers of the two protocols: AES-CBC-256 with PKCS#7 padding for 1.0, AES-GCM-256 with a 16-byte
 * tag after the ciphertext for 2.0, whose stored layout puts the nonce first. The AES itself is the platform's
 * (`#platform/aes`: node:crypto in Node, WebCrypto elsewhere); a failure to decrypt becomes a DecryptionError.
 */
import { aesCbcDecrypt, aesCbcEncrypt, aesGcmDecrypt, aesGcmEncrypt } from "#platform/aes";
import { DecryptionError } from "../errors.js";

export function encryptCbc(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  return aesCbcEncrypt(key, iv, plaintext);
}

/** The nonce, then the ciphertext and its tag: the layout protocol 2.0 stores. */
export async function encryptGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const sealed = await aesGcmEncrypt(key, nonce, plaintext);
  const out = new Uint8Array(nonce.length + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, nonce.length);
  return out;
}

const tampered = (cause: unknown): DecryptionError =>
  new DecryptionError("content-tampered", "The message's ciphertext does not decrypt with its content key: it was altered, or its IV, nonce or tag was.", { cause });

/** @throws DecryptionError `content-tampered` when the padding is wrong (what CBC can tell of tampering). */
export async function decryptCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  try {
    return await aesCbcDecrypt(key, iv, ciphertext);
  } catch (error) {
    throw tampered(error);
  }
}

/** @throws DecryptionError `content-tampered` when the tag does not verify. */
export async function decryptGcm(key: Uint8Array, nonceLength: number, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    return await aesGcmDecrypt(key, sealed.subarray(0, nonceLength), sealed.subarray(nonceLength));
  } catch (error) {
    throw tampered(error);
  }
}
