/**
 * SharedKey authorization: an HMAC-SHA256, keyed with the account key, over a canonical form of the request
 * (the "string to sign" of the REST reference, version 2009-09-19 and later). The key lives only in the closure of
 * the authorizer, so neither `util.inspect` nor an error message can reach it.
 */
import { createHmacSha256 } from "#platform/hmac";
import { decodeBase64Strict } from "../encoding/base64.js";
import { ValidationError } from "../errors.js";
import type { Authorizer, WireRequest } from "../transport/types.js";
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

type StandardHeader = (typeof SIGNED_STANDARD_HEADERS)[number];

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
  const standard = new Map<StandardHeader, string>();
  const storageHeaders: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const name of Object.keys(request.headers)) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) {
      throw new ValidationError("duplicate-header", `the header ${lower} is given twice, in different letter cases`);
    }
    seen.add(lower);
    const value = request.headers[name]!;
    if (lower.startsWith("x-ms-")) storageHeaders.push([lower, trimOptionalWhitespace(value)]);
    else if ((SIGNED_STANDARD_HEADERS as readonly string[]).includes(lower)) standard.set(lower as StandardHeader, trimOptionalWhitespace(value));
  }

  const bodyLength = request.body?.byteLength ?? 0;
  standard.set("content-length", bodyLength === 0 ? "" : String(bodyLength));
  if (seen.has("x-ms-date")) standard.set("date", "");

  let result = request.method.toUpperCase();
  for (const header of SIGNED_STANDARD_HEADERS) result += `\n${standard.get(header) ?? ""}`;
  result += "\n";
  storageHeaders.sort(([a], [b]) => compareCanonicalHeaderNames(a, b));
  for (const [name, value] of storageHeaders) result += `${name}:${value}\n`;
  return result + canonicalizedResource(request.url, accountName);
}

/** HTTP's optional whitespace (space, tab) around a field value; `String#trim` would also eat e.g. U+00A0. */
function trimOptionalWhitespace(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, "");
}

function canonicalizedResource(url: string, accountName: string): string {
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
 * already (the transport's sign step does it for every attempt).
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
    const signature = hmac(sharedKeyStringToSign(request, account));
    const headers: Record<string, string> = {};
    for (const name of Object.keys(request.headers)) {
      if (name.toLowerCase() !== "authorization") headers[name] = request.headers[name]!;
    }
    headers["Authorization"] = prefix + signature;
    return { ...request, headers };
  };
}
