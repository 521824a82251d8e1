/**
 * RSA-OAEP as a key-encryption key, on WebCrypto. "RSA-OAEP" is OAEP with SHA-1, as JOSE, Key Vault and the other
 * Storage SDKs name it; "RSA-OAEP-256" is OAEP with SHA-256. A public key alone can encrypt (put) but not decrypt.
 */
import { ValidationError } from "../errors.js";
import type { KeyEncryptionKey } from "./types.js";

/** The key-wrap algorithms an `RsaOaepKey` offers. */
export type RsaOaepAlgorithm = "RSA-OAEP" | "RSA-OAEP-256";

const HASH_OF: Record<RsaOaepAlgorithm, string> = { "RSA-OAEP": "SHA-1", "RSA-OAEP-256": "SHA-256" };

const invalid = (what: string): ValidationError => new ValidationError("key-encryption-key", what);

/**
 * A key-encryption key that wraps content keys with RSA-OAEP. Build it from a JWK (public, or private, which holds
 * both halves) or from WebCrypto keys with the `encrypt` and `decrypt` usages.
 *
 * @example
 * const kek = await RsaOaepKey.fromJwk("payroll-rsa-1", privateJwk); // { kty: "RSA", n, e, d, p, q, dp, dq, qi }
 * const producerOnly = await RsaOaepKey.fromJwk("payroll-rsa-1", publicJwk); // can put, cannot get
 */
export class RsaOaepKey implements KeyEncryptionKey {
  readonly #kid: string;
  readonly #algorithm: RsaOaepAlgorithm;
  readonly #publicKey: CryptoKey | undefined;
  readonly #privateKey: CryptoKey | undefined;

  private constructor(kid: string, algorithm: RsaOaepAlgorithm, publicKey: CryptoKey | undefined, privateKey: CryptoKey | undefined) {
    this.#kid = kid;
    this.#algorithm = algorithm;
    this.#publicKey = publicKey;
    this.#privateKey = privateKey;
  }

  /**
   * A key from an RSA JWK. The algorithm is the JWK's `alg` when it names one of the two, else `algorithm`.
   *
   * @throws ValidationError (`key-encryption-key`) for a JWK that is not RSA or names another algorithm.
   */
  static async fromJwk(kid: string, jwk: JsonWebKey, algorithm: RsaOaepAlgorithm = "RSA-OAEP"): Promise<RsaOaepKey> {
    assertKid(kid);
    if (jwk?.kty !== "RSA" || typeof jwk.n !== "string" || typeof jwk.e !== "string") throw invalid("RsaOaepKey.fromJwk takes an RSA JWK (kty RSA, with n and e)");
    const chosen = jwk.alg ?? algorithm;
    if (chosen !== "RSA-OAEP" && chosen !== "RSA-OAEP-256") throw invalid(`RsaOaepKey wraps with RSA-OAEP or RSA-OAEP-256; the JWK names ${JSON.stringify(jwk.alg)}`);
    const params: RsaHashedImportParams = { name: "RSA-OAEP", hash: HASH_OF[chosen] };
    const subtle = globalThis.crypto.subtle;
    // key_ops and use would narrow the usages WebCrypto allows; the roles here are fixed: encrypt with n and e,
    // decrypt with the private half.
    const { n, e, d, p, q, dp, dq, qi } = jwk;
    const publicKey = await subtle.importKey("jwk", { kty: "RSA", n, e, alg: chosen, ext: true }, params, false, ["encrypt"]);
    const privateKey = d === undefined ? undefined : await subtle.importKey("jwk", { kty: "RSA", n, e, d, p, q, dp, dq, qi, alg: chosen, ext: true }, params, false, ["decrypt"]);
    return new RsaOaepKey(kid, chosen, publicKey, privateKey);
  }

  /**
   * A key from WebCrypto RSA-OAEP keys: `publicKey` with the `encrypt` usage to put, `privateKey` with `decrypt` to
   * get; either may be left out. The algorithm follows the keys' hash (SHA-1: RSA-OAEP; SHA-256: RSA-OAEP-256).
   *
   * @throws ValidationError (`key-encryption-key`) for keys of another kind, hash or usage.
   */
  static fromCryptoKeys(kid: string, keys: { readonly publicKey?: CryptoKey | undefined; readonly privateKey?: CryptoKey | undefined }): RsaOaepKey {
    assertKid(kid);
    const { publicKey, privateKey } = keys;
    if (!publicKey && !privateKey) throw invalid("RsaOaepKey.fromCryptoKeys needs a publicKey, a privateKey or both");
    const algorithms = [checkKey(publicKey, "encrypt"), checkKey(privateKey, "decrypt")].filter((a) => a !== undefined);
    if (algorithms.length === 2 && algorithms[0] !== algorithms[1]) throw invalid("RsaOaepKey.fromCryptoKeys: the two keys use different hashes");
    return new RsaOaepKey(kid, algorithms[0]!, publicKey, privateKey);
  }

  /** The key id recorded in each envelope. */
  getKid(): string {
    return this.#kid;
  }

  /** The algorithm recorded in each envelope. */
  getKeyWrapAlgorithm(): string {
    return this.#algorithm;
  }

  /**
   * Encrypts a content key with the public key.
   *
   * @throws Error when this key has no public half.
   */
  async wrapKey(contentKey: Uint8Array): Promise<Uint8Array> {
    if (!this.#publicKey) throw new Error(`key ${this.#kid} has no public key to wrap with`);
    return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: "RSA-OAEP" }, this.#publicKey, contentKey as Uint8Array<ArrayBuffer>));
  }

  /**
   * Decrypts a wrapped content key with the private key.
   *
   * @throws Error for another algorithm, a key without its private half, or a wrapped key it cannot decrypt.
   */
  async unwrapKey(wrappedKey: Uint8Array, algorithm: string): Promise<Uint8Array> {
    if (algorithm !== this.#algorithm) throw new Error(`this key unwraps ${this.#algorithm}, not ${algorithm}`);
    if (!this.#privateKey) throw new Error(`key ${this.#kid} has no private key to unwrap with`);
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: "RSA-OAEP" }, this.#privateKey, wrappedKey as Uint8Array<ArrayBuffer>));
  }
}

function assertKid(kid: string): void {
  if (typeof kid !== "string" || kid === "") throw invalid("RsaOaepKey needs a non-empty key id");
}

function checkKey(key: CryptoKey | undefined, usage: "encrypt" | "decrypt"): RsaOaepAlgorithm | undefined {
  if (key === undefined) return undefined;
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
  if (algorithm.name !== "RSA-OAEP" || !key.usages.includes(usage)) throw invalid(`RsaOaepKey.fromCryptoKeys: the ${usage === "encrypt" ? "public" : "private"} key must be RSA-OAEP with the ${usage} usage`);
  if (algorithm.hash.name === "SHA-1") return "RSA-OAEP";
  if (algorithm.hash.name === "SHA-256") return "RSA-OAEP-256";
  throw invalid(`RsaOaepKey.fromCryptoKeys: hash ${algorithm.hash.name} is neither SHA-1 (RSA-OAEP) nor SHA-256 (RSA-OAEP-256)`);
}
