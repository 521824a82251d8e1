/**
 * The scenario in Cloudflare's workerd: the bundle as a module worker behind a workerd config on 127.0.0.1 whose
 * global outbound may reach local addresses; the test posts the scenario's configuration to the worker over HTTP
 * and reads its result. Without nodejs_compat (a compatibility date before it became the default: no Node API at
 * all) and with it.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { bundleScenario } from "./bundle-scenario.js";
import { expectScenarioPassed } from "./scenario/expect-scenario.js";
import type { ScenarioResult } from "./scenario/scenario.js";

const require = createRequire(import.meta.url);
const { accountUrl, projectDir } = inject("runtimes");

const WORKER = `import * as azqueue from "azqueue";
import * as client from "azqueue/client";
import { runScenario } from "./scenario.ts";

export default {
  async fetch(request) {
    const config = await request.json();
    return Response.json(await runScenario(azqueue, client, config, "workerd"));
  },
};
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function capnpConfig(port: number, flags: readonly string[]): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .scenarioWorker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const scenarioWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "bundle.js")],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = [${flags.map((flag) => JSON.stringify(flag)).join(", ")}],
  globalOutbound = "internet",
);
`;
}

async function postUntilListening(url: string, body: string, exited: () => string | undefined): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    } catch (error) {
      const exit = exited();
      if (exit !== undefined) throw new Error(`workerd exited before answering: ${exit}`);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function runInWorkerd(name: string, flags: readonly string[]): Promise<ScenarioResult> {
  const bundle = await bundleScenario(projectDir, name, "workerd", WORKER);
  const dir = join(bundle, "..");
  const port = await freePort();
  writeFileSync(join(dir, "config.capnp"), capnpConfig(port, flags));
  const child = spawn(require.resolve(".bin/workerd", { paths: [join(process.cwd(), "node_modules")] }), ["serve", "config.capnp", "--verbose"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exit: string | undefined;
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.once("exit", (code, signal) => (exit = `code ${code} signal ${signal}\n${output}`));
  try {
    const config = { endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, queue: uniqueQueueName("rtworkerd") };
    const response = await postUntilListening(`http://127.0.0.1:${port}/`, JSON.stringify(config), () => exit);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`the worker answered ${response.status}: ${text}\n${output}`);
    return JSON.parse(text) as ScenarioResult;
  } finally {
    if (exit === undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

describe("workerd", () => {
  it.each([
    { label: "without nodejs_compat", name: "workerd-strict", flags: [] },
    { label: "with nodejs_compat", name: "workerd-compat", flags: ["nodejs_compat"] },
  ])("runs the scenario $label, through the runtime's fetch", async ({ name, flags }) => {
    const result = await runInWorkerd(name, flags);
    expect(result.runtime).toBe("workerd");
    expectScenarioPassed(result, { throughFetch: true });
  });
});
