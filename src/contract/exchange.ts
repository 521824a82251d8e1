/**
 * Turns an exchange as users hand it over (headers in any form, bodies as text or bytes) into one shape the
 * checks read: header values by lower-case name, bodies as text.
 */
import type { ContractBody, ContractHeaders } from "./types.js";

/** Header values by lower-case name, repeats kept in order. */
export type HeaderValues = ReadonlyMap<string, readonly string[]>;

const decoder = new TextDecoder("utf-8", { fatal: false });

function isPairs(headers: ContractHeaders): headers is Iterable<readonly [string, string]> {
  return typeof (headers as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";
}

/**
 * @example
 * headerValues({ "X-Ms-Version": "2025-11-05" }).get("x-ms-version"); // ["2025-11-05"]
 */
export function headerValues(headers: ContractHeaders | undefined): HeaderValues {
  const map = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
  };
  if (headers === undefined) return map;
  // Headers and Map-like objects iterate as [name, value] pairs; a Headers joins repeats with ", " already.
  if (isPairs(headers)) {
    for (const [name, value] of headers) add(name, value);
    return map;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) add(name, item);
    else add(name, String(value));
  }
  return map;
}

/** The body as text, without the UTF-8 byte-order mark the service puts before its XML; "" for none. */
export function bodyText(body: ContractBody): string {
  if (body === null || body === undefined) return "";
  const text = typeof body === "string" ? body : decoder.decode(body);
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}
