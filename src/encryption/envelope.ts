/**
 * The envelope: the JSON text a message holds once encrypted, with its fields in the order the other SDKs write
 * them (Java's reader once required it). Reading is strict: a text that starts as an envelope but is not a whole
 * one is an error, never plain content; a text that does not start as one is plain.
 */
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { DecryptionError } from "../errors.js";
import { AZQUEUE_VERSION } from "../transport/user-agent.js";
import type { EncryptionVersion } from "./types.js";

export const AES_CBC_256 = "AES_CBC_256";
export const AES_GCM_256 = "AES_GCM_256";
/** The whole message is one AES-GCM region: the size the other SDKs record (4 MiB, far above 64 KiB). */
export const GCM_REGION_LENGTH = 4 * 1024 * 1024;
export const GCM_NONCE_LENGTH = 12;
export const GCM_TAG_LENGTH = 16;
const CBC_IV_LENGTH = 16;

const ALGORITHM_OF: Record<EncryptionVersion, string> = { "1.0": AES_CBC_256, "2.0": AES_GCM_256 };

/** An envelope's content, bytes decoded. */
export interface Envelope {
  readonly ciphertext: Uint8Array;
  readonly keyId: string;
  readonly wrappedKey: Uint8Array;
  readonly keyWrapAlgorithm: string;
  readonly version: EncryptionVersion;
  /** Protocol 1.0: the AES-CBC IV. */
  readonly iv?: Uint8Array;
  /** Protocol 2.0: the nonce length (the nonce leads the ciphertext). */
  readonly nonceLength?: number;
}

/** The envelope's JSON text. */
export function writeEnvelope(envelope: Envelope): string {
  const v1 = envelope.version === "1.0";
  return JSON.stringify({
    EncryptedMessageContents: encodeBase64(envelope.ciphertext),
    EncryptionData: {
      WrappedContentKey: { KeyId: envelope.keyId, EncryptedKey: encodeBase64(envelope.wrappedKey), Algorithm: envelope.keyWrapAlgorithm },
      EncryptionAgent: { Protocol: envelope.version, EncryptionAlgorithm: ALGORITHM_OF[envelope.version] },
      ...(v1
        ? { ContentEncryptionIV: encodeBase64(envelope.iv!) }
        : { EncryptedRegionInfo: { DataLength: GCM_REGION_LENGTH, NonceLength: GCM_NONCE_LENGTH } }),
      KeyWrappingMetadata: { EncryptionLibrary: `JavaScript azqueue ${AZQUEUE_VERSION}` },
    },
  });
}

// Python writes `{"EncryptedMessageContents": ...`, .NET and Java without the space; either field may lead.
const ENVELOPE_START = /^\s*\{\s*"(?:EncryptedMessageContents|EncryptionData)"/;

/** Whether `text` starts as an envelope does; one that does is read as one, or refused. */
export function looksLikeEnvelope(text: string): boolean {
  return ENVELOPE_START.test(text);
}

const malformed = (what: string): DecryptionError => new DecryptionError("malformed-envelope", `The encrypted message's envelope is malformed: ${what}.`);

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformed(`${path} is not an object`);
  return value as Record<string, unknown>;
}

function stringAt(parent: Record<string, unknown>, name: string, path: string): string {
  const value = parent[name];
  if (typeof value !== "string") throw malformed(`${path}.${name} is ${value === undefined ? "missing" : "not a string"}`);
  return value;
}

function bytesAt(parent: Record<string, unknown>, name: string, path: string): Uint8Array {
  const text = stringAt(parent, name, path);
  try {
    return decodeBase64Strict(text, `${path}.${name}`);
  } catch {
    throw malformed(`${path}.${name} is not base64`);
  }
}

function positiveIntegerAt(parent: Record<string, unknown>, name: string, path: string): number {
  const value = parent[name];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) throw malformed(`${path}.${name} is not a positive integer`);
  return value;
}

/**
 * Reads an envelope's JSON text.
 *
 * @throws DecryptionError `malformed-envelope` for text that is not a whole envelope; `unsupported-protocol` or
 *   `unsupported-algorithm` for one this client cannot decrypt.
 */
export function readEnvelope(text: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed("it is not whole JSON (truncated?)");
  }
  const root = objectAt(parsed, "the envelope");
  const data = objectAt(root.EncryptionData, "EncryptionData");
  const agent = objectAt(data.EncryptionAgent, "EncryptionData.EncryptionAgent");
  const protocol = stringAt(agent, "Protocol", "EncryptionAgent");
  if (protocol !== "1.0" && protocol !== "2.0") {
    throw new DecryptionError("unsupported-protocol", `The message was encrypted with protocol ${JSON.stringify(protocol)}; azqueue reads 1.0 and 2.0.`);
  }
  const algorithm = stringAt(agent, "EncryptionAlgorithm", "EncryptionAgent");
  if (algorithm !== ALGORITHM_OF[protocol]) {
    throw new DecryptionError("unsupported-algorithm", `Protocol ${protocol} encrypts with ${ALGORITHM_OF[protocol]}, but the envelope names ${JSON.stringify(algorithm)}.`);
  }
  const wrapped = objectAt(data.WrappedContentKey, "EncryptionData.WrappedContentKey");
  const common = {
    ciphertext: bytesAt(root, "EncryptedMessageContents", "envelope"),
    keyId: stringAt(wrapped, "KeyId", "WrappedContentKey"),
    wrappedKey: bytesAt(wrapped, "EncryptedKey", "WrappedContentKey"),
    keyWrapAlgorithm: stringAt(wrapped, "Algorithm", "WrappedContentKey"),
    version: protocol,
  } as const;
  if (protocol === "1.0") {
    const iv = bytesAt(data, "ContentEncryptionIV", "EncryptionData");
    if (iv.length !== CBC_IV_LENGTH) throw malformed(`ContentEncryptionIV is ${iv.length} bytes, not ${CBC_IV_LENGTH}`);
    return { ...common, iv };
  }
  const region = objectAt(data.EncryptedRegionInfo, "EncryptionData.EncryptedRegionInfo");
  const nonceLength = positiveIntegerAt(region, "NonceLength", "EncryptedRegionInfo");
  const dataLength = positiveIntegerAt(region, "DataLength", "EncryptedRegionInfo");
  const plainLength = common.ciphertext.length - nonceLength - GCM_TAG_LENGTH;
  if (plainLength < 0) throw malformed("EncryptedMessageContents is shorter than its nonce and tag (truncated?)");
  // A queue message is one region; more data than a region holds would be a second one, which messages never have.
  if (plainLength > dataLength) throw malformed("EncryptedMessageContents holds more than one encrypted region");
  return { ...common, nonceLength };
}
