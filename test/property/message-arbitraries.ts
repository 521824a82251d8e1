/**
 * Message content for the round-trip property, weighted toward what breaks clients: characters XML escapes or
 * normalises ("\r", "\r\n", "&", "<", ">", "]]>", quotes), text that looks like a number or a boolean, leading and
 * trailing spaces, surrogate pairs and lone surrogates, C0 controls, U+FFFE and U+FFFF, and text at the 64 KiB
 * limit of each format, just under and just over it.
 */
import fc from "fast-check";
import { MESSAGE_BYTES_MAX, storedText, type FormatName } from "./message-verdict.js";

/** Pieces every format can carry (well-formed, XML-legal), each a known trap for some client. */
const HARD_FRAGMENTS = [
  "\r", "\n", "\r\n", "\n\r", "\t", " ", "  ",
  "00123", "1e3", "-0", "0x1F", "1.50", "true", "false", "null", "NaN",
  "&", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#xD;", "&#13;", "&#x1F600;", "&#0;", "&nbsp;",
  "<", ">", "]]>", "<![CDATA[", '"', "'", "<MessageText>", "</QueueMessage>", '<?xml version="1.0"?>', "<!-- -->",
  "😀", "𝄞", "\u{10FFFF}", "\u{10000}", "👩‍👩‍👧",
  "é", "e\u0301", "\uFEFF", "\u00A0", "\u0085", "\u2028", "\u2029", "\u007F", "\u0080", "\uFFFD", "\uE000", "\uD7FF",
  "中文", "\u200D", "+/=", "%20", "\\", "${x}",
];

/** Pieces XML 1.0 cannot carry at all; the lone and reversed surrogates are not UTF-8 either. */
const XML_ILLEGAL = [
  "\u0000", "\u0001", "\u0008", "\u000B", "\u000C", "\u000E", "\u001B", "\u001F", "\uFFFE", "\uFFFF",
  "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDE00\uD83D",
];

/** Whole messages that tempt a client to coerce, trim or unescape them. */
const WHOLE_MESSAGES = [
  "", " ", "  ", "\r", "\n", "\r\n", "\t", "00123", "0", "-0", "1e3", "1E3", "0.10", "+1", "Infinity", "true", "TRUE",
  "false", "null", "undefined", "[]", "{}", "&amp;", "&#xD;", "]]>", "<", ">", " leading", "trailing ", " both ",
  "\uFEFF", "😀", "\uD83D", "\u0000", "\uFFFF",
];

const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));

/** Any well-formed, XML-legal code point outside ASCII, BMP or astral. */
const nonAsciiChar = fc.oneof(
  fc.integer({ min: 0x80, max: 0xfffd }).filter((code) => code < 0xd800 || code > 0xdfff).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);

/** Units of text every format can carry. */
const carriableUnit = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HARD_FRAGMENTS) },
  { weight: 5, arbitrary: printableAscii },
  { weight: 3, arbitrary: nonAsciiChar },
);

/** Units of any text: mostly carriable, sometimes not (C0 controls, U+FFFE/U+FFFF, lone surrogates). */
const anyUnit = fc.oneof(
  { weight: 8, arbitrary: carriableUnit },
  { weight: 1, arbitrary: fc.constantFrom(...XML_ILLEGAL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)) },
  // Every code point, surrogate halves included (fromCodePoint leaves them lone).
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)) },
);

const edgeSpace = fc.constantFrom("", "", "", " ", "  ", "\t", "\r\n", "\n ");

const shortText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: carriableUnit, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyUnit, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.tuple(edgeSpace, fc.string({ unit: anyUnit, maxLength: 20 }), edgeSpace).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.constantFrom(...WHOLE_MESSAGES) },
);

const mediumText = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: carriableUnit }, { weight: 1, arbitrary: anyUnit }), minLength: 100, maxLength: 1500 });

/** ASCII endings for text at the limit: the limit's neighbourhood stays ASCII (see clearOfAzuriteChunkBug). */
const asciiTail = fc.constantFrom("", " ", "  ", "\r", "\r\n", "]]>", "&amp;", "00123", "<", ">", `"'`);

/** What fills text up to the limit: ASCII for the XML formats, anything for the base64 ones (they store ASCII). */
function padUnit(format: FormatName): fc.Arbitrary<string> {
  const ascii = fc.constantFrom("a", "a", "a", " ", "0", "&", "<", ">", "\n", "\t", "\r");
  return format === "textBase64" ? fc.oneof(ascii, fc.constantFrom("é", "€", "😀", "\u0000", "\uFFFF", "\uFEFF")) : ascii;
}

/**
 * Text whose stored form is within a few bytes of the 64 KiB limit (mostly -2..+2, sometimes up to 64 away): a
 * short head of any text, then one unit repeated, then an ASCII tail. textBase64 stores 4 bytes per 3, so its
 * budget is 48 KiB of UTF-8.
 */
function textAtLimit(format: FormatName): fc.Arbitrary<string> {
  const budget = format === "textBase64" ? (MESSAGE_BYTES_MAX / 4) * 3 : MESSAGE_BYTES_MAX;
  const size = (text: string) => Buffer.byteLength(format === "textBase64" ? text : storedText(format, text), "utf8");
  return fc
    .record({
      head: shortText,
      pad: padUnit(format),
      tail: asciiTail,
      offset: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: -64, max: 64 }) }),
    })
    .map(({ head, pad, tail, offset }) => {
      const count = Math.max(0, Math.floor((budget - size(head) - size(tail)) / size(pad)) + offset);
      return head + pad.repeat(count) + tail;
    });
}

/** Text content for `format`: short and tricky mostly, sometimes a few hundred units, sometimes at the limit. */
export function textContent(format: Exclude<FormatName, "binaryBase64">): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: shortText },
    { weight: 2, arbitrary: mediumText },
    { weight: 1, arbitrary: textAtLimit(format) },
  );
}

/** Byte sequences that are not what they seem: a BOM, a UTF-8 surrogate, overlong and truncated sequences. */
const BYTE_FRAGMENTS = [
  [0xef, 0xbb, 0xbf], [0xed, 0xa0, 0x80], [0xc3], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe, 0xff],
  [0x00], [0x0d], [0x0d, 0x0a], [0x26], [0x3c], [0x3d], [0x2b], [0x2f], [0xf0, 0x9f, 0x98, 0x80],
].map((bytes) => Uint8Array.from(bytes));

const fragmentBytes = fc
  .array(fc.oneof(fc.constantFrom(...BYTE_FRAGMENTS), fc.integer({ min: 0, max: 255 }).map((byte) => Uint8Array.of(byte))), { maxLength: 24 })
  .map((parts) => Uint8Array.from(parts.flatMap((part) => [...part])));

/** Bytes whose base64 is within a few bytes of 64 KiB: 49152 bytes make exactly 65536 characters. */
const bytesAtLimit = fc
  .record({
    pattern: fc.uint8Array({ minLength: 1, maxLength: 48 }),
    offset: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: -64, max: 64 }) }),
  })
  .map(({ pattern, offset }) => {
    const bytes = new Uint8Array((MESSAGE_BYTES_MAX / 4) * 3 + offset);
    for (let i = 0; i < bytes.length; i++) bytes[i] = pattern[i % pattern.length]!;
    return bytes;
  });

/** Byte content for binaryBase64. */
export const binaryContent: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 4, arbitrary: fragmentBytes },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 48, maxLength: 4096 }) },
  { weight: 1, arbitrary: bytesAtLimit },
);
