/**
 * Removes secrets from URLs before they reach an error message or a log line. SAS tokens travel in the query, so a
 * URL is never safe to print as it is.
 */

/** Query parameters whose values are credentials: the SAS signature, and the usual names of keys and tokens. */
const SECRET_PARAMETER = /^(sig|signature|.*(key|token|secret|password|credential).*)$/i;

const REDACTED = "REDACTED";

/**
 * The URL with every secret-bearing query value and any user-info replaced by `REDACTED`. Works on malformed URLs
 * too (it does not parse them as `URL`), so an error about a bad URL can still quote it safely.
 *
 * @example
 * redactUrl("https://acct.queue.core.windows.net/q?sv=2025-11-05&sig=abc%3D")
 * // "https://acct.queue.core.windows.net/q?sv=2025-11-05&sig=REDACTED"
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf("#");
  const withoutFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutFragment.indexOf("?");
  const base = redactUserInfo(queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt));
  if (queryAt === -1) return base;
  const query = withoutFragment
    .slice(queryAt + 1)
    .split("&")
    .map((pair) => {
      const equalsAt = pair.indexOf("=");
      if (equalsAt === -1) return pair;
      return SECRET_PARAMETER.test(safeDecode(pair.slice(0, equalsAt))) ? `${pair.slice(0, equalsAt)}=${REDACTED}` : pair;
    })
    .join("&");
  return `${base}?${query}`;
}

function redactUserInfo(beforeQuery: string): string {
  // scheme://user:password@host/... : the credentials sit between "//" and the last "@" of the authority.
  const authorityStart = beforeQuery.indexOf("//");
  if (authorityStart === -1) return beforeQuery;
  const pathStart = beforeQuery.indexOf("/", authorityStart + 2);
  const authority = beforeQuery.slice(authorityStart + 2, pathStart === -1 ? undefined : pathStart);
  const at = authority.lastIndexOf("@");
  if (at === -1) return beforeQuery;
  const rest = pathStart === -1 ? "" : beforeQuery.slice(pathStart);
  return `${beforeQuery.slice(0, authorityStart + 2)}${REDACTED}@${authority.slice(at + 1)}${rest}`;
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
