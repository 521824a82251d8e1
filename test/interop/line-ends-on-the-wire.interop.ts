/**
 * Why "\r" round-trips through the Python clients against Azurite, and why that is Azurite's leniency rather than
 * the clients' doing: the request bodies, recorded on the way to Azurite, read by a conforming XML 1.0 parser
 * (Python's expat). XML 1.0 §2.11 turns a literal CR or CRLF into LF; only a character reference (&#xD;) keeps a CR.
 * Azurite's request parser does not normalise, so it stores what a conforming service would not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueueClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { decodeRecordedBody, readRecordings, startRecordingProxy, type RecordingProxy } from "../harness/recording-proxy.js";
import { AZQUEUE_FORMATS, azqueueService } from "./exchange.js";
import { recordRow } from "./matrix.js";
import { PythonPeer, type PythonFormat, type PythonSdk } from "./python-peer.js";

const { strict, lenient, python } = inject("interop");
const CONTENT = "a\rb\r\nc";

let proxy: RecordingProxy;
/** The official SDK needs the Azurite that skips the API-version check. */
let lenientProxy: RecordingProxy;
let recordingsDir: string;
let peer: PythonPeer;
const raw = azqueueService(strict.accountUrl, AZQUEUE_FORMATS.none);

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), "azqueue-interop-"));
  proxy = await startRecordingProxy({ target: strict.origin, recordingsPath: join(recordingsDir, "strict.jsonl") });
  lenientProxy = await startRecordingProxy({ target: lenient.origin, recordingsPath: join(recordingsDir, "lenient.jsonl") });
  const endpoint = `${proxy.origin}/${EMULATOR_ACCOUNT_NAME}`;
  peer = PythonPeer.start({ endpoint, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY }, python);
});

afterAll(async () => {
  await peer?.close();
  await raw.close();
  await proxy?.close();
  await lenientProxy?.close();
  if (recordingsDir) rmSync(recordingsDir, { recursive: true, force: true });
});

/** The MessageText part of the one Put Message request sent for `queue`, as it went over the wire. */
function putBody(queue: string, recorder = proxy): string {
  const puts = readRecordings(recorder.recordingsPath).filter(
    (exchange) => exchange.request.method === "POST" && exchange.request.target.includes(`/${queue}/messages`),
  );
  expect(puts).toHaveLength(1);
  return decodeRecordedBody(puts[0]!.request.body).toString("utf8");
}

async function newQueue(): Promise<string> {
  const queue = uniqueQueueName("wire");
  await raw.createQueue(queue);
  return queue;
}

const PYTHON_CLIENTS: readonly { sdk: PythonSdk; format: PythonFormat }[] = [
  { sdk: "reference", format: "textXml" },
  { sdk: "reference", format: "none" },
  { sdk: "modern", format: "none" },
];

for (const { sdk, format } of PYTHON_CLIENTS) {
  test(`python ${sdk} (${format}) sends CR literally: lossless on Azurite only`, async (context) => {
    recordRow(context, {
      peer: `python ${sdk}`,
      direction: `${sdk} -> service (wire)`,
      format,
      cases: 1,
      note: "LOSSY by XML 1.0: CR sent raw, expat reads LF; Azurite keeps CR",
    });
    const queue = await newQueue();
    await peer.put(sdk, format, queue, CONTENT);
    const body = putBody(queue);
    expect(body).toContain("a\rb\r\nc");
    expect(body).not.toContain("&#xD;");
    // What a conforming parser makes of that request: every CR gone. Azurite's parser keeps it, as stored below.
    await expect(peer.parseMessageText(body)).resolves.toBe("a\nb\nc");
    const [stored] = await raw.peekMessages(queue);
    expect(stored?.content).toBe(CONTENT);
  });
}

for (const format of ["textXml", "none"] as const) {
  test(`azqueue (${format}) sends CR as &#xD;: lossless for any XML parser`, async (context) => {
    recordRow(context, {
      peer: "azqueue",
      direction: "azqueue -> service (wire)",
      format,
      cases: 1,
      note: "CR sent as &#xD;, expat reads CR",
    });
    const queue = await newQueue();
    const service = azqueueService(proxy.origin + `/${EMULATOR_ACCOUNT_NAME}`, AZQUEUE_FORMATS[format]);
    try {
      await service.putMessage(queue, CONTENT);
    } finally {
      await service.close();
    }
    const body = putBody(queue);
    expect(body).toContain("a&#xD;b&#xD;\nc");
    await expect(peer.parseMessageText(body)).resolves.toBe(CONTENT);
    const [stored] = await raw.peekMessages(queue);
    expect(stored?.content).toBe(CONTENT);
  });
}

test("the official SDK drops LF and sends CR literally", async (context) => {
  recordRow(context, {
    peer: "@azure/storage-queue 12.30.0",
    direction: "sdk -> service (wire)",
    format: "as is / noEncode",
    cases: 1,
    note: "LOSSY: LF dropped, CR sent raw (expat reads LF); Azurite keeps CR",
  });
  const queue = uniqueQueueName("wire");
  const client = new QueueClient(
    `${lenientProxy.origin}/${EMULATOR_ACCOUNT_NAME}/${queue}`,
    new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY),
  );
  await client.create();
  await client.sendMessage(CONTENT);
  const body = putBody(queue, lenientProxy);
  expect(body).toContain("<MessageText>a\rb\rc</MessageText>");
  await expect(peer.parseMessageText(body)).resolves.toBe("a\nb\nc");
  const sdkStored = azqueueService(lenient.accountUrl, AZQUEUE_FORMATS.none);
  try {
    const [stored] = await sdkStored.peekMessages(queue);
    expect(stored?.content).toBe("a\rb\rc");
  } finally {
    await sdkStored.close();
  }
});
