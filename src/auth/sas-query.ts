/**
 * The fields of a shared access signature, checked and written as the service and the official JavaScript SDK
 * (@azure/storage-queue 12.30) write them: permission letters in the documented order, times to the second in UTC,
 * and the query parameters in the SDK's order, each value `encodeURIComponent`-ed. Account and queue SAS share
 * these; their strings to sign live in sas-account.ts and sas-queue.ts.
 */
import { LIMITS, SERVICE_VERSION } from "../constants.js";
import { ValidationError } from "../errors.js";

/** `spr`: HTTPS only, or both. The service knows no HTTP-only SAS. */
export type SasProtocol = "https" | "https,http";

/** What every SAS may restrict besides its permissions and expiry. */
export interface SasCommonValues {
  /** When the SAS starts working; the service's receipt time when absent. */
  readonly start?: Date | undefined;
  /** One IPv4 address, or an inclusive range "a.b.c.d-e.f.g.h". */
  readonly ip?: string | undefined;
  /** Absent means both (the service's default). */
  readonly protocol?: SasProtocol | undefined;
  /** The signed version (`sv`); `SERVICE_VERSION` unless given. */
  readonly version?: string | undefined;
}

/** The letters of each field, in the order the service documents and the official SDKs emit them. */
export const SAS_LETTERS = {
  queuePermissions: "raup",
  accountPermissions: "rwdlacup",
  resourceTypes: "sco",
  // Blob, table, queue, file: the SDK's AccountSASServices.toString order, which is not alphabetical.
  services: "btqf",
} as const;

/** Account SAS exist from this version on; service SAS before it had no `sip`/`spr` lines. */
const OLDEST_SAS_VERSION = "2015-04-05";

/** `SASQueryParameters.toString()`'s order, restricted to the parameters a shared-key SAS carries. */
const QUERY_ORDER = ["sv", "ss", "srt", "spr", "st", "se", "sip", "si", "sp", "sig"] as const;

export type SasQueryFields = Partial<Record<(typeof QUERY_ORDER)[number], string>>;

/**
 * The set of letters in `text`, written out in `alphabet`'s order: the service compares `sp` against the canonical
 * order, so "ar" must go out (and be signed) as "ra". A repeated letter is harmless, as in the reference client and
 * the official SDK; a letter outside `alphabet` is refused, naming it, where the reference would drop it, so a typo
 * never silently narrows a grant. The one canonicaliser of SAS generation and the permission classes alike.
 *
 * @throws ValidationError (`rule`) for a value that is not a string, or a letter outside `alphabet`.
 * @example
 * canonicalSasLetters("prp", SAS_LETTERS.queuePermissions, "sas-permission", "the SAS permission") // "rp"
 */
export function canonicalSasLetters(text: unknown, alphabet: string, rule: string, what: string): string {
  if (typeof text !== "string") {
    throw new ValidationError(rule, `${what} must be a string of the letters "${alphabet}" (got ${typeof text})`);
  }
  for (const letter of text) {
    if (!alphabet.includes(letter)) throw new ValidationError(rule, `${what} has an unknown letter ${JSON.stringify(letter)} (allowed: "${alphabet}")`);
  }
  return [...alphabet].filter((letter) => text.includes(letter)).join("");
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` in UTC, milliseconds dropped: what the SDK signs and sends for `st` and `se`.
 *
 * @throws ValidationError (`sas-{parameter}`) for something other than a valid `Date`, or one outside the years
 *   0001-9999 that the service's dates cover (past 9999 the ISO form would also grow a sign and six digits).
 * @example
 * sasTimestamp(new Date("2030-01-02T03:04:05.678Z"), "expiry") // "2030-01-02T03:04:05Z"
 */
export function sasTimestamp(date: Date, parameter: "start" | "expiry"): string {
  if (Object.prototype.toString.call(date) !== "[object Date]" || Number.isNaN(date.getTime())) {
    throw new ValidationError(`sas-${parameter}`, `the SAS ${parameter} must be a valid Date`);
  }
  const iso = date.toISOString();
  if (iso.length !== 24 || iso.startsWith("0000")) {
    throw new ValidationError(`sas-${parameter}`, `the SAS ${parameter} must lie in the years 0001 to 9999`);
  }
  return `${iso.slice(0, 19)}Z`;
}

/**
 * The signed version: `SERVICE_VERSION` unless given. The string to sign depends on it, so it must be a real
 * version string, and no older than 2015-04-05, whose layouts are the only ones written here.
 *
 * @throws ValidationError (`sas-version`).
 * @example
 * sasVersion(undefined) // "2025-11-05"
 */
export function sasVersion(version: string | undefined): string {
  if (version === undefined) return SERVICE_VERSION;
  if (typeof version !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    throw new ValidationError("sas-version", 'the SAS version must be a service version such as "2025-11-05"');
  }
  if (version < OLDEST_SAS_VERSION) {
    throw new ValidationError("sas-version", `the SAS version must be ${OLDEST_SAS_VERSION} or later`);
  }
  return version;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * `sip`: one IPv4 address or an inclusive range `start-end` with start <= end. The service takes IPv4 only.
 *
 * @throws ValidationError (`sas-ip`).
 * @example
 * sasIpRange("168.1.5.60-168.1.5.70") // "168.1.5.60-168.1.5.70"
 */
export function sasIpRange(ip: string): string {
  const parts = typeof ip === "string" ? ip.split("-") : [];
  if (parts.length > 2 || !parts.every((part) => IPV4.test(part))) {
    throw new ValidationError("sas-ip", 'the SAS ip must be an IPv4 address ("168.1.5.65") or an inclusive range ("168.1.5.60-168.1.5.70")');
  }
  if (parts.length === 2 && ipv4Number(parts[0]!) > ipv4Number(parts[1]!)) {
    throw new ValidationError("sas-ip", "the SAS ip range starts after it ends");
  }
  return ip;
}

function ipv4Number(address: string): number {
  return address.split(".").reduce((total, octet) => total * 256 + Number(octet), 0);
}

/**
 * `spr`: "https" or "https,http", exactly.
 *
 * @throws ValidationError (`sas-protocol`).
 * @example
 * sasProtocol("https") // "https"
 */
export function sasProtocol(protocol: string): SasProtocol {
  if (protocol !== "https" && protocol !== "https,http") {
    throw new ValidationError("sas-protocol", 'the SAS protocol must be "https" or "https,http"');
  }
  return protocol;
}

// A lone surrogate cannot be percent-encoded (encodeURIComponent throws on it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `si`: the id of a stored access policy on the queue, 1 to 64 characters as the service allows.
 *
 * @throws ValidationError (`sas-identifier`).
 * @example
 * sasIdentifier("read-only") // "read-only"
 */
export function sasIdentifier(identifier: string): string {
  if (typeof identifier !== "string" || identifier.length === 0 || identifier.length > LIMITS.signedIdentifierIdMax) {
    throw new ValidationError("sas-identifier", `the SAS identifier (stored access policy id) must have 1 to ${LIMITS.signedIdentifierIdMax} characters`);
  }
  if (CONTROL.test(identifier) || LONE_SURROGATE.test(identifier)) {
    throw new ValidationError("sas-identifier", "the SAS identifier has a control character or a lone surrogate");
  }
  return identifier;
}

/**
 * The account name as signed: the SAS names it in its string to sign, one field per line.
 *
 * @throws ValidationError (`account-name`) when empty or holding whitespace, control characters or "/".
 * @example
 * sasAccountName("devstoreaccount1") // "devstoreaccount1"
 */
export function sasAccountName(accountName: string): string {
  if (typeof accountName !== "string" || accountName === "") {
    throw new ValidationError("account-name", "SAS generation needs the account name, and it is empty");
  }
  if (/[\s/]/.test(accountName) || CONTROL.test(accountName)) {
    throw new ValidationError("account-name", "the account name has whitespace, a control character or '/'");
  }
  return accountName;
}

/**
 * The fields every SAS shares, checked in this order: the start (which must come before `se`, the expiry already
 * written as a timestamp), the signed version, the ip range and the protocol.
 *
 * @throws ValidationError (`sas-start`, `sas-expiry`, `sas-version`, `sas-ip`, `sas-protocol`).
 * @example
 * const { sv, st, sip, spr } = commonSasFields({ ip: "10.0.0.1" }, "2030-01-01T00:00:00Z");
 */
export function commonSasFields(
  values: SasCommonValues,
  se: string | undefined,
): { sv: string; st: string | undefined; sip: string | undefined; spr: SasProtocol | undefined } {
  const st = values.start === undefined ? undefined : sasTimestamp(values.start, "start");
  assertSasWindow(st, se);
  return {
    sv: sasVersion(values.version),
    st,
    sip: values.ip === undefined ? undefined : sasIpRange(values.ip),
    spr: values.protocol === undefined ? undefined : sasProtocol(values.protocol),
  };
}

/**
 * Checks that `expiry` comes after `start`, to the second (what is signed), when both are given.
 *
 * @throws ValidationError (`sas-expiry`).
 */
export function assertSasWindow(start: string | undefined, expiry: string | undefined): void {
  // Both are fixed-width UTC timestamps of the same form, so text order is time order.
  if (start !== undefined && expiry !== undefined && expiry <= start) {
    throw new ValidationError("sas-expiry", "the SAS expiry must come after its start (compared to the second)");
  }
}

/**
 * The query string, without `?`: parameters in the official SDK's order, empty ones left out, names and values
 * `encodeURIComponent`-ed (so `:` in times is `%3A`, `,` in `https,http` is `%2C`, and `+`, `/`, `=` in the
 * signature are `%2B`, `%2F`, `%3D`).
 *
 * @example
 * encodeSasQuery({ sv: "2025-11-05", se: "2030-01-01T00:00:00Z", sp: "r", sig: "a+b=" })
 * // "sv=2025-11-05&se=2030-01-01T00%3A00%3A00Z&sp=r&sig=a%2Bb%3D"
 */
export function encodeSasQuery(fields: SasQueryFields): string {
  const pairs: string[] = [];
  for (const name of QUERY_ORDER) {
    const value = fields[name];
    if (value !== undefined && value !== "") pairs.push(`${name}=${encodeURIComponent(value)}`);
  }
  return pairs.join("&");
}
