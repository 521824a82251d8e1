/**
 * AES key wrap (RFC 3394) as a key-encryption key, on WebCrypto's AES-KW. WebCrypto wraps only CryptoKeys, and
 * protocol 2.0's 40 bytes are no AES key length, so the bytes travel as an HMAC key, which takes any length.
 */
import { ValidationError } from "../errors.js";
import type { KeyEncryptionKey } from "./types.js";

const ALGORITHM_BY_LENGTH: Record<number, string> = { 16: "A128KW", 24: "A192KW", 32: "A256KW" };
// Any HMAC hash serves: the key is only a carrier of bytes and signs nothing.
const CARRIER: HmacImportParams = { name: "HMAC", hash: "SHA-256" };

/**
 * A key-encryption key that wraps content keys with AES key wrap: `A256KW` for a 32-byte key (`A128KW`, `A192KW`
 * for 16 and 24). The same key wraps and unwraps; keep it where you keep secrets.
 *
 * @example
 * const kek = await AesKeyWrapKey.import("orders-2026", keyBytes); // 32 random bytes kept in your secret store
 * const qs = new QueueService({ connectionString, keyEncryptionKey: kek });
 */
export class AesKeyWrapKey implements KeyEncryptionKey {
  readonly #kid: string;
  readonly #algorithm: string;
  readonly #key: CryptoKey;

  private constructor(kid: string, algorithm: string, key: CryptoKey) {
    this.#kid = kid;
    this.#algorithm = algorithm;
    this.#key = key;
  }

  /**
   * A key from its raw bytes (16, 24 or 32) or from an `AES-KW` CryptoKey with the `wrapKey` and `unwrapKey` usages.
   *
   * @param kid - The key id recorded in each envelope, by which a `keyResolverFunction` finds the key again.
   * @throws ValidationError (`key-encryption-key`) for another length, or a CryptoKey of another kind.
   */
  static async import(kid: string, key: Uint8Array | CryptoKey): Promise<AesKeyWrapKey> {
    if (typeof kid !== "string" || kid === "") throw new ValidationError("key-encryption-key", "AesKeyWrapKey needs a non-empty key id");
    if (key instanceof Uint8Array) {
      const algorithm = ALGORITHM_BY_LENGTH[key.length];
      if (algorithm === undefined) throw new ValidationError("key-encryption-key", `An AES key-wrap key is 16, 24 or 32 bytes; got ${key.length}`);
      const cryptoKey = await globalThis.crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, "AES-KW", false, ["wrapKey", "unwrapKey"]);
      return new AesKeyWrapKey(kid, algorithm, cryptoKey);
    }
    const { algorithm, usages } = key;
    const length = (algorithm as AesKeyAlgorithm).length / 8;
    if (algorithm.name !== "AES-KW" || ALGORITHM_BY_LENGTH[length] === undefined || !usages.includes("wrapKey") || !usages.includes("unwrapKey")) {
      throw new ValidationError("key-encryption-key", "AesKeyWrapKey takes an AES-KW CryptoKey with the wrapKey and unwrapKey usages");
    }
    return new AesKeyWrapKey(kid, ALGORITHM_BY_LENGTH[length], key);
  }

  /** The key id recorded in each envelope. */
  getKid(): string {
    return this.#kid;
  }

  /** The algorithm recorded in each envelope. */
  getKeyWrapAlgorithm(): string {
    return this.#algorithm;
  }

  /** Wraps a content key (any multiple of 8 bytes, 16 or more). */
  async wrapKey(contentKey: Uint8Array): Promise<Uint8Array> {
    const subtle = globalThis.crypto.subtle;
    const carrier = await subtle.importKey("raw", contentKey as Uint8Array<ArrayBuffer>, CARRIER, true, ["sign"]);
    return new Uint8Array(await subtle.wrapKey("raw", carrier, this.#key, "AES-KW"));
  }

  /**
   * Unwraps what `wrapKey` gave.
   *
   * @throws Error for another algorithm than this key's, or a wrapped key that fails AES key wrap's integrity check.
   */
  async unwrapKey(wrappedKey: Uint8Array, algorithm: string): Promise<Uint8Array> {
    if (algorithm !== this.#algorithm) throw new Error(`this key unwraps ${this.#algorithm}, not ${algorithm}`);
    const subtle = globalThis.crypto.subtle;
    const carrier = await subtle.unwrapKey("raw", wrappedKey as Uint8Array<ArrayBuffer>, this.#key, "AES-KW", CARRIER, true, ["sign"]);
    return new Uint8Array(await subtle.exportKey("raw", carrier));
  }
}
