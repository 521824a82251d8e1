/**
 * `azq put` of 10,000 lines from a file, beside what the Azure CLI costs per message measured without its process
 * start: a loop of single `sendMessage` calls with the official SDK in one process. Both against a fresh Azurite;
 * azq's figure includes its own process start. Run: `npm run build && tsx bench/cli-put.ts [lines]`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { startAzurite } from "../scripts/azurite.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../src/constants.js";

const LINES = Number(process.argv[2] ?? 10_000);
const AZQ = fileURLToPath(new URL("../dist/src/cli/azq.js", import.meta.url));
const run = promisify(execFile);

const azurite = await startAzurite({ skipApiVersionCheck: true });
const dir = mkdtempSync(join(tmpdir(), "azq-bench-"));
try {
  const file = join(dir, "lines.txt");
  writeFileSync(file, Array.from({ length: LINES }, (_, n) => `{"order":${n},"item":"widget-${n % 17}"}\n`).join(""));
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${azurite.accountUrl};`;
  const env = { ...process.env, AZURE_STORAGE_CONNECTION_STRING: connectionString };
  const sdk = new QueueServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY));

  const results: [string, number][] = [];
  for (const concurrency of [16, 1]) {
    const queue = `azq-put-${concurrency}`;
    await sdk.createQueue(queue);
    const started = performance.now();
    await run(process.execPath, [AZQ, "put", queue, "--file", file, "--concurrency", String(concurrency), "--quiet"], { env });
    results.push([`azq put --file (concurrency ${concurrency}, process start included)`, LINES / ((performance.now() - started) / 1000)]);
  }

  const queue = sdk.getQueueClient("sdk-loop");
  await queue.create();
  const started = performance.now();
  for (let n = 0; n < LINES; n += 1) await queue.sendMessage(`{"order":${n},"item":"widget-${n % 17}"}`);
  results.push(["@azure/storage-queue, a loop of single sendMessage calls", LINES / ((performance.now() - started) / 1000)]);

  console.log(`${LINES.toLocaleString("en-US")} messages against Azurite ${azurite.origin}`);
  for (const [what, rate] of results) console.log(`${Math.round(rate).toLocaleString("en-US").padStart(7)} messages/s  ${what}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await azurite.stop();
}
