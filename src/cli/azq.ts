#!/usr/bin/env node
/** The azq binary. */
import { createRequire } from "node:module";
import { runAzq } from "./program.js";

// The package's own package.json, from src/cli/ in the repository and from dist/src/cli/ once built.
const require = createRequire(import.meta.url);
function packageVersion(): string {
  for (const path of ["../../package.json", "../../../package.json"]) {
    try {
      const manifest = require(path) as { name?: string; version?: string };
      if (manifest.name === "azqueue" && manifest.version) return manifest.version;
    } catch {
      // Not at this depth; try the next.
    }
  }
  return "unknown";
}

process.exitCode = await runAzq(process.argv, packageVersion());
