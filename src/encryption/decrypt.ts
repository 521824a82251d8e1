/**
 * Decrypting a message's stored text (before the format decodes it, as the reference does). Text that does not
 * start as an envelope is plain: returned as it is, unless encryption is required. Everything that can go wrong
 * is a DecryptionError naming the cause; no error carries key material or content.
 */
import { DecryptionError } from "../errors.js";
import { decryptCbc, decryptGcm } from "./content-cipher.js";
import { contentKeyOf } from "./content-key.js";
import { looksLikeEnvelope, readEnvelope, type Envelope } from "./envelope.js";
import type { EncryptionSettings, KeyEncryptionKey } from "./types.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

async function keyFor(envelope: Envelope, settings: EncryptionSettings): Promise<KeyEncryptionKey> {
  const { keyResolverFunction: resolve, keyEncryptionKey } = settings;
  const kid = JSON.stringify(envelope.keyId);
  const kek = resolve ? await resolve(envelope.keyId) : keyEncryptionKey;
  if (kek === undefined || kek === null) {
    throw new DecryptionError(
      "key-not-found",
      resolve ? `keyResolverFunction has no key-encryption key for key id ${kid}.` : `The message is encrypted with key id ${kid}, and no keyEncryptionKey or keyResolverFunction is set.`,
    );
  }
  if (kek.getKid() !== envelope.keyId) {
    throw new DecryptionError("key-id-mismatch", `The message is encrypted with key id ${kid}, but the key-encryption key's id is ${JSON.stringify(kek.getKid())}.`);
  }
  return kek;
}

async function unwrap(kek: KeyEncryptionKey, envelope: Envelope): Promise<Uint8Array> {
  try {
    return await kek.unwrapKey(envelope.wrappedKey, envelope.keyWrapAlgorithm);
  } catch (error) {
    throw new DecryptionError(
      "key-unwrap-failed",
      `The key-encryption key ${JSON.stringify(envelope.keyId)} could not unwrap the content key (${envelope.keyWrapAlgorithm}): a different key with the same id, or an altered wrapped key.`,
      { cause: error },
    );
  }
}

/**
 * The stored text inside `text` when it is an envelope; `text` itself when it is plain and encryption is not
 * required.
 *
 * @throws DecryptionError for a plain message when `requireEncryption` is set, and for an envelope that cannot be
 *   decrypted (see `DecryptionFailure`).
 * @example
 * const stored = await decryptMessageText(envelopeText, { keyEncryptionKey: kek });
 */
export async function decryptMessageText(text: string, settings: EncryptionSettings): Promise<string> {
  if (!looksLikeEnvelope(text)) {
    if (settings.requireEncryption) throw new DecryptionError("not-encrypted", "requireEncryption is set, and the message is not encrypted.");
    return text;
  }
  const envelope = readEnvelope(text);
  const kek = await keyFor(envelope, settings);
  const contentKey = contentKeyOf(await unwrap(kek, envelope), envelope.version);
  const plaintext =
    envelope.version === "1.0"
      ? await decryptCbc(contentKey, envelope.iv!, envelope.ciphertext)
      : await decryptGcm(contentKey, envelope.nonceLength!, envelope.ciphertext);
  try {
    return strictUtf8.decode(plaintext);
  } catch (error) {
    // Only 1.0 gets here with altered content: CBC decrypts a changed block to other bytes without noticing.
    throw new DecryptionError("content-tampered", "The message decrypts to bytes that are not UTF-8 text: it was altered.", { cause: error });
  }
}
