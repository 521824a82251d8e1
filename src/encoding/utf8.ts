/**
 * UTF-8 arithmetic on JavaScript strings without encoding them: the message size limit is in UTF-8 bytes, and
 * encoding a 64 KiB message only to measure it would cost a copy per message.
 */

/**
 * UTF-8 bytes of `text` without encoding it. A lone surrogate counts 3, as the U+FFFD it would be sent as.
 *
 * @example
 * utf8ByteLength("é€😀"); // 2 + 3 + 4 = 9
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
