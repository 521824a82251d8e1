/**
 * Encrypting a message's stored text (after the format has encoded it, as the reference does): a fresh content
 * key and IV or nonce per message, the content key wrapped by the key-encryption key, all in one envelope.
 */
import { encryptCbc, encryptGcm } from "./content-cipher.js";
import { GCM_NONCE_LENGTH, writeEnvelope } from "./envelope.js";
import { CONTENT_KEY_LENGTH, versionedContentKey } from "./content-key.js";
import type { EncryptionVersion, KeyEncryptionKey, RandomBytes } from "./types.js";

const CBC_IV_LENGTH = 16;

const secureRandom: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/**
 * The envelope of `storedText`, encrypted with a fresh content key wrapped by `kek`. `random` is called for the
 * content key, then for the IV (1.0) or nonce (2.0), the order the Python SDKs use, so fixed bytes give their
 * output.
 *
 * @example
 * const envelope = await encryptMessageText("hello", await AesKeyWrapKey.import("k1", rawKey), "2.0");
 */
export async function encryptMessageText(storedText: string, kek: KeyEncryptionKey, version: EncryptionVersion, random: RandomBytes = secureRandom): Promise<string> {
  const contentKey = random(CONTENT_KEY_LENGTH);
  const plaintext = new TextEncoder().encode(storedText);
  let ciphertext: Uint8Array;
  let iv: Uint8Array | undefined;
  if (version === "1.0") {
    iv = random(CBC_IV_LENGTH);
    ciphertext = await encryptCbc(contentKey, iv, plaintext);
  } else {
    ciphertext = await encryptGcm(contentKey, random(GCM_NONCE_LENGTH), plaintext);
  }
  const wrappedKey = await kek.wrapKey(version === "1.0" ? contentKey : versionedContentKey(contentKey));
  return writeEnvelope({
    ciphertext,
    keyId: kek.getKid(),
    wrappedKey,
    keyWrapAlgorithm: kek.getKeyWrapAlgorithm(),
    version,
    ...(iv && { iv }),
  });
}
