/**
 * Running the scenario in a runtime that executes TypeScript files from a project directory (Node through tsx,
 * Deno, Bun): the host script imports `azqueue` and `azqueue/client` from the project's node_modules, as a user's
 * script would, and prints the scenario's result as one JSON line.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { run } from "../package/fresh-project.js";
import type { ScenarioResult } from "./scenario/scenario.js";

const SCENARIO = fileURLToPath(new URL("./scenario/scenario.ts", import.meta.url));

const HOST = `import * as azqueue from "azqueue";
import * as client from "azqueue/client";
import { runScenario } from "./scenario.ts";
import config from "./config.json" with { type: "json" };

const result = await runScenario(azqueue, client, config, config.runtime);
console.log(JSON.stringify(result));
`;

/** Writes the host, the scenario and its configuration into a folder of `projectDir` for `runtime`; returns it. */
export function prepareHost(projectDir: string, accountUrl: string, runtime: string): string {
  const dir = join(projectDir, runtime);
  mkdirSync(dir, { recursive: true });
  copyFileSync(SCENARIO, join(dir, "scenario.ts"));
  const config = { endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, queue: uniqueQueueName(`rt${runtime}`), runtime };
  writeFileSync(join(dir, `config.json`), JSON.stringify(config));
  writeFileSync(join(dir, "host.ts"), HOST);
  return dir;
}

/** Runs `command` in the host's folder and parses the result it prints; fails with its output when it prints none. */
export async function runHost(command: string, args: readonly string[], hostDir: string): Promise<ScenarioResult> {
  const { code, stdout, stderr } = await run(command, args, { cwd: hostDir, timeoutMs: 120_000 });
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as ScenarioResult;
  } catch {
    throw new Error(`${command} ${args.join(" ")} exited ${code} without a result:\n${stdout}\n${stderr}`);
  }
}
