/**
 * vitest globalSetup: one Azurite for the whole run (strict API-version checking, so the pinned x-ms-version is
 * really checked), its address handed to the tests through `inject("azurite")`.
 */
import type { TestProject } from "vitest/node";
import { startAzurite, type RunningAzurite } from "./azurite.js";

declare module "vitest" {
  export interface ProvidedContext {
    azurite: { origin: string; accountUrl: string };
  }
}

let azurite: RunningAzurite | undefined;

export async function setup(project: TestProject): Promise<void> {
  azurite = await startAzurite();
  project.provide("azurite", { origin: azurite.origin, accountUrl: azurite.accountUrl });
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
}
