/**
 * The scenario bundled for runtimes that load one JavaScript file: a browser page and a workerd module worker.
 * esbuild resolves `azqueue` from the runtime project's node_modules (the packed package) with the conditions
 * that runtime's bundlers set, as a user's build would.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const SCENARIO = fileURLToPath(new URL("./scenario/scenario.ts", import.meta.url));

export type BundleTarget = "browser" | "workerd";

const CONDITIONS: Record<BundleTarget, string[]> = { browser: ["browser"], workerd: ["workerd", "worker", "browser"] };

/** Bundles `entrySource` (which may import ./scenario.ts, azqueue and azqueue/client) into `<dir>/bundle.js`. */
export async function bundleScenario(projectDir: string, name: string, target: BundleTarget, entrySource: string): Promise<string> {
  const dir = join(projectDir, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(SCENARIO, join(dir, "scenario.ts"));
  writeFileSync(join(dir, "entry.ts"), entrySource);
  const outfile = join(dir, "bundle.js");
  await build({
    entryPoints: [join(dir, "entry.ts")],
    absWorkingDir: dir,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: CONDITIONS[target],
    // Lowers `await using`, which not every runtime's parser takes yet.
    target: "es2022",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}
