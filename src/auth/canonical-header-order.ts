/**
 * The order in which SharedKey lists `x-ms-*` headers. The service sorts them the way .NET's culture-aware string
 * comparison does (en-US), not by code point: `-` and `'` are ignored at first, punctuation sorts before digits and
 * digits before letters, so `x-ms-meta-a_b` comes before `x-ms-meta-a0`, which comes before `x-ms-meta-ab`. A plain
 * `sort()` gets such metadata names wrong and the service answers 403. `@azure/storage-common` ships the same rules
 * as lookup tables (SharedKeyComparator); the differential tests compare this order with it.
 *
 * Header names are HTTP tokens: lower-case letters (names are lower-cased before sorting), digits and
 * ``!#$%&'*+-.^_`|~``. Only those are ranked here.
 */

/** Where `'` and `-` rank when only they tell two names apart (0: any other character); the first pass skips them. */
function ignoredRank(code: number): number {
  return code === 0x27 ? 1 : code === 0x2d ? 2 : 0;
}

function primaryWeight(code: number): number {
  if (code >= 0x30 && code <= 0x39) return 0x200 + code; // digits after punctuation
  if (code >= 0x61 && code <= 0x7a) return 0x300 + code; // letters last
  if (code === 0x2b) return 0x100; // '+' sorts after every other token symbol
  return code; // other token symbols by code point
}

/**
 * Negative when `a` sorts before `b`. Both names must already be lower-case.
 *
 * @example
 * ["x-ms-meta-ab", "x-ms-meta-a0", "x-ms-meta-a_b"].sort(compareCanonicalHeaderNames)
 * // ["x-ms-meta-a_b", "x-ms-meta-a0", "x-ms-meta-ab"]
 */
export function compareCanonicalHeaderNames(a: string, b: string): number {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && ignoredRank(a.charCodeAt(i)) !== 0) i++;
    while (j < b.length && ignoredRank(b.charCodeAt(j)) !== 0) j++;
    if (i === a.length || j === b.length) {
      if (i !== a.length) return 1;
      if (j !== b.length) return -1;
      break;
    }
    const difference = primaryWeight(a.charCodeAt(i)) - primaryWeight(b.charCodeAt(j));
    if (difference !== 0) return difference;
    i++;
    j++;
  }
  // Equal but for '-' and "'": at the first position where they differ, a name without one of those there comes
  // first, and "'" comes before "-".
  const length = Math.max(a.length, b.length);
  for (let k = 0; k < length; k++) {
    const codeA = k < a.length ? a.charCodeAt(k) : -1;
    const codeB = k < b.length ? b.charCodeAt(k) : -1;
    const difference = ignoredRank(codeA) - ignoredRank(codeB);
    if (difference !== 0) return difference;
    if (codeA !== codeB) break;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
