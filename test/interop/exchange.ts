/**
 * The common shape of every interop test: one side puts each case, the other reads until it has seen every message
 * id, and the contents are compared case by case (by message id, not by queue order).
 */
import { expect } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueMessageFormat, QueueService } from "../../src/index.js";
import type { ContentCase } from "./cases.js";

/** A message as either side reports it: its id and its decoded content. */
export interface Received<T> {
  readonly id: string;
  readonly content: T | undefined;
}

/** Get Messages returns at most 32; every case list stays below that. */
export const MAX_BATCH = 32;

/** The azqueue encode/decode pair for each format name the Python peers use. */
export const AZQUEUE_FORMATS = {
  textXml: { encodeFunction: QueueMessageFormat.textXmlEncode, decodeFunction: QueueMessageFormat.textXmlDecode },
  textBase64: {
    encodeFunction: QueueMessageFormat.textBase64Encode,
    decodeFunction: QueueMessageFormat.textBase64Decode,
  },
  binaryBase64: {
    encodeFunction: QueueMessageFormat.binaryBase64Encode,
    decodeFunction: QueueMessageFormat.binaryBase64Decode,
  },
  none: { encodeFunction: QueueMessageFormat.noEncode, decodeFunction: QueueMessageFormat.noDecode },
} as const;

export type FormatName = keyof typeof AZQUEUE_FORMATS;

/** azqueue's QueueService on the emulator account at `accountUrl`, with one format. */
export function azqueueService<T>(
  accountUrl: string,
  format: { encodeFunction: (content: T) => string; decodeFunction: (text: string) => T },
): QueueService<T> {
  return new QueueService<T>({
    endpoint: accountUrl,
    accountName: EMULATOR_ACCOUNT_NAME,
    accountKey: EMULATOR_ACCOUNT_KEY,
    encodeFunction: format.encodeFunction,
    decodeFunction: format.decodeFunction,
  });
}

/**
 * azqueue with the named format, typed for any content: a test pairs a format with its case list, and the encoders
 * check the content's type at run time anyway (a mismatch is a ValidationError, which would fail the test).
 */
export function azqueueWithFormat(accountUrl: string, format: FormatName): QueueService<string | Uint8Array> {
  const pair = AZQUEUE_FORMATS[format] as unknown as {
    encodeFunction: (content: string | Uint8Array) => string;
    decodeFunction: (text: string) => string | Uint8Array;
  };
  return azqueueService(accountUrl, pair);
}

/** Puts every case in order; returns the message ids, index for index. */
export async function putAll<T>(cases: readonly ContentCase<T>[], put: (content: T) => Promise<{ id: string }>) {
  const ids: string[] = [];
  for (const { content } of cases) ids.push((await put(content)).id);
  return ids;
}

/**
 * Reads with `read` until every id in `ids` has been seen (a read may return fewer messages than asked for),
 * giving up after a few reads that bring nothing new. Returns the content per id.
 */
export async function readAll<T>(ids: readonly string[], read: () => Promise<readonly Received<T>[]>) {
  const seen = new Map<string, T | undefined>();
  for (let idle = 0; seen.size < ids.length && idle < 3; ) {
    const before = seen.size;
    for (const message of await read()) seen.set(message.id, message.content);
    idle = seen.size === before ? idle + 1 : 0;
  }
  return seen;
}

/** Fails with a per-case diff unless each case came back with exactly the content that was put. */
export function expectSameContents<T>(
  cases: readonly ContentCase<T>[],
  ids: readonly string[],
  received: ReadonlyMap<string, T | undefined>,
): void {
  expect(new Set(received.keys())).toEqual(new Set(ids));
  const got = cases.map((c, index) => ({ name: c.name, content: normalise(received.get(ids[index]!)) }));
  const want = cases.map((c) => ({ name: c.name, content: normalise(c.content) }));
  expect(got).toEqual(want);
}

/** Compare bytes as plain Uint8Arrays, whichever view (Buffer, Uint8Array) a side returned. */
function normalise(content: unknown): unknown {
  return content instanceof Uint8Array ? Array.from(content) : content;
}
