/**
 * SharedKey authorization: an HMAC-SHA256, keyed with the account key, over a canonical form of the request
 * (the "string to sign" of the REST reference, version 2009-09-19 and later). The key lives only in the closure of
 * the authorizer, so neither `util.inspect` nor an error message can reach it.
 */
import { createHmacSha256 } from "#platform/hmac";
import { decodeBase64Strict } from "../encoding/base64.js";
import { ValidationError } from "../errors.js";
import type { Authorizer, WireRequest } from "../transport/types.js";
import { withHeader } from "../transport/wire-request.js";
import { compareCanonicalHeaderNames } from "./canonical-header-order.js";

/** The standard headers of the string to sign, in the documented order, after the verb. */
const SIGNED_STANDARD_HEADERS = [
  "content-encoding",
  "content-language",
  "content-length",
  "content-md5",
  "content-type",
  "date",
  "if-modified-since",
  "if-match",
  "if-none-match",
  "if-unmodified-since",
  "range",
] as const;

/**
 * The account key's bytes.
 *
 * @throws ValidationError (`rule` "account-key") when the key is empty or not base64; the message never quotes it.
 * @example
 * decodeAccountKey(EMULATOR_ACCOUNT_KEY).length // 64
 */
export function decodeAccountKey(accountKeyBase64: string): Uint8Array {
  if (typeof accountKeyBase64 !== "string" || accountKeyBase64.trim() === "") {
    throw new ValidationError("account-key", "the account key is empty");
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = decodeBase64Strict(accountKeyBase64.trim(), "account key");
  } catch {
    bytes = undefined;
  }
  if (bytes === undefined || bytes.length === 0) {
    // No cause attached: the decoder's own error might quote its input.
    throw new ValidationError("account-key", "the account key is not valid base64 (copy it whole from the portal or connection string)");
  }
  return bytes;
}

/**
 * The SharedKey string to sign for one request, exposed for diagnostics and tests.
 *
 * - The standard headers follow the verb in the documented order (Content-Encoding before Content-Language; the
 *   JavaScript SDK and Azurite swap those two, which only matters if one of them is set, and azqueue sends neither).
 * - Content-Length is the body's byte length, empty for an empty body, as the transport sends exactly that body.
 * - Date is empty when `x-ms-date` is present.
 * - `x-ms-*` headers: names lower-cased and sorted as the service sorts them. Every signed value has the surrounding
 *   space and tab trimmed (servers drop them on receipt). Inner whitespace is kept, as the official SDKs and Azurite
 *   do, although the reference speaks of folding it.
 * - The resource: `/{account}{encoded path}`, then one line per query parameter, `name:value` with the name
 *   lower-cased and the value decoded, sorted by name; repeated names give one line with the values sorted and
 *   joined by commas. For path-style URLs (the emulator) the path already starts with the account, and it stays:
 *   `/devstoreaccount1/devstoreaccount1/queue`, as Azurite and the official SDK have it.
 *
 * @throws ValidationError (`rule` "duplicate-header") when two headers differ only in case: the wire would carry
 *   both and no signature could match.
 * @example
 * sharedKeyStringToSign({ method: "GET", url: "https://acct.queue.core.windows.net/?comp=list",
 *   headers: { "x-ms-date": "Mon, 01 Jan 2024 00:00:00 GMT", "x-ms-version": "2025-11-05" } }, "acct")
 * // "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-version:2025-11-05\n/acct/\ncomp:list"
 */
export function sharedKeyStringToSign(request: WireRequest, accountName: string): string {
  return stringToSign(request, accountName);
}

/** Where each signed standard header sits in the string to sign (index into SIGNED_STANDARD_HEADERS). */
const STANDARD_HEADER_SLOT: Readonly<Record<string, number>> = Object.assign(
  Object.create(null) as Record<string, number>,
  Object.fromEntries(SIGNED_STANDARD_HEADERS.map((name, index) => [name, index])),
);
const CONTENT_LENGTH_SLOT = STANDARD_HEADER_SLOT["content-length"]!;
const DATE_SLOT = STANDARD_HEADER_SLOT["date"]!;

function stringToSign(request: WireRequest, accountName: string): string {
  // A null-prototype object rather than a Set: a few names per request, looked up once each.
  const seen: Record<string, true> = Object.create(null);
  // Allocated only when the request has a signed standard header (most have none).
  let standard: string[] | undefined;
  const storageNames: string[] = [];
  const storageValues: string[] = [];
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (seen[lower]) {
      throw new ValidationError("duplicate-header", `the header ${lower} is given twice, in different letter cases`);
    }
    seen[lower] = true;
    if (lower.startsWith("x-ms-")) {
      storageNames.push(lower);
      storageValues.push(trimOptionalWhitespace(request.headers[name]!));
      continue;
    }
    const slot = STANDARD_HEADER_SLOT[lower];
    if (slot !== undefined) (standard ??= ["", "", "", "", "", "", "", "", "", "", ""])[slot] = trimOptionalWhitespace(request.headers[name]!);
  }

  const bodyLength = request.body?.byteLength ?? 0;
  const contentLength = bodyLength === 0 ? "" : String(bodyLength);
  let text: string;
  if (standard === undefined) {
    // Every standard line empty but Content-Length (the third).
    text = `${request.method.toUpperCase()}\n\n\n${contentLength}\n\n\n\n\n\n\n\n\n`;
  } else {
    standard[CONTENT_LENGTH_SLOT] = contentLength;
    if (seen["x-ms-date"]) standard[DATE_SLOT] = "";
    text = `${request.method.toUpperCase()}\n${standard.join("\n")}\n`;
  }
  for (const index of canonicalOrder(storageNames)) text += `${storageNames[index]}:${storageValues[index]}\n`;
  return text + canonicalizedResource(request.url, accountName);
}

// The last list of x-ms-* names and its canonical order: requests of one kind repeat the same names in the same
// order (client request id, date, version), so the order is worked out once, not per request.
let lastStorageNames: readonly string[] = [];
let lastOrder: readonly number[] = [];

/** The indexes of `names` in the service's header order. */
function canonicalOrder(names: readonly string[]): readonly number[] {
  if (names.length === lastStorageNames.length && names.every((name, index) => name === lastStorageNames[index])) return lastOrder;
  const order = names.map((_, index) => index);
  if (order.length > 1) order.sort((a, b) => compareCanonicalHeaderNames(names[a]!, names[b]!));
  lastStorageNames = names;
  lastOrder = order;
  return order;
}

/** HTTP's optional whitespace (space, tab) around a field value; `String#trim` would also eat e.g. U+00A0. */
function trimOptionalWhitespace(value: string): string {
  if (value === "") return value;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09) return value;
  return value.replace(/^[ \t]+|[ \t]+$/g, "");
}

/**
 * The common URL, read without the URL parser: an http(s) origin, a path of characters the URL parser leaves as
 * they are, an optional query of printable ASCII, no fragment. Anything else (dot segments, spaces, non-ASCII,
 * backslashes, a fragment) goes through `new URL`, which normalises it.
 */
const PLAIN_URL = /^(https?:\/\/[^/?#\\@\s]+)(\/[A-Za-z0-9\-_~%!$&'()*+,;=:@/.]*)?(?:\?([\x21-\x22\x24-\x7e]*))?$/i;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

// Origins already accepted by the URL parser; a client talks to one or two.
const parsedOrigins = new Set<string>();

// The last resource signed: a client sending to one queue (puts, gets, lists) signs the same URL again and again.
let lastUrl = "";
let lastAccountName = "";
let lastResource = "";

function canonicalizedResource(url: string, accountName: string): string {
  if (url === lastUrl && accountName === lastAccountName) return lastResource;
  const resource = readCanonicalizedResource(url, accountName);
  lastUrl = url;
  lastAccountName = accountName;
  lastResource = resource;
  return resource;
}

function readCanonicalizedResource(url: string, accountName: string): string {
  const plain = PLAIN_URL.exec(url);
  if (plain && !DOT_SEGMENT.test(plain[2] ?? "") && originParses(plain[1]!)) {
    const resource = `/${accountName}${plain[2] || "/"}`;
    const query = plain[3];
    if (!query) return resource;
    const lines = queryLines(query);
    if (lines !== undefined) return resource + lines;
  }
  return canonicalizedResourceOfParsedUrl(url, accountName);
}

function originParses(origin: string): boolean {
  if (parsedOrigins.has(origin)) return true;
  try {
    new URL(origin);
  } catch {
    return false;
  }
  if (parsedOrigins.size >= 16) parsedOrigins.clear();
  parsedOrigins.add(origin);
  return true;
}

/**
 * The query's lines as URLSearchParams would read them ('+' as a space, percent-decoded), or undefined when a
 * percent sequence does not decode to UTF-8 (URLSearchParams substitutes U+FFFD there; the slow path does it).
 */
function queryLines(query: string): string | undefined {
  const pairs = query.split("&");
  if (pairs.length === 1) {
    const pair = readQueryPair(pairs[0]!);
    if (pair === null) return "";
    return pair && `\n${pair[0]}:${pair[1]}`;
  }
  const values: Record<string, string[]> = Object.create(null);
  const names: string[] = [];
  for (const text of pairs) {
    const pair = readQueryPair(text);
    if (pair === null) continue;
    if (pair === undefined) return undefined;
    const list = values[pair[0]];
    if (list) list.push(pair[1]);
    else {
      values[pair[0]] = [pair[1]];
      names.push(pair[0]);
    }
  }
  let lines = "";
  for (const name of names.sort()) lines += `\n${name}:${values[name]!.sort().join(",")}`;
  return lines;
}

/** `[lower-case name, value]`, null for an empty pair (URLSearchParams skips those), undefined if undecodable. */
function readQueryPair(text: string): [string, string] | null | undefined {
  if (text === "") return null;
  const equals = text.indexOf("=");
  const name = decodeQueryComponent(equals === -1 ? text : text.slice(0, equals));
  const value = equals === -1 ? "" : decodeQueryComponent(text.slice(equals + 1));
  if (name === undefined || value === undefined) return undefined;
  return [name.toLowerCase(), value];
}

function decodeQueryComponent(text: string): string | undefined {
  const spaced = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

function canonicalizedResourceOfParsedUrl(url: string, accountName: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError("url", "the request URL is not an absolute URL");
  }
  let resource = `/${accountName}${parsed.pathname || "/"}`;
  const values = new Map<string, string[]>();
  for (const [name, value] of parsed.searchParams) {
    const lower = name.toLowerCase();
    const list = values.get(lower);
    if (list) list.push(value);
    else values.set(lower, [value]);
  }
  for (const name of [...values.keys()].sort()) {
    resource += `\n${name}:${values.get(name)!.sort().join(",")}`;
  }
  return resource;
}

/**
 * An authorizer that signs each attempt with SharedKey and sets `Authorization: SharedKey {account}:{signature}`.
 * The key is decoded and the HMAC prepared once, here; each call only hashes. Expects `x-ms-date` to be stamped
 * already (the transport's attempt-headers step does it for every attempt).
 *
 * @throws ValidationError when the account name is empty or the key is not base64.
 * @example
 * const authorize = createSharedKeyAuthorizer("devstoreaccount1", EMULATOR_ACCOUNT_KEY);
 * const signed = await authorize({ method: "GET", url: `${accountUrl}/?comp=list`,
 *   headers: { "x-ms-date": new Date().toUTCString(), "x-ms-version": SERVICE_VERSION } });
 * signed.headers.Authorization // "SharedKey devstoreaccount1:..."
 */
export function createSharedKeyAuthorizer(accountName: string, accountKeyBase64: string): Authorizer {
  if (typeof accountName !== "string" || accountName.trim() === "") {
    throw new ValidationError("account-name", "SharedKey needs the account name, and it is empty");
  }
  const account = accountName.trim();
  const hmac = createHmacSha256(decodeAccountKey(accountKeyBase64));
  const prefix = `SharedKey ${account}:`;
  return function authorizeWithSharedKey(request: WireRequest): WireRequest {
    return withHeader(request, "Authorization", prefix + hmac(stringToSign(request, account)));
  };
}
