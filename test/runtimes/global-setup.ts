/**
 * The runtimes project's setup: builds dist/, unpacks the package as npm would ship it into a project of its own
 * (`node_modules/azqueue` holds exactly the tarball's files; its dependencies are linked from the repository's
 * node_modules, so nothing is fetched), and starts an Azurite for the runtimes alone. The project runs after every
 * other test file, so the build does not race the package test's.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startAzurite, type RunningAzurite } from "../../scripts/azurite.js";
import { REPO_DIR, runOk } from "../package/fresh-project.js";

declare module "vitest" {
  export interface ProvidedContext {
    runtimes: { accountUrl: string; projectDir: string };
  }
}

let azurite: RunningAzurite | undefined;
let workDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  workDir = mkdtempSync(join(tmpdir(), "azqueue-runtimes-"));
  await runOk("npm", ["run", "build"], { cwd: REPO_DIR, timeoutMs: 300_000 });
  const packed = await runOk("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", workDir], { cwd: REPO_DIR, timeoutMs: 120_000 });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const projectDir = join(workDir, "project");
  const packageDir = join(projectDir, "node_modules", "azqueue");
  mkdirSync(packageDir, { recursive: true });
  await runOk("tar", ["-xzf", join(workDir, filename), "-C", packageDir, "--strip-components=1"], { cwd: workDir });
  const manifest = JSON.parse(readFileSync(join(REPO_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies)) {
    const link = join(projectDir, "node_modules", name);
    mkdirSync(join(link, ".."), { recursive: true });
    symlinkSync(join(REPO_DIR, "node_modules", name), link, "dir");
  }
  writeFileSync(join(projectDir, "package.json"), `${JSON.stringify({ name: "runtime-scenario", private: true, type: "module", dependencies: { azqueue: "*" } }, null, 2)}\n`);
  azurite = await startAzurite();
  project.provide("runtimes", { accountUrl: azurite.accountUrl, projectDir });
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}
