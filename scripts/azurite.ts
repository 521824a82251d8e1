/**
 * Starts a real Azurite queue service for the tests, the demo and the bench: in memory, on 127.0.0.1, on a port the
 * OS picks, telemetry off. Each instance is its own child process, stopped by its PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { EMULATOR_ACCOUNT_NAME } from "../src/constants.js";

export interface AzuriteOptions {
  /** Only for an Azurite that the official SDK talks to: it sends a newer x-ms-version. */
  readonly skipApiVersionCheck?: boolean;
  /** PEM certificate and key files: serve HTTPS. */
  readonly https?: { readonly certPath: string; readonly keyPath: string };
  /** "basic" turns on Azurite's bearer-token checks (HTTPS only). */
  readonly oauth?: "basic";
}

export interface RunningAzurite {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly port: number;
  /** The path-style account URL: origin + "/devstoreaccount1". */
  readonly accountUrl: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const azuriteQueueMain = join(dirname(require.resolve("azurite/package.json")), "dist/src/queue/main.js");
const LISTENING = /successfully listens on (https?):\/\/127\.0\.0\.1:(\d+)/;

export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  // Azurite refuses --location with --inMemoryPersistence, yet may still write a workspace file into its working
  // directory: give it a throwaway one, out of the work tree.
  const location = mkdtempSync(join(tmpdir(), "azqueue-azurite-"));
  const args = [
    azuriteQueueMain,
    "--queueHost", "127.0.0.1",
    "--queuePort", "0",
    "--inMemoryPersistence",
    "--disableTelemetry",
    "--silent",
  ];
  if (options.skipApiVersionCheck) args.push("--skipApiVersionCheck");
  if (options.https) args.push("--cert", options.https.certPath, "--key", options.https.keyPath);
  if (options.oauth) args.push("--oauth", options.oauth);

  const child = spawn(process.execPath, args, { cwd: location, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AZURITE_ACCOUNTS: undefined } });
  const { scheme, port } = await waitForListening(child);
  const origin = `${scheme}://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    origin,
    port,
    accountUrl: `${origin}/${EMULATOR_ACCOUNT_NAME}`,
    pid: child.pid!,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        // Azurite closes keep-alive sockets slowly; do not let a lingering one hold the suite.
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }).finally(() => rmSync(location, { recursive: true, force: true }));
      return stopped;
    },
  };
}

function waitForListening(child: ChildProcess): Promise<{ scheme: string; port: number }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        // Keep draining so a chatty Azurite never blocks on a full pipe.
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ scheme: match[1]!, port: Number(match[2]) });
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => fail(new Error(`Azurite exited with code ${code} before listening:\n${output}`)));
  });
}
