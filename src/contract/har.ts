/**
 * HAR 1.2 logs, as browsers' developer tools and recording proxies export them, read into exchanges: only the
 * Queue service's entries (sent with `x-ms-version`, or to a `*.queue.*` host), CORS preflights left out.
 */
import { ValidationError } from "../errors.js";
import type { ContractExchange, ContractVerdict } from "./types.js";

/** The parts of a HAR 1.2 log the validator reads. */
export interface Har {
  /** The log: what a browser's network panel or a proxy saved. */
  readonly log: {
    /** The recorded requests, in order. */
    readonly entries: readonly HarEntry[];
  };
}

/** One entry of a HAR log. */
export interface HarEntry {
  /** The request as sent. */
  readonly request: {
    /** The HTTP method. */
    readonly method: string;
    /** The absolute URL, query included. */
    readonly url: string;
    /** The headers, HTTP/2 pseudo-headers (`:authority`) included as browsers record them. */
    readonly headers: readonly HarHeader[];
    /** The body, when there was one. */
    readonly postData?: {
      /** Its media type. */
      readonly mimeType?: string;
      /** Its text, or base64 when `encoding` says so. */
      readonly text?: string;
      /** `base64` for a body saved as base64. */
      readonly encoding?: string;
    };
  };
  /** The response as received. */
  readonly response: {
    /** The HTTP status; 0 when no response arrived (blocked, aborted). */
    readonly status: number;
    /** The response headers. */
    readonly headers: readonly HarHeader[];
    /** The body as saved. */
    readonly content: {
      /** Its length in bytes. */
      readonly size?: number;
      /** Its media type. */
      readonly mimeType?: string;
      /** Its text (base64 when `encoding` says so); absent when the recorder did not keep it. */
      readonly text?: string;
      /** `base64` for a body saved as base64. */
      readonly encoding?: string;
    };
  };
}

/** A header of a HAR request or response. */
export interface HarHeader {
  /** The header's name, in any letter case. */
  readonly name: string;
  /** Its value. */
  readonly value: string;
}

/** The verdict of one HAR entry. */
export interface HarEntryVerdict extends ContractVerdict {
  /** The entry's index in `log.entries`. */
  readonly entry: number;
}

/** A Queue entry as an exchange, and whether its response body was recorded. */
export interface HarExchange {
  readonly entry: number;
  readonly exchange: ContractExchange;
  readonly responseBodyRecorded: boolean;
}

// HTTP/2 pseudo-headers (":authority") are how browsers record the request line; they are not headers.
const headersOf = (headers: readonly HarHeader[]): [string, string][] =>
  headers.filter((header) => !header.name.startsWith(":")).map((header) => [header.name, header.value]);

function decode(text: string | undefined, encoding: string | undefined): string | Uint8Array | undefined {
  if (text === undefined) return undefined;
  if (encoding !== "base64") return text;
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function isQueueEntry(entry: HarEntry): boolean {
  if (entry.request.method.toUpperCase() === "OPTIONS") return false;
  if (entry.request.headers.some((header) => header.name.toLowerCase() === "x-ms-version")) return true;
  try {
    return /\.queue\./i.test(new URL(entry.request.url).hostname);
  } catch {
    return false;
  }
}

/**
 * The Queue exchanges of `har`.
 *
 * @throws ValidationError (rule `contract-har`) when it is not a HAR log.
 * @example
 * harExchanges({ log: { entries: [] } }); // []
 */
export function harExchanges(har: Har): HarExchange[] {
  const entries = (har as Partial<Har> | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new ValidationError("contract-har", "not a HAR log: it has no log.entries list");
  const exchanges: HarExchange[] = [];
  entries.forEach((entry: HarEntry, index) => {
    if (!isQueueEntry(entry)) return;
    const { request, response } = entry;
    const sent = { method: request.method, url: request.url, headers: headersOf(request.headers), body: decode(request.postData?.text, request.postData?.encoding) };
    if (response.status === 0) {
      exchanges.push({ entry: index, exchange: { request: sent }, responseBodyRecorded: false });
      return;
    }
    const body = decode(response.content.text, response.content.encoding);
    // A browser may keep no text for a body it did receive (size > 0): its body is not checked then.
    const responseBodyRecorded = body !== undefined || (response.content.size ?? 0) <= 0;
    exchanges.push({ entry: index, exchange: { request: sent, response: { status: response.status, headers: headersOf(response.headers), body } }, responseBodyRecorded });
  });
  return exchanges;
}
