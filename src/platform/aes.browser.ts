/**
 * AES-256 for client-side encryption in browsers and edge runtimes: WebCrypto, where every runtime has it. Chosen
 * by package.json `imports` (`#platform/aes`); same exports as `aes.node.ts`. Each message has a key of its own,
 * imported for the one operation and dropped.
 */
const TAG_BITS = 128;

// TypeScript's lib types want ArrayBuffer-backed views; a Uint8Array from anywhere is one in every runtime.
const buffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;

function importKey(key: Uint8Array, name: "AES-CBC" | "AES-GCM", usage: KeyUsage): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey("raw", buffer(key), { name }, false, [usage]);
}

/** AES-256-CBC with PKCS#7 padding. */
export async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importKey(key, "AES-CBC", "encrypt");
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: "AES-CBC", iv: buffer(iv) }, cryptoKey, buffer(plaintext)));
}

/** @throws Error when the padding is wrong. */
export async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importKey(key, "AES-CBC", "decrypt");
  return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: "AES-CBC", iv: buffer(iv) }, cryptoKey, buffer(ciphertext)));
}

/** AES-256-GCM: the ciphertext, then its 16-byte tag. */
export async function aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importKey(key, "AES-GCM", "encrypt");
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: "AES-GCM", iv: buffer(nonce), tagLength: TAG_BITS }, cryptoKey, buffer(plaintext)));
}

/** @throws Error when the tag does not verify. */
export async function aesGcmDecrypt(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importKey(key, "AES-GCM", "decrypt");
  return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: "AES-GCM", iv: buffer(nonce), tagLength: TAG_BITS }, cryptoKey, buffer(sealed)));
}
