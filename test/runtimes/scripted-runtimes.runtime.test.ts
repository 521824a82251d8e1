/**
 * The scenario in the runtimes that run a user's script against an installed package: Node (undici, node:crypto),
 * Deno and Bun (their fetch; node:crypto's HMAC, which both implement). Each imports `azqueue` from a project's
 * node_modules holding the packed package.
 */
import { createRequire } from "node:module";
import { describe, expect, inject, it } from "vitest";
import { expectScenarioPassed } from "./scenario/expect-scenario.js";
import { prepareHost, runHost } from "./scenario-host.js";

const require = createRequire(import.meta.url);
const { accountUrl, projectDir } = inject("runtimes");
const bin = (name: string) => require.resolve(`.bin/${name}`, { paths: [process.cwd() + "/node_modules"] });

const RUNTIMES = [
  { name: "node", command: process.execPath, args: ["--import", require.resolve("tsx"), "host.ts"], throughFetch: false },
  { name: "deno", command: bin("deno"), args: ["run", "-A", "--node-modules-dir=manual", "host.ts"], throughFetch: true },
  { name: "bun", command: bin("bun"), args: ["host.ts"], throughFetch: true },
] as const;

describe.each(RUNTIMES)("$name", ({ name, command, args, throughFetch }) => {
  it("runs the scenario: queue, non-ASCII put and get, update, peek, delete, SAS, list, typed client, encryption, a refused key", async () => {
    const result = await runHost(command, args, prepareHost(projectDir, accountUrl, name));
    expect(result.runtime).toBe(name);
    expectScenarioPassed(result, { throughFetch });
  }, 120_000);
});
