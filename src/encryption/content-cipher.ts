/**
 * The content ciphers, on WebCrypto (in Node, browsers and edge runtimes alike): AES-CBC-256 with PKCS#7 padding
 * for protocol 1.0, AES-GCM-256 with a 16-byte tag after the ciphertext for protocol 2.0. Each message has a key
 * of its own, imported for the one operation and dropped.
 */
import { DecryptionError } from "../errors.js";
import { GCM_TAG_LENGTH } from "./envelope.js";

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
// TypeScript's lib types want ArrayBuffer-backed views; a Uint8Array from anywhere is one in every runtime.
const buffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;

function importContentKey(key: Uint8Array, name: "AES-CBC" | "AES-GCM", usage: KeyUsage): Promise<CryptoKey> {
  return subtle().importKey("raw", buffer(key), { name }, false, [usage]);
}

export async function encryptCbc(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importContentKey(key, "AES-CBC", "encrypt");
  return new Uint8Array(await subtle().encrypt({ name: "AES-CBC", iv: buffer(iv) }, cryptoKey, buffer(plaintext)));
}

/** The nonce, then the ciphertext and its tag: the layout protocol 2.0 stores. */
export async function encryptGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importContentKey(key, "AES-GCM", "encrypt");
  const sealed = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv: buffer(nonce), tagLength: GCM_TAG_LENGTH * 8 }, cryptoKey, buffer(plaintext)));
  const out = new Uint8Array(nonce.length + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, nonce.length);
  return out;
}

const tampered = (cause: unknown): DecryptionError =>
  new DecryptionError("content-tampered", "The message's ciphertext does not decrypt with its content key: it was altered, or its IV, nonce or tag was.", { cause });

/** @throws DecryptionError `content-tampered` when the padding is wrong (what CBC can tell of tampering). */
export async function decryptCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importContentKey(key, "AES-CBC", "decrypt");
  try {
    return new Uint8Array(await subtle().decrypt({ name: "AES-CBC", iv: buffer(iv) }, cryptoKey, buffer(ciphertext)));
  } catch (error) {
    throw tampered(error);
  }
}

/** @throws DecryptionError `content-tampered` when the tag does not verify. */
export async function decryptGcm(key: Uint8Array, nonceLength: number, sealed: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importContentKey(key, "AES-GCM", "decrypt");
  const nonce = sealed.subarray(0, nonceLength);
  try {
    return new Uint8Array(
      await subtle().decrypt({ name: "AES-GCM", iv: buffer(nonce), tagLength: GCM_TAG_LENGTH * 8 }, cryptoKey, buffer(sealed.subarray(nonceLength))),
    );
  } catch (error) {
    throw tampered(error);
  }
}
