/**
 * The shapes client-side encryption works with: the key-encryption key (KEK) a user supplies, the resolver that
 * finds one by key id, and the protocol versions. They are the reference QueueService's `key_encryption_key` and
 * `key_resolver_function` with JavaScript names, and may answer with promises, since WebCrypto (and Key Vault) are
 * asynchronous.
 */
import type { MaybePromise } from "../maybe-promise.js";

/**
 * A key-encryption key: wraps each message's fresh content key on put and unwraps it on get. azqueue ships two,
 * `AesKeyWrapKey` (A256KW) and `RsaOaepKey` (RSA-OAEP); any object with these four methods works, e.g. one backed
 * by a key vault.
 *
 * @example
 * const kek: KeyEncryptionKey = {
 *   getKid: () => "local-1",
 *   getKeyWrapAlgorithm: () => "A256KW",
 *   wrapKey: (contentKey) => vault.wrap("local-1", contentKey),
 *   unwrapKey: (wrapped, algorithm) => vault.unwrap("local-1", wrapped, algorithm),
 * };
 */
export interface KeyEncryptionKey {
  /** Wraps a content key (32 bytes for protocol 1.0; 40 for 2.0, the version then the key). */
  wrapKey(contentKey: Uint8Array): MaybePromise<Uint8Array>;
  /** Unwraps what `wrapKey` gave, named with the algorithm the envelope records; throws for one it does not do. */
  unwrapKey(wrappedKey: Uint8Array, algorithm: string): MaybePromise<Uint8Array>;
  /** The algorithm recorded in the envelope, e.g. `A256KW` or `RSA-OAEP`. */
  getKeyWrapAlgorithm(): string;
  /** The key id recorded in the envelope, and matched against it before unwrapping. */
  getKid(): string;
}

/**
 * Finds the key-encryption key for a key id read from an envelope; `undefined` when it has none. When set, it is
 * the only source of keys for decryption (as in the reference): `keyEncryptionKey` is not tried after it.
 */
export type KeyResolver = (kid: string) => MaybePromise<KeyEncryptionKey | undefined>;

/**
 * The envelope protocol: `"2.0"`, AES-GCM-256 (authenticated; the default), or `"1.0"`, AES-CBC-256 (the reference
 * QueueService's; not authenticated, so a tampered message may decrypt to other text undetected).
 */
export type EncryptionVersion = "1.0" | "2.0";

/** What a QueueService holds for encryption: its four fields, read at every call. */
export interface EncryptionSettings {
  readonly keyEncryptionKey?: KeyEncryptionKey | undefined;
  readonly keyResolverFunction?: KeyResolver | undefined;
  readonly requireEncryption?: boolean | undefined;
  readonly encryptionVersion?: EncryptionVersion | undefined;
}

/** Random bytes; `crypto.getRandomValues` unless a test fixes them. */
export type RandomBytes = (length: number) => Uint8Array;
