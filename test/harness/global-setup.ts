/**
 * vitest globalSetup: one Azurite for the whole run (strict API-version checking, so the pinned x-ms-version is
 * really checked), behind a recording proxy. `inject("azurite")` is the proxy: every exchange a test makes through
 * it is recorded and checked against the spec by test/contract/recorded-traffic.test.ts, which runs after all other
 * test files. `inject("azuriteUnrecorded")` is Azurite itself, for the few tests that must send what the spec does
 * not allow (a bad x-ms-version, an anonymous request, garbage).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { startAzurite, type RunningAzurite } from "../../scripts/azurite.js";
import { RECORDINGS_ENV, startRecordingProxy, type RecordingProxy } from "./recording-proxy.js";

declare module "vitest" {
  export interface ProvidedContext {
    azurite: { origin: string; accountUrl: string };
    azuriteUnrecorded: { origin: string; accountUrl: string };
  }
}

let azurite: RunningAzurite | undefined;
let proxy: RecordingProxy | undefined;
let recordingsDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  azurite = await startAzurite();
  // One directory per run: several runs may share a checkout.
  recordingsDir = mkdtempSync(join(tmpdir(), "azqueue-contract-"));
  proxy = await startRecordingProxy({ target: azurite.origin, recordingsPath: join(recordingsDir, "exchanges.jsonl") });
  // Workers inherit the environment of this process, and the contract check runs in a worker of its own project.
  process.env[RECORDINGS_ENV] = proxy.recordingsPath;
  project.provide("azurite", { origin: proxy.origin, accountUrl: `${proxy.origin}/${EMULATOR_ACCOUNT_NAME}` });
  project.provide("azuriteUnrecorded", { origin: azurite.origin, accountUrl: azurite.accountUrl });
}

export async function teardown(): Promise<void> {
  await proxy?.close();
  await azurite?.stop();
  if (recordingsDir) rmSync(recordingsDir, { recursive: true, force: true });
}
