/**
 * How message content becomes the text the service stores, and back: the reference QueueService's
 * `QueueMessageFormat`, pair for pair. Every encoder checks its input before anything is sent; every decoder of
 * base64 refuses text that is not base64 instead of returning garbage.
 *
 * Errors: encoders throw `ValidationError` (rules `message-type`, `xml-chars`, `lone-surrogate`); base64 decoders
 * throw `ResponseParseError`, since what they read came from the service (typically a message another client put
 * with another format).
 */
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { ResponseParseError, ValidationError } from "../errors.js";
import { findNonXmlChar, XML_CHARS_RULE } from "../xml/xml-chars.js";

// In `u` mode a well-formed pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function codePointLabel(text: string, index: number): string {
  return `U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0")}`;
}

function assertText(content: unknown, format: string): asserts content is string {
  if (typeof content !== "string") {
    throw new ValidationError(
      "message-type",
      `QueueMessageFormat.${format} takes a string (got ${describeType(content)}); use binaryBase64Encode for bytes`,
    );
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

// The message never quotes the content: it is the caller's data.
function assertXmlCarriable(content: string, format: string): void {
  const index = findNonXmlChar(content);
  if (index === -1) return;
  throw new ValidationError(
    XML_CHARS_RULE,
    `The message content holds ${codePointLabel(content, index)} at index ${index}, which XML 1.0 cannot carry ` +
      `(nor can ${format} escape it); send such content with QueueMessageFormat.textBase64Encode, or ` +
      `binaryBase64Encode for bytes`,
  );
}

function textXmlEncode(content: string): string {
  assertText(content, "textXmlEncode");
  assertXmlCarriable(content, "textXmlEncode");
  // Python's xml.sax.saxutils.escape, which the reference uses: these three, ampersand first.
  return content.replaceAll("&", "&amp;").replaceAll(">", "&gt;").replaceAll("<", "&lt;");
}

function textXmlDecode(text: string): string {
  assertText(text, "textXmlDecode");
  // xml.sax.saxutils.unescape: ampersand last, so "&amp;lt;" comes back as "&lt;", the exact inverse of the above.
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function textBase64Encode(content: string): string {
  assertText(content, "textBase64Encode");
  const index = content.search(LONE_SURROGATE);
  if (index !== -1) {
    throw new ValidationError(
      "lone-surrogate",
      `The message content holds a lone surrogate ${codePointLabel(content, index)} at index ${index}, which UTF-8 ` +
        `cannot carry; pass the bytes you mean to QueueMessageFormat.binaryBase64Encode instead`,
    );
  }
  return encodeBase64(new TextEncoder().encode(content));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function textBase64Decode(text: string): string {
  const bytes = base64Bytes(text, "textBase64Decode");
  try {
    // ignoreBOM keeps a leading U+FEFF, as Python's "utf-8" codec does.
    return strictUtf8.decode(bytes);
  } catch (cause) {
    throw new ResponseParseError(
      "The message text is base64 but not of UTF-8 text, so textBase64Decode cannot read it; was it put as " +
        "bytes (binaryBase64Encode)?",
      undefined,
      { cause },
    );
  }
}

function binaryBase64Encode(content: Uint8Array): string {
  if (!(content instanceof Uint8Array)) {
    throw new ValidationError(
      "message-type",
      `QueueMessageFormat.binaryBase64Encode takes a Uint8Array (got ${describeType(content)}); use ` +
        `textBase64Encode for text`,
    );
  }
  return encodeBase64(content);
}

function binaryBase64Decode(text: string): Uint8Array {
  return base64Bytes(text, "binaryBase64Decode");
}

function base64Bytes(text: string, format: string): Uint8Array {
  assertText(text, format);
  try {
    return decodeBase64Strict(text, "message text");
  } catch (cause) {
    throw new ResponseParseError(
      `The message text is not valid base64, so ${format} cannot read it; was it put with another ` +
        `encodeFunction (e.g. textXmlEncode or noEncode)?`,
      undefined,
      { cause },
    );
  }
}

function noEncode(content: string): string {
  assertText(content, "noEncode");
  assertXmlCarriable(content, "noEncode");
  return content;
}

function noDecode(text: string): string {
  return text;
}

/** The encode/decode pairs of {@link QueueMessageFormat}, typed so `QueueService<T>` infers `T` from a pair. */
export interface QueueMessageFormats {
  /** The default: escapes `&`, `<` and `>` as the reference does, so the service stores what it would. */
  readonly textXmlEncode: (content: string) => string;
  /** The inverse of `textXmlEncode`: unescapes `&lt;`, `&gt;`, then `&amp;`. */
  readonly textXmlDecode: (text: string) => string;
  /** UTF-8, then base64: any text without lone surrogates, including what XML cannot carry. */
  readonly textBase64Encode: (content: string) => string;
  /** Base64, then UTF-8; malformed input is a `ResponseParseError`. */
  readonly textBase64Decode: (text: string) => string;
  /** Bytes as base64. */
  readonly binaryBase64Encode: (content: Uint8Array) => string;
  /** Base64 to bytes; malformed input is a `ResponseParseError`. */
  readonly binaryBase64Decode: (text: string) => Uint8Array;
  /** The text as is (what the official JavaScript SDK stores); still refuses what XML 1.0 cannot carry. */
  readonly noEncode: (content: string) => string;
  /** The stored text as is. */
  readonly noDecode: (text: string) => string;
}

/**
 * The message formats of the reference QueueService. Messages put with one format read back identically with the
 * same format, across azqueue, the reference and (for `noEncode`/`noDecode`) the official JavaScript SDK.
 *
 * Pick the pair that the other clients of the queue use: `textXmlEncode` (the default) for text shared with the
 * reference Python client, `textBase64Encode` for any text and for clients that expect base64,
 * `binaryBase64Encode` for `Uint8Array` content, `noEncode` for text shared with `@azure/storage-queue`. Each
 * function is described in {@link QueueMessageFormats}.
 *
 * @example
 * const qs = new QueueService({
 *   connectionString,
 *   encodeFunction: QueueMessageFormat.binaryBase64Encode,
 *   decodeFunction: QueueMessageFormat.binaryBase64Decode,
 * }); // QueueService<Uint8Array>
 * QueueMessageFormat.textXmlEncode("a < b & c"); // "a &lt; b &amp; c"
 * QueueMessageFormat.textBase64Encode("hé"); // "aMOp"
 */
export const QueueMessageFormat: QueueMessageFormats = Object.freeze({
  textXmlEncode,
  textXmlDecode,
  textBase64Encode,
  textBase64Decode,
  binaryBase64Encode,
  binaryBase64Decode,
  noEncode,
  noDecode,
});
