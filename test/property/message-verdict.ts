/**
 * What each QueueMessageFormat must do with a piece of content, worked out here from the service's rules and the
 * formats' definitions, without the code under test: either the text the service must store, or the rule a
 * local refusal must name. The content round trip compares azqueue against this, so a wrong refusal fails as
 * surely as a wrong round trip.
 */

export type FormatName = "textXml" | "textBase64" | "binaryBase64" | "noEncode";

/** The service stores at most 64 KiB of UTF-8 per message. */
export const MESSAGE_BYTES_MAX = 64 * 1024;

export type Verdict =
  | { readonly accepted: true; readonly stored: string }
  | { readonly accepted: false; readonly rule: "xml-chars" | "lone-surrogate" | "message-size" };

/** Every code point of `text`; a lone surrogate comes out as its own code unit (0xD800-0xDFFF). */
export function* codePoints(text: string): Generator<number> {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      yield 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      i++;
    } else yield unit;
  }
}

/** XML 1.0's `Char` production: what a document can carry at all, escaped or not. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

export function isSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}

/**
 * The text the service must store for `content` in `format`, when the format can carry it: textXml escapes "&",
 * "<" and ">" as the reference (Python's xml.sax.saxutils.escape) does; the base64 formats store standard,
 * padded base64 of the UTF-8 bytes or of the bytes; noEncode stores the text itself.
 */
export function storedText(format: FormatName, content: string | Uint8Array): string {
  if (format === "binaryBase64") return Buffer.from(content as Uint8Array).toString("base64");
  const text = content as string;
  switch (format) {
    case "textXml":
      return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    case "textBase64":
      return Buffer.from(text, "utf8").toString("base64");
    case "noEncode":
      return text;
  }
}

/**
 * Whether `format` can carry `content`, and if not, the rule azqueue must refuse it by. The format's own check
 * comes first (its encoder runs before the size is known): XML-illegal characters for textXml and noEncode, lone
 * surrogates for textBase64 (UTF-8 has no encoding for them); then the size of the stored text.
 */
export function verdictFor(format: FormatName, content: string | Uint8Array): Verdict {
  if (format === "textXml" || format === "noEncode") {
    for (const codePoint of codePoints(content as string)) if (!isXmlChar(codePoint)) return { accepted: false, rule: "xml-chars" };
  }
  if (format === "textBase64") {
    for (const codePoint of codePoints(content as string)) if (isSurrogate(codePoint)) return { accepted: false, rule: "lone-surrogate" };
  }
  const stored = storedText(format, content);
  if (Buffer.byteLength(stored, "utf8") > MESSAGE_BYTES_MAX) return { accepted: false, rule: "message-size" };
  return { accepted: true, stored };
}

/**
 * Azurite 3.35 decodes each chunk of a request body as UTF-8 on its own (readStreamToString does
 * `res += chunk.toString()`), so a multi-byte character split across a socket read (64 KiB, the first one shared
 * with the request head) arrives as U+FFFD twice, and may push the text over its limit. Such a corruption would be
 * Azurite's, not azqueue's, so no generated text that reaches Azurite puts a non-ASCII character anywhere near
 * that boundary: its stored text is short (at most 8192 UTF-16 units: the XML body stays under 48 KiB even if
 * every unit were escaped to 6 bytes) or all its non-ASCII characters lie in the first 4096 units (the first
 * 24 KiB of the body at most), and the rest, up to the exact 64 KiB limit, is ASCII. The base64 formats store
 * ASCII only, so any content is safe there.
 */
export function clearOfAzuriteChunkBug(stored: string): boolean {
  if (stored.length <= 8192) return true;
  for (let i = stored.length - 1; i >= 4096; i--) if (stored.charCodeAt(i) > 0x7f) return false;
  return true;
}
