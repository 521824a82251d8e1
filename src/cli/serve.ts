/**
 * `azq serve`: Azurite's queue service in memory on 127.0.0.1, in the foreground until Ctrl-C, with the connection
 * string printed for other programs. Azurite is an optional peer dependency: loaded only here, resolved beside azq.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { integerIn } from "./arguments.js";
import { CliError } from "./errors.js";
import { commandContext } from "./global-options.js";

// The development storage account every emulator and Azure tool knows; public, documented by Microsoft.
const EMULATOR_ACCOUNT = "devstoreaccount1";
const EMULATOR_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const LISTENING = /successfully listens on (https?):\/\/127\.0\.0\.1:(\d+)/;
const INSTALL_HINT = "azq serve runs Azurite, which is not installed: `npm install --save-dev azurite` (or `npm install -g azurite` beside a global azqueue).";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run Azurite's queue service in memory on 127.0.0.1 until Ctrl-C, and print its connection string")
    .option("-p, --port <port>", "port to listen on; 0: one the system picks", integerIn(0, 65_535), 10_001)
    .action(async (options: { port: number }, command: Command) => {
      const { output } = commandContext(command);
      const main = azuriteQueueMain();
      // Azurite may write a workspace file into its working directory even in memory: give it a throwaway one.
      const workDir = mkdtempSync(join(tmpdir(), "azq-serve-"));
      const args = [main, "--queueHost", "127.0.0.1", "--queuePort", String(options.port), "--inMemoryPersistence", "--disableTelemetry", "--silent"];
      // Its own process group: a Ctrl-C at the terminal reaches azq alone, which then stops Azurite in order.
      const child = spawn(process.execPath, args, { cwd: workDir, stdio: ["ignore", "pipe", "pipe"], detached: true });
      // Listening for signals from the start: a Ctrl-C while Azurite starts must stop it too.
      const stop = stopRequest();
      try {
        const listening = listeningPort(child);
        listening.catch(() => {}); // Azurite's exit after a stop during start-up is no failure.
        const port = await Promise.race([listening, stop.requested]);
        if (port === undefined) return;
        const queueEndpoint = `http://127.0.0.1:${port}/${EMULATOR_ACCOUNT}`;
        const connectionString = `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT};AccountKey=${EMULATOR_KEY};QueueEndpoint=${queueEndpoint};`;
        output.result({ connectionString, queueEndpoint, port }, () => connectionString);
        output.note(`Azurite's queue service listens on ${queueEndpoint} (in memory); Ctrl-C stops it`);
        await Promise.race([stop.requested, exitedUnexpectedly(child)]);
      } finally {
        stop.dispose();
        await stopChild(child);
        rmSync(workDir, { recursive: true, force: true });
      }
    });
}

function azuriteQueueMain(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve("azurite/package.json")), "dist/src/queue/main.js");
  } catch {
    throw new CliError("cannot start the emulator: the azurite package is not installed.", INSTALL_HINT);
  }
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = LISTENING.exec(seen);
      if (match === null) return;
      child.off("exit", onExit);
      // Keep reading, so a chatty Azurite never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(Number(match[2]));
    };
    const onExit = (code: number | null): void => {
      const last = seen.trim().split("\n").at(-1) ?? "";
      reject(new CliError(`Azurite exited (code ${code}) before listening${last ? `: ${last}` : "."}`, "is the port in use? `--port 0` picks a free one."));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (seen += chunk.toString()));
    child.once("exit", onExit);
  });
}

/** Resolves (to undefined) on SIGINT or SIGTERM: for serve, a signal is the normal way to stop, so exit 0. */
function stopRequest(): { requested: Promise<undefined>; dispose(): void } {
  let onSignal = (): void => {};
  const requested = new Promise<undefined>((resolve) => (onSignal = () => resolve(undefined)));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    requested,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** Rejects when Azurite exits while azq still serves. */
function exitedUnexpectedly(child: ChildProcess): Promise<never> {
  return new Promise((_, reject) => {
    child.once("exit", (code) => reject(new CliError(`Azurite stopped unexpectedly (code ${code}).`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    // Azurite closes keep-alive sockets slowly; do not let one keep azq from exiting.
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });
}
