/**
 * The runner's child processes: the build that turns the package and the bench's child code into plain JavaScript,
 * the stub server, and contender children that answer one JSON line.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Job, JobResult } from "./child/jobs.js";
import { CLIENT_CPU, SERVER_CPU, pinnedCommand, pinnedNode } from "./cpu-pinning.js";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT_DIR = dirname(BENCH_DIR);
/** Scratch space, gitignored: transpiled child code, CPU profiles, smoke results. */
export const WORK_DIR = join(BENCH_DIR, ".work");
const JS_DIR = join(WORK_DIR, "js");

/** The files child processes run, relative to bench/: none of them imports src/, so they run as plain JavaScript. */
const CHILD_SOURCES = ["config.ts", "shared-key.ts", "stub-server.ts", "child"];

function listTypeScript(path: string): string[] {
  if (path.endsWith(".ts")) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => listTypeScript(join(path, entry.name)));
}

/**
 * Builds dist/ (`npm run build`), so azqueue runs as users run it, and transpiles the child code file by file (no
 * bundling: each package still loads from its own files, as in a real program).
 */
export async function buildForBench(): Promise<void> {
  const built = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT_DIR, stdio: "inherit" });
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status})`);
  mkdirSync(JS_DIR, { recursive: true });
  await build({
    entryPoints: CHILD_SOURCES.flatMap((source) => listTypeScript(join(BENCH_DIR, source))),
    outdir: JS_DIR,
    outbase: BENCH_DIR,
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: false,
    logLevel: "warning",
  });
}

/** The transpiled form of a child source, e.g. `childScript("child/worker.ts")`. */
export function childScript(source: string): string {
  return join(JS_DIR, source.replace(/\.ts$/, ".js"));
}

export interface RunningStub {
  readonly accountUrl: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export function startStub(): Promise<RunningStub> {
  const [command, args] = pinnedNode(SERVER_CPU, [childScript("stub-server.ts")]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.once("exit", (code) => reject(new Error(`stub server exited with ${code} before listening`)));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n")[0];
      if (!output.includes("\n") || line === undefined) return;
      const { port } = JSON.parse(line) as { port: number };
      child.removeAllListeners("exit");
      resolve({
        accountUrl: `http://127.0.0.1:${port}/devstoreaccount1`,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

export interface ChildOptions {
  /** Extra node flags, e.g. ["--cpu-prof", "--cpu-prof-dir", dir]. */
  readonly nodeFlags?: readonly string[];
  /** The child is killed, and the job failed, after this long; default 10 minutes. */
  readonly timeoutMs?: number;
}

/** Runs a job in a fresh contender process and returns its answer; a failed child fails the bench. */
export function runJob<R extends JobResult>(job: Job, options: ChildOptions = {}): Promise<R> {
  const script = childScript("child/worker.ts");
  const [command, args] = pinnedNode(CLIENT_CPU, [...(options.nodeFlags ?? []), script, JSON.stringify(job)]);
  const child = spawn(command, args, { cwd: ROOT_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // Passed through as it comes (traces, warnings), and kept for the error message.
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const label = `${job.contender} ${job.kind} child (${relative(ROOT_DIR, script)})`;
      if (timedOut) return reject(new Error(`${label} did not finish within ${timeoutMs / 1000} s and was killed:\n${stderr}`));
      if (code !== 0) return reject(new Error(`${label} exited with ${code}:\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as R);
      } catch {
        reject(new Error(`${label} printed no result:\n${stdout}\n${stderr}`));
      }
    });
  });
}

/** Milliseconds from spawning `node cold.js ...` to its "done" line; the child must then exit cleanly. */
/** The runtimes figure 5 starts the cold-start child in. */
export type ColdRuntime = "node" | "deno" | "bun";

const RUNTIME_BIN = (name: string) => join(ROOT_DIR, "node_modules", ".bin", name);

function coldCommand(runtime: ColdRuntime, script: string, args: readonly string[]): [string, string[]] {
  if (runtime === "deno") return pinnedCommand(CLIENT_CPU, RUNTIME_BIN("deno"), ["run", "-A", "--node-modules-dir=manual", script, ...args]);
  if (runtime === "bun") return pinnedCommand(CLIENT_CPU, RUNTIME_BIN("bun"), [script, ...args]);
  return pinnedNode(CLIENT_CPU, [script, ...args]);
}

export function timeColdStart(args: readonly string[], runtime: ColdRuntime = "node"): Promise<number> {
  const started = process.hrtime.bigint();
  const [command, nodeArgs] = coldCommand(runtime, childScript("child/cold.ts"), args);
  const child = spawn(command, nodeArgs, { cwd: ROOT_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let doneAt: bigint | undefined;
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (doneAt === undefined && stdout.includes("done\n")) doneAt = process.hrtime.bigint();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0 || doneAt === undefined) return reject(new Error(`cold start ${args.join(" ")} in ${runtime} failed (exit ${code}):\n${stderr}`));
      resolve(Number(doneAt - started) / 1e6);
    });
  });
}
