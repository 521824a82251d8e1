/**
 * A user's project with azqueue installed from the packed tarball: `npm pack` in the repository (which builds on
 * `prepack`), then `npm install` of that tarball into an empty directory, its dependencies from npm's cache or the
 * registry. What the package test checks is what `npm install azqueue` would give.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_DIR = fileURLToPath(new URL("../../", import.meta.url));

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end and reports its exit code and output; never throws for a non-zero exit. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new Error(`${command} ${args.join(" ")} did not complete: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** Throws with the command's output unless it exited 0. */
export async function runOk(command: string, args: readonly string[], options: Parameters<typeof run>[2]): Promise<CommandResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Packs the repository into `outDir` and returns the tarball's path. */
export async function packRepository(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const packed = await runOk("npm", ["pack", "--json", "--pack-destination", outDir], { cwd: REPO_DIR, timeoutMs: 300_000 });
  // prepack's own output precedes the JSON report.
  const report = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("\n[") + 1)) as { filename: string }[];
  const filename = report[0]?.filename;
  if (!filename) throw new Error(`npm pack reported no tarball:\n${packed.stdout}`);
  return join(outDir, filename);
}

/** The version of a package installed in the repository, so the test project gets the one npm's cache holds. */
export async function repositoryVersionOf(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO_DIR, "node_modules", name, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * An ES module project (`"type": "module"`, as `npm init` makes with `--init-type=module`) in `dir` with the tarball
 * and `extra` packages installed.
 */
export async function createProject(dir: string, tarball: string, extra: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "azqueue-user", private: true, type: "module" }, null, 2));
  await runOk("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, ...extra], {
    cwd: dir,
    timeoutMs: 300_000,
  });
}
