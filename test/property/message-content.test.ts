/**
 * Message content round-trips through Azurite in every QueueMessageFormat, or is refused locally for the right
 * reason. Each case is put with QueueService; the verdict (message-verdict.ts, worked out without azqueue) says
 * whether the format can carry it. If it can, the put succeeds, and a peek, a peek of the raw stored text and a
 * get all give it back exactly (text compared code unit for code unit, bytes byte for byte); if it cannot, the put
 * fails with a ValidationError naming the verdict's rule, and nothing is sent.
 *
 * Cases run in batches of 32 on a fresh queue each: puts 16 at a time, then one peek and one get of 32 read the
 * whole batch back, matched by message id. All of it goes through the suite's recording proxy, so every exchange is
 * also checked against the spec.
 */
import fc from "fast-check";
import { afterAll, describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueMessageFormat, QueueService, ValidationError, type LogEvent, type MessageCodec } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { binaryContent, textContent } from "./message-arbitraries.js";
import { clearOfAzuriteChunkBug, codePoints, MESSAGE_BYTES_MAX, storedText, verdictFor, type FormatName, type Verdict } from "./message-verdict.js";
import { PROPERTY_RUNS, propertyParameters, propertyTimeout, Tally } from "./runs.js";

const BATCH = Math.min(32, PROPERTY_RUNS);
const BATCHES = Math.ceil(PROPERTY_RUNS / BATCH);
const IN_FLIGHT = 16;

const services: QueueService<unknown>[] = [];
afterAll(() => Promise.all(services.map((qs) => qs.close())));

function service<T>(codec: MessageCodec<T>, attempts: LogEvent[] = []): QueueService<T> {
  const qs = new QueueService<T>({
    endpoint: inject("azurite").accountUrl,
    accountName: EMULATOR_ACCOUNT_NAME,
    accountKey: EMULATOR_ACCOUNT_KEY,
    ...codec,
    logger: (event) => attempts.push(event),
  });
  services.push(qs as QueueService<unknown>);
  return qs;
}

interface FormatUnderTest<T extends string | Uint8Array> {
  readonly name: FormatName;
  readonly codec: MessageCodec<T>;
  readonly content: fc.Arbitrary<T>;
}

const FORMATS = [
  {
    name: "textXml",
    codec: { encodeFunction: QueueMessageFormat.textXmlEncode, decodeFunction: QueueMessageFormat.textXmlDecode },
    content: textContent("textXml"),
  } satisfies FormatUnderTest<string>,
  {
    name: "textBase64",
    codec: { encodeFunction: QueueMessageFormat.textBase64Encode, decodeFunction: QueueMessageFormat.textBase64Decode },
    content: textContent("textBase64"),
  } satisfies FormatUnderTest<string>,
  {
    name: "binaryBase64",
    codec: { encodeFunction: QueueMessageFormat.binaryBase64Encode, decodeFunction: QueueMessageFormat.binaryBase64Decode },
    content: binaryContent,
  } satisfies FormatUnderTest<Uint8Array>,
  {
    name: "noEncode",
    codec: { encodeFunction: QueueMessageFormat.noEncode, decodeFunction: QueueMessageFormat.noDecode },
    content: textContent("noEncode"),
  } satisfies FormatUnderTest<string>,
] as const;

interface Case<T> {
  readonly content: T;
  readonly verdict: Verdict;
  readonly [fc.toStringMethod]: () => string;
}

/** Cases with their verdicts; accepted text never puts a multi-byte character where Azurite's chunk bug bites. */
function cases<T extends string | Uint8Array>(format: FormatUnderTest<T>): fc.Arbitrary<Case<T>> {
  return format.content
    .map((content): Case<T> => {
      const verdict = verdictFor(format.name, content);
      // A failing batch is printed case by case: a line each, not 64 KiB each.
      return { content, verdict, [fc.toStringMethod]: () => `${summary(content)} ${verdict.accepted ? "accepted" : `refused (${verdict.rule})`}` };
    })
    .filter(({ verdict }) => !verdict.accepted || clearOfAzuriteChunkBug(verdict.stored));
}

/** The start of some content and its length, escaped so controls and lone surrogates show. */
function summary(content: string | Uint8Array): string {
  if (typeof content !== "string") return `bytes(${content.length}) ${Buffer.from(content.subarray(0, 24)).toString("hex")}${content.length > 24 ? "..." : ""}`;
  return `text(${content.length}) ${JSON.stringify(content.slice(0, 60))}${content.length > 60 ? "..." : ""}`;
}

function same(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

/** Where two contents first differ, in code units or bytes, without printing 64 KiB. */
function difference(got: string | Uint8Array, want: string | Uint8Array): string {
  const unit = (value: string | Uint8Array, i: number) => (i >= value.length ? undefined : typeof value === "string" ? value.charCodeAt(i) : value[i]);
  let i = 0;
  while (i < got.length && i < want.length && unit(got, i) === unit(want, i)) i++;
  const hex = (value: number | undefined) => (value === undefined ? "end" : `0x${value.toString(16)}`);
  return `lengths ${got.length} and ${want.length} (expected); first difference at ${i}: ${hex(unit(got, i))} instead of ${hex(unit(want, i))}`;
}

function expectSame(what: string, got: string | Uint8Array, want: string | Uint8Array): void {
  if (!same(got, want)) expect.fail(`${what}: ${difference(got, want)}`);
}

async function forEachInFlight<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Counts of the hard cases a batch held, so the figures show the generator reached them. */
function countTraits(format: FormatName, content: string | Uint8Array, verdict: Verdict, tally: Tally): void {
  if (verdict.accepted || verdict.rule === "message-size") {
    const size = Buffer.byteLength(storedText(format, content), "utf8");
    if (size > MESSAGE_BYTES_MAX - 8 && size <= MESSAGE_BYTES_MAX) tally.count("trait: stored size 64 KiB - 7 to 64 KiB");
    if (size > MESSAGE_BYTES_MAX && size <= MESSAGE_BYTES_MAX + 8) tally.count("trait: stored size 64 KiB + 1 to 64 KiB + 8");
  }
  if (content.length === 0) tally.count("trait: empty");
  if (typeof content !== "string") {
    if (!isUtf8(content)) tally.count("trait: not UTF-8");
    return;
  }
  const points = [...codePoints(content)];
  if (points.some((p) => p > 0xffff)) tally.count("trait: surrogate pair");
  if (points.some((p) => p >= 0xd800 && p <= 0xdfff)) tally.count("trait: lone surrogate");
  if (points.some((p) => p < 0x20 && p !== 0x9 && p !== 0xa && p !== 0xd)) tally.count("trait: C0 control other than tab, LF, CR");
  if (points.some((p) => p === 0xfffe || p === 0xffff)) tally.count("trait: U+FFFE or U+FFFF");
  if (content.includes("\r")) tally.count('trait: "\\r"');
  if (content.includes("\r\n")) tally.count('trait: "\\r\\n"');
  if (/^[ \t\r\n]|[ \t\r\n]$/.test(content)) tally.count("trait: leading or trailing white space");
  if (/^[+-]?(\d+(\.\d*)?([eE]\d+)?|Infinity|NaN|true|false|TRUE|null)$/.test(content)) tally.count("trait: whole text looks like a number or literal");
  if (/&amp;|]]>|[<>"']/.test(content)) tally.count("trait: &amp; ]]> < > or quotes");
  if (points.some((p) => p > 0x7f) && content.length > 8192) tally.count("trait: over 8192 units with non-ASCII");
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

async function checkBatch<T extends string | Uint8Array>(
  format: FormatUnderTest<T>,
  qs: QueueService<T>,
  raw: QueueService,
  attempts: LogEvent[],
  batch: readonly Case<T>[],
  tally: Tally,
): Promise<void> {
  const label = (index: number) => `case ${index} of the batch, ${summary(batch[index]!.content)}`;
  const queue = uniqueQueueName(`prop-${format.name.toLowerCase()}`);
  await qs.createQueue(queue, { failOnExist: true });
  try {
    // Refusals first, one at a time and with nothing else in flight, so the logger proves nothing was sent.
    for (const [index, { content, verdict }] of batch.entries()) {
      if (verdict.accepted) continue;
      const before = attempts.length;
      const error = await qs.putMessage(queue, content).then(
        () => expect.fail(`${label(index)}: put, but the format cannot carry it (${verdict.rule})`),
        (e: unknown) => e,
      );
      expect(error, label(index)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule, label(index)).toBe(verdict.rule);
      expect(attempts.length, `${label(index)}: attempts sent`).toBe(before);
      tally.count(`refused locally: ${verdict.rule}`);
    }

    const byId = new Map<string, number>();
    const accepted = [...batch.keys()].filter((index) => batch[index]!.verdict.accepted);
    await forEachInFlight(accepted, IN_FLIGHT, async (index) => {
      const { content } = batch[index]!;
      const put = await qs.putMessage(queue, content).catch((error: unknown) => expect.fail(`${label(index)}: put failed: ${String(error)}`));
      expectSame(`${label(index)}: putMessage's content`, put.content, content);
      byId.set(put.id, index);
    });

    const peeked = await qs.peekMessages(queue, { numMessages: 32 });
    const stored = await raw.peekMessages(queue, { numMessages: 32 });
    const got = await qs.getMessages(queue, { numMessages: 32 });
    for (const [what, messages] of [["peek", peeked], ["raw peek", stored], ["get", got]] as const) {
      expect(messages.map((m) => m.id).sort(), `${what}: the batch's message ids`).toEqual([...byId.keys()].sort());
      for (const message of messages) {
        const index = byId.get(message.id)!;
        const { content, verdict } = batch[index]!;
        const want = what === "raw peek" ? (verdict.accepted ? verdict.stored : "") : content;
        expectSame(`${label(index)}: ${what === "raw peek" ? "the stored text" : `the content read by ${what}`}`, message.content, want);
      }
    }
    tally.count("round-tripped (put, peek, raw peek, get)", byId.size);
  } finally {
    await qs.deleteQueue(queue);
  }
  for (const { content, verdict } of batch) countTraits(format.name, content, verdict, tally);
  tally.count("cases", batch.length);
}

async function checkFormat<T extends string | Uint8Array>(format: FormatUnderTest<T>): Promise<Tally> {
  const attempts: LogEvent[] = [];
  const qs = service(format.codec, attempts);
  const raw = service({ encodeFunction: QueueMessageFormat.noEncode, decodeFunction: QueueMessageFormat.noDecode });
  const startedAt = performance.now();
  const tally = new Tally();
  await fc.assert(
    fc.asyncProperty(fc.array(cases(format), { minLength: BATCH, maxLength: BATCH }), (batch) => checkBatch(format, qs, raw, attempts, batch, tally)),
    // No shrinking: it would rerun 32-case batches against Azurite for minutes. A failure names its case, with the
    // seed and path to replay the batch (AZQUEUE_PROPERTY_SEED).
    { ...propertyParameters(BATCHES), endOnFailure: true },
  );
  tally.print(`message content, ${format.name}: ${BATCHES} batches of ${BATCH}`, startedAt);
  return tally;
}

describe("message content round-trips through Azurite, or is refused locally for the right reason", () => {
  const timeout = propertyTimeout(BATCHES * BATCH, 3);

  it(`textXmlEncode/textXmlDecode: ${BATCHES * BATCH} cases`, { timeout }, async () => {
    const tally = await checkFormat(FORMATS[0]);
    for (const reached of ["refused locally: xml-chars", "refused locally: message-size", "trait: surrogate pair", 'trait: "\\r\\n"']) {
      expect(tally.get(reached), reached).toBeGreaterThan(0);
    }
    expect(tally.get("round-tripped (put, peek, raw peek, get)")).toBeGreaterThan(tally.get("cases") / 3);
  });

  it(`textBase64Encode/textBase64Decode: ${BATCHES * BATCH} cases`, { timeout }, async () => {
    const tally = await checkFormat(FORMATS[1]);
    for (const reached of ["refused locally: lone-surrogate", "refused locally: message-size", "trait: C0 control other than tab, LF, CR"]) {
      expect(tally.get(reached), reached).toBeGreaterThan(0);
    }
    expect(tally.get("round-tripped (put, peek, raw peek, get)")).toBeGreaterThan(tally.get("cases") / 3);
  });

  it(`binaryBase64Encode/binaryBase64Decode: ${BATCHES * BATCH} cases`, { timeout }, async () => {
    const tally = await checkFormat(FORMATS[2]);
    for (const reached of ["refused locally: message-size", "trait: stored size 64 KiB - 7 to 64 KiB", "trait: stored size 64 KiB + 1 to 64 KiB + 8", "trait: not UTF-8"]) {
      expect(tally.get(reached), reached).toBeGreaterThan(0);
    }
    expect(tally.get("round-tripped (put, peek, raw peek, get)")).toBeGreaterThan(tally.get("cases") / 3);
  });

  it(`noEncode/noDecode: ${BATCHES * BATCH} cases`, { timeout }, async () => {
    const tally = await checkFormat(FORMATS[3]);
    for (const reached of ["refused locally: xml-chars", "refused locally: message-size", "trait: U+FFFE or U+FFFF"]) {
      expect(tally.get(reached), reached).toBeGreaterThan(0);
    }
    expect(tally.get("round-tripped (put, peek, raw peek, get)")).toBeGreaterThan(tally.get("cases") / 3);
  });
});
