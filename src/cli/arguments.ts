/**
 * Parsers for option values, so that a malformed number or pair is a usage error (exit 2) that names the option,
 * found before anything is sent.
 */
import { InvalidArgumentError } from "commander";

/** A whole number in [min, max], for commander's option parser. */
export function integerIn(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number >= ${min}` : `expected a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** Collects repeated `k=v` options into a record. */
export function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const equals = value.indexOf("=");
  if (equals <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  return { ...previous, [value.slice(0, equals)]: value.slice(equals + 1) };
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A time: an ISO 8601 date, or a duration from now such as 30m, 12h or 7d (what people mean by an expiry). */
export function timeFromNow(value: string): Date {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) return new Date(Date.now() + Number(relative[1]) * UNIT_SECONDS[relative[2] as keyof typeof UNIT_SECONDS] * 1000);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError("expected an ISO 8601 date or a duration such as 30m, 12h or 7d");
  return date;
}
