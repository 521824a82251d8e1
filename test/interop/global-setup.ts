/**
 * vitest globalSetup for `npm run test:interop`: two Azurite instances and a check that the Python peers exist.
 *
 * - strict: API-version checking on. azqueue sends 2025-11-05, the Python reference 2018-03-28 and the modern Python
 *   client 2021-02-12; Azurite 3.35 accepts all three, so the Python pairs meet on a strict server.
 * - lenient: --skipApiVersionCheck, for the official JavaScript SDK, which sends a version newer than Azurite knows.
 *
 * A missing interpreter or SDK fails the run here, with the fix, instead of skipping the Python tests.
 */
import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startAzurite, type RunningAzurite } from "../../scripts/azurite.js";
import { DEFAULT_PYTHON, PYTHON_ENV } from "./python-peer.js";

declare module "vitest" {
  export interface ProvidedContext {
    interop: {
      strict: { origin: string; accountUrl: string };
      lenient: { origin: string; accountUrl: string };
      python: string;
    };
  }
}

const PYTHON_IMPORTS = [
  "from azure.multiapi.storage.v2018_11_09.queue import QueueService, QueueMessageFormat",
  "from azure.storage.queue import QueueClient, TextBase64EncodePolicy, BinaryBase64EncodePolicy",
].join("; ");

let strict: RunningAzurite | undefined;
let lenient: RunningAzurite | undefined;

export async function setup(project: TestProject): Promise<void> {
  const python = process.env[PYTHON_ENV] ?? DEFAULT_PYTHON;
  assertPythonPeers(python);
  [strict, lenient] = await Promise.all([startAzurite(), startAzurite({ skipApiVersionCheck: true })]);
  project.provide("interop", {
    strict: { origin: strict.origin, accountUrl: strict.accountUrl },
    lenient: { origin: lenient.origin, accountUrl: lenient.accountUrl },
    python,
  });
}

export async function teardown(): Promise<void> {
  await Promise.all([strict?.stop(), lenient?.stop()]);
}

function assertPythonPeers(python: string): void {
  const probe = spawnSync(python, ["-c", PYTHON_IMPORTS], { encoding: "utf8" });
  if (probe.status === 0) return;
  const reason = probe.error ? probe.error.message : probe.stderr.trim().split("\n").at(-1);
  throw new Error(
    `The Python interop peers cannot run with ${python}: ${reason}\n` +
      "Install the Debian packages python3-azure-multiapi-storage and python3-azure " +
      `(apt-get install python3-azure-multiapi-storage python3-azure), or point ${PYTHON_ENV} at an interpreter that has them.`,
  );
}
