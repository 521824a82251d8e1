/**
 * The encryption settings of a QueueService, checked: the constructor's options, and the fields as they are when a
 * message is put or read (they are assignable, as in the reference). Small and synchronous, so the facade loads it
 * up front; the ciphers load only when a message is encrypted or decrypted.
 */
import { ValidationError } from "../errors.js";
import type { EncryptionSettings, EncryptionVersion, KeyEncryptionKey, KeyResolver } from "./types.js";

export const DEFAULT_ENCRYPTION_VERSION: EncryptionVersion = "2.0";

/**
 * Checks that `kek` has the four methods of a key-encryption key.
 *
 * @throws ValidationError (`key-encryption-key`) naming the first one missing.
 */
export function assertKeyEncryptionKey(kek: unknown, what = "keyEncryptionKey"): asserts kek is KeyEncryptionKey {
  for (const method of ["wrapKey", "unwrapKey", "getKeyWrapAlgorithm", "getKid"] as const) {
    if (typeof kek !== "object" || kek === null || typeof (kek as Record<string, unknown>)[method] !== "function") {
      throw new ValidationError("key-encryption-key", `${what} must have a ${method}() method (see KeyEncryptionKey), such as an AesKeyWrapKey or RsaOaepKey`);
    }
  }
}

/** @throws ValidationError (`encryption-version`) for anything but "1.0" and "2.0". */
export function assertEncryptionVersion(version: unknown): asserts version is EncryptionVersion {
  if (version !== "1.0" && version !== "2.0") {
    throw new ValidationError("encryption-version", `encryptionVersion must be "2.0" (AES-GCM, the default) or "1.0" (AES-CBC); got ${JSON.stringify(version)}`);
  }
}

/** @throws ValidationError (`key-resolver`) for a resolver that is not a function. */
export function assertKeyResolver(resolver: unknown): asserts resolver is KeyResolver {
  if (typeof resolver !== "function") throw new ValidationError("key-resolver", "keyResolverFunction must be a function from a key id to a key-encryption key (or undefined)");
}

/**
 * The settings a put encrypts with, checked; `undefined` when it stores plain text.
 *
 * @throws ValidationError (`encryption-required`) when `requireEncryption` is set without a `keyEncryptionKey`;
 *   (`key-encryption-key`, `encryption-version`) for a key or version that is not one.
 */
export function settingsForPut(settings: EncryptionSettings): { readonly kek: KeyEncryptionKey; readonly version: EncryptionVersion } | undefined {
  const { keyEncryptionKey: kek, requireEncryption, encryptionVersion = DEFAULT_ENCRYPTION_VERSION } = settings;
  if (kek === undefined || kek === null) {
    if (requireEncryption) throw new ValidationError("encryption-required", "requireEncryption is set, so a message needs a keyEncryptionKey to be put");
    return undefined;
  }
  assertKeyEncryptionKey(kek);
  assertEncryptionVersion(encryptionVersion);
  return { kek, version: encryptionVersion };
}

/**
 * Whether reading a message goes through decryption: with a key or a resolver (`requireEncryption` needs one).
 *
 * @throws ValidationError (`encryption-required`) when `requireEncryption` is set with neither a key nor a
 *   resolver, before the messages are fetched (and hidden); (`key-encryption-key`, `key-resolver`) for ones that
 *   are not.
 */
export function decryptsOnRead(settings: EncryptionSettings): boolean {
  const { keyEncryptionKey: kek, keyResolverFunction: resolver, requireEncryption } = settings;
  const hasKek = kek !== undefined && kek !== null;
  const hasResolver = resolver !== undefined && resolver !== null;
  if (hasKek) assertKeyEncryptionKey(kek);
  if (hasResolver) assertKeyResolver(resolver);
  if (requireEncryption && !hasKek && !hasResolver) {
    throw new ValidationError("encryption-required", "requireEncryption is set, so reading messages needs a keyEncryptionKey or keyResolverFunction");
  }
  return hasKek || hasResolver;
}

/** The four fields as a QueueService starts with them. */
export interface ServiceEncryption {
  readonly keyEncryptionKey: KeyEncryptionKey | undefined;
  readonly keyResolverFunction: KeyResolver | undefined;
  readonly requireEncryption: boolean;
  readonly encryptionVersion: EncryptionVersion;
}

/**
 * The constructor's encryption options, checked.
 *
 * @throws ValidationError (`key-encryption-key`, `key-resolver`, `encryption-version`, `require-encryption`) for an
 *   option that is not one.
 */
export function encryptionFromOptions(options: EncryptionSettings): ServiceEncryption {
  const { keyEncryptionKey, keyResolverFunction, requireEncryption = false, encryptionVersion = DEFAULT_ENCRYPTION_VERSION } = options;
  if (keyEncryptionKey !== undefined) assertKeyEncryptionKey(keyEncryptionKey);
  if (keyResolverFunction !== undefined) assertKeyResolver(keyResolverFunction);
  if (typeof requireEncryption !== "boolean") throw new ValidationError("require-encryption", "requireEncryption must be true or false");
  assertEncryptionVersion(encryptionVersion);
  return { keyEncryptionKey, keyResolverFunction, requireEncryption, encryptionVersion };
}
