import { spawn } from "node:child_process";

export interface ScriptRun {
  /** null when the process had to be killed: it did not exit by itself in time. */
  readonly exitCode: number | null;
  /** stdout and stderr, interleaved. */
  readonly output: string;
}

/**
 * Runs a TypeScript file in a fresh Node process (sources resolved through the `@azqueue/source` condition) and waits for
 * it to exit by itself; kills it after `timeoutMs`, so a leaked socket or timer shows up as exitCode null.
 */
export function runScript(file: string, args: readonly string[], timeoutMs = 20_000): Promise<ScriptRun> {
  const child = spawn(process.execPath, ["--conditions=@azqueue/source", "--import", "tsx", file, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output });
    });
  });
}
