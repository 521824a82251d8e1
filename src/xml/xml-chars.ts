/**
 * The characters XML 1.0 can carry (its `Char` production): tab, line feed, carriage return, U+0020-U+D7FF,
 * U+E000-U+FFFD and U+10000-U+10FFFF. Anything else cannot be sent in a document at all, not even as a character
 * reference, so it is refused before a request is built.
 */
import { ValidationError } from "../errors.js";

/** The `ValidationError.rule` for text XML 1.0 cannot carry. */
export const XML_CHARS_RULE = "xml-chars";

// In `u` mode a well-formed surrogate pair is one code point above U+FFFF, so the class matches lone surrogates only.
// eslint-disable-next-line no-control-regex -- matching the C0 controls XML forbids is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;

/**
 * The index of the first character XML 1.0 cannot carry, or -1.
 *
 * @example
 * findNonXmlChar("tab\tok"); // -1
 * findNonXmlChar("nul\u0000"); // 3
 */
export function findNonXmlChar(text: string): number {
  return text.search(NOT_XML_CHAR);
}

/**
 * Throws a `ValidationError` (rule `xml-chars`) naming `path` and the offending code point when `text` holds a
 * character XML 1.0 cannot carry. The text itself is never quoted: it may be a message's content.
 *
 * @example
 * assertXmlChars("hello", "QueueMessage.MessageText"); // ok
 * assertXmlChars("\u0001", "QueueMessage.MessageText"); // throws ValidationError
 */
export function assertXmlChars(text: string, path: string): void {
  const index = findNonXmlChar(text);
  if (index === -1) return;
  const code = text.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0");
  throw new ValidationError(
    XML_CHARS_RULE,
    `${path} holds U+${code} at index ${index}, which XML 1.0 cannot carry (allowed: tab, line feed, carriage ` +
      `return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF; no lone surrogates)`,
  );
}
