/**
 * The message contents every interop pair exchanges. Each one once broke, or could break, some client: text a
 * parser coerces, whitespace a parser trims, markup and entities an escaper gets wrong, code points outside the
 * BMP (surrogate pairs in JavaScript), line ends XML normalises.
 */

export interface ContentCase<T> {
  readonly name: string;
  readonly content: T;
}

/** Text without line ends: what every pair, the official SDK's included, carries unchanged both ways. */
export const PLAIN_TEXT_CASES: readonly ContentCase<string>[] = [
  { name: "ascii", content: "Hello, queue! 0123456789 ~`!@#$%^*()_+-={}[]|\\:;,.?/" },
  { name: "leading zeros", content: "00123" },
  { name: "boolean word", content: "true" },
  { name: "number", content: "1e3" },
  { name: "leading and trailing spaces", content: "  padded  " },
  { name: "only spaces", content: "   " },
  { name: "empty", content: "" },
  { name: "entity text", content: "&amp;" },
  { name: "markup", content: "<b>x</b>" },
  { name: "cdata end", content: "]]>" },
  { name: "character references as text", content: "&#xD;&#13;&lt;" },
  { name: "quotes", content: `"double" 'single'` },
  { name: "non-BMP emoji", content: "😀 👍🏽 🇩🇪 𝄞" },
  { name: "CJK", content: "中文漢字 かなカナ 한국어" },
  { name: "accents and combining marks", content: "café cafe\u0301 Ωmega" },
  { name: "xml-looking document", content: `<?xml version="1.0"?><QueueMessage><MessageText>x</MessageText></QueueMessage>` },
];

/** Text with line feeds (and no carriage return). */
export const LINE_FEED_CASES: readonly ContentCase<string>[] = [
  { name: "tab and line feeds", content: "a\tb\nc\n" },
  { name: "only a line feed", content: "\n" },
];

/** Text with carriage returns, which XML parsers may normalise to line feeds. */
export const CARRIAGE_RETURN_CASES: readonly ContentCase<string>[] = [
  { name: "CRLF", content: "line 1\r\nline 2\r\n" },
  { name: "CR", content: "a\rb\r" },
  { name: "CR at the ends", content: "\r mid \r" },
];

export const TEXT_CASES: readonly ContentCase<string>[] = [
  ...PLAIN_TEXT_CASES,
  ...LINE_FEED_CASES,
  ...CARRIAGE_RETURN_CASES,
];

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, index) => index);

export const BINARY_CASES: readonly ContentCase<Uint8Array>[] = [
  { name: "bytes 0..255", content: ALL_BYTES },
  { name: "bytes 255..0", content: ALL_BYTES.slice().reverse() },
  { name: "one zero byte", content: Uint8Array.of(0) },
  { name: "not UTF-8", content: Uint8Array.of(0xc3, 0x28, 0xff, 0xfe, 0x80) },
  { name: "UTF-8 BOM and CR", content: Uint8Array.of(0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x0d) },
  { name: "empty", content: new Uint8Array(0) },
];
