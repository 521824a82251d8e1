/**
 * Dates in and out of the facade. Inputs take a `Date` or an ISO 8601 string; a string without an offset means
 * UTC, as in the reference ("if a date is passed in without timezone info, it is assumed to be UTC"), where
 * `Date.parse` would read it as local time. Outputs are the exact strings the service (and the official SDK) use.
 *
 * Errors: a bad input is a `ValidationError` (rule `date`) naming the parameter; a date from the service that does
 * not parse is a `ResponseParseError`, except the HTTP `Date` header, which is informative only and read leniently.
 */
import { ResponseParseError, ValidationError } from "../errors.js";

// YYYY-MM-DD, then optionally T (or a space, as RFC 3339 allows) and hh:mm[:ss[.fraction]], then Z or ±hh[:]mm.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

// What the service sends in headers and message lists: "Sun, 22 Nov 2026 11:25:20 GMT".
const RFC_1123 = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The years the service (a .NET DateTime) and the fixed-width formats below can represent.
const MIN_TIME = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_TIME = Date.parse("9999-12-31T23:59:59.999Z");

/** Milliseconds since the epoch for valid UTC fields, or undefined when a field is out of range (e.g. 31 April). */
function utcTime(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts them back.
  date.setUTCFullYear(year);
  return date.getUTCDate() === day ? date.getTime() : undefined;
}

function parseIso8601(text: string): number | undefined {
  const match = ISO_8601.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", zulu, sign, offsetHours, offsetMinutes = "0"] = match;
  // Milliseconds only; further digits (the service writes seven) are dropped, not rounded.
  const ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  const time = utcTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), ms);
  if (time === undefined) return undefined;
  if (zulu !== undefined || sign === undefined) return time;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === "+" ? time - offset : time + offset;
}

function inRange(time: number | undefined): time is number {
  return time !== undefined && time >= MIN_TIME && time <= MAX_TIME;
}

/**
 * A `Date` from a `Date` or an ISO 8601 string (no offset means UTC), checked to be a real date in years
 * 0001-9999. Anything else is a `ValidationError` (rule `date`) naming `name`.
 *
 * @example
 * toDate("2026-01-01T00:00:00Z", "expiry"); // 2026-01-01T00:00:00.000Z
 * toDate("2026-01-01", "start"); // midnight UTC
 * toDate("next week", "expiry"); // throws ValidationError: expiry is not an ISO 8601 date...
 */
export function toDate(input: Date | string, name: string): Date {
  if (input instanceof Date) {
    if (!inRange(Number.isNaN(input.getTime()) ? undefined : input.getTime())) {
      throw new ValidationError("date", `${name} is an invalid Date or outside years 0001-9999`);
    }
    return new Date(input.getTime());
  }
  if (typeof input !== "string") {
    throw new ValidationError("date", `${name} must be a Date or an ISO 8601 string (got ${input === null ? "null" : typeof input})`);
  }
  const time = parseIso8601(input);
  if (!inRange(time)) {
    throw new ValidationError(
      "date",
      `${name} is not an ISO 8601 date in years 0001-9999 (e.g. "2026-01-01T00:00:00Z"): ${quote(input)}`,
    );
  }
  return new Date(time);
}

/**
 * The `Start`/`Expiry` form of a stored access policy, as @azure/storage-queue writes it: seven fraction digits,
 * the milliseconds followed by four zeros (`2026-11-22T10:25:20.3670000Z`). Takes what {@link toDate} takes.
 *
 * @example
 * formatAccessPolicyDate("2026-11-22T10:25:20.367Z", "start"); // "2026-11-22T10:25:20.3670000Z"
 */
export function formatAccessPolicyDate(input: Date | string, name = "date"): string {
  return toDate(input, name).toISOString().slice(0, 23) + "0000Z";
}

/**
 * Reads a date the service sent: RFC 1123 (`Sun, 22 Nov 2026 11:25:20 GMT`, in headers and message lists) or
 * ISO 8601 (access policies, `LastSyncTime`). Anything else is a `ResponseParseError` naming `field`.
 *
 * @example
 * parseServiceDate("Sun, 22 Nov 2026 11:25:20 GMT"); // 2026-11-22T11:25:20.000Z
 * parseServiceDate("2026-11-22T10:25:20.3670000Z", "Start"); // 2026-11-22T10:25:20.367Z
 */
export function parseServiceDate(
  text: string,
  field = "date",
  response?: { readonly statusCode?: number; readonly requestId?: string | undefined },
): Date {
  const time = typeof text === "string" ? (parseRfc1123(text) ?? parseIso8601(text)) : undefined;
  if (time === undefined) {
    throw new ResponseParseError(
      `The service sent a ${field} that is neither an RFC 1123 nor an ISO 8601 date: ${typeof text === "string" ? quote(text) : typeof text}`,
      response,
    );
  }
  return new Date(time);
}

// Responses within one second share their Date header: the text is parsed once, each caller gets its own Date.
let lastDateText: string | undefined;
let lastDateTime = Number.NaN;

/**
 * An HTTP `Date` header as a Date; undefined when absent or unreadable (it is informative only).
 *
 * @example
 * parseHttpDate("Sun, 22 Nov 2026 11:25:20 GMT"); // 2026-11-22T11:25:20.000Z
 * parseHttpDate(undefined); // undefined
 */
export function parseHttpDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  if (text !== lastDateText) {
    lastDateTime = new Date(text).getTime();
    lastDateText = text;
  }
  return Number.isNaN(lastDateTime) ? undefined : new Date(lastDateTime);
}

// A page of messages repeats the same few second-resolution times (32 messages, 3 dates each, mostly equal):
// remembering the last one read spares the regex and two Date objects for most of them.
let lastRfc1123 = "";
let lastRfc1123Time: number | undefined;

function parseRfc1123(text: string): number | undefined {
  if (text === lastRfc1123) return lastRfc1123Time;
  const match = RFC_1123.exec(text);
  if (!match) return undefined;
  const [, day, month = "", year, hour, minute, second] = match;
  const time = utcTime(Number(year), MONTHS.indexOf(month) + 1, Number(day), Number(hour), Number(minute), Number(second), 0);
  lastRfc1123 = text;
  lastRfc1123Time = time;
  return time;
}

// Dates are not secrets, but a caller's string could be anything: quote a bounded prefix.
function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);
}
