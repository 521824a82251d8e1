/**
 * The package as users get it: `npm pack`, then `npm install` of the tarball into a fresh project. The README's
 * examples compile under every module resolution a TypeScript user may pick and run against the suite's Azurite;
 * deliberate misuses fail to compile with and without `skipLibCheck`; CommonJS can `require` both entries; and
 * @arethetypeswrong/cli and publint find nothing wrong with the tarball; the installed azq bin runs.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { REPO_DIR, createProject, packRepository, repositoryVersionOf, run, runOk } from "./fresh-project.js";
import { readmeExamples, type ReadmeExample } from "./readme-examples.js";

const TSC = join(REPO_DIR, "node_modules/typescript/lib/tsc.js");
const ATTW = join(REPO_DIR, "node_modules/@arethetypeswrong/cli/dist/index.js");
const PUBLINT = join(REPO_DIR, "node_modules/publint/src/cli.js");
const FIXTURES = join(REPO_DIR, "test/package/fixtures");
const MISUSE_FILE = "misuse.ts";

/** The module settings a TypeScript user may pick, each with the resolution it implies. */
const MODES = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;
type Mode = keyof typeof MODES;

let workDir: string;
let projectDir: string;
let tarball: string;
let examples: ReadmeExample[];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "azqueue-package-"));
  examples = readmeExamples(await readFile(join(REPO_DIR, "README.md"), "utf8"));
  tarball = await packRepository(join(workDir, "pack"));
  projectDir = join(workDir, "project");
  // @azure/identity: the README's Entra ID example imports it; vitest runs its contract-test example. Versions the
  // repository holds, so npm's cache has them.
  const extra = await Promise.all(["@types/node", "@azure/identity", "vitest"].map(async (name) => `${name}@${await repositoryVersionOf(name)}`));
  await createProject(projectDir, tarball, extra);
  await mkdir(join(projectDir, "examples"));
  for (const example of examples) await writeFile(join(projectDir, "examples", example.fileName), example.code);
  for (const file of [MISUSE_FILE, "commonjs-types.cts", "require-entries.cjs"]) {
    await copyFile(join(FIXTURES, file), join(projectDir, file));
  }
}, 600_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds the built entries, their types, sources, spec and docs, and no tests or tool configs", async () => {
    const files = await packageFiles();
    for (const expected of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/client.js",
      "dist/src/client.d.ts",
      "dist/src/cli/azq.js",
      "dist/generated/schema.d.ts",
      "dist/generated/operations.js",
      "src/index.ts",
      "spec/queue.openapi.yaml",
    ]) {
      expect(files, expected).toContain(expected);
    }
    const unwanted = files.filter((file) =>
      /(^|\/)(test|tests|bench|scripts|\.ci)\/|\.test(-d)?\.ts$|(^|\/)(tsconfig[^/]*\.json|eslint\.config\.js|redocly\.yaml|vitest[^/]*\.ts|typedoc\.json)$/.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it("has source maps and declaration maps that point at files in the package", async () => {
    const files = new Set(await packageFiles());
    const maps = [...files].filter((file) => file.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(await readFile(join(installedDir(), map), "utf8")) as { sources: string[] };
      for (const source of sources) {
        const target = posix.normalize(posix.join(posix.dirname(map), source));
        if (!files.has(target)) missing.push(`${map} -> ${source}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("passes @arethetypeswrong/cli (require(esm) aside) and publint --strict", async () => {
    // attw predates Node's require(esm) and reports every ES-only package as CommonJS-unfriendly
    // (arethetypeswrong.github.io issue 252); the CommonJS test below proves require() works on Node >= 20.19.
    // The spec is a data file, not a module: attw would look for JavaScript and types behind it.
    const attw = await run(
      process.execPath,
      [ATTW, tarball, "--ignore-rules", "cjs-resolves-to-esm", "--exclude-entrypoints", "./spec/queue.openapi.yaml", "--format", "table-flipped"],
      { cwd: workDir },
    );
    expect(attw.code, attw.stdout + attw.stderr).toBe(0);
    expect(attw.stdout).toContain("No problems found");
    const publint = await run(process.execPath, [PUBLINT, "run", tarball, "--strict"], { cwd: workDir });
    expect(publint.code, publint.stdout + publint.stderr).toBe(0);
    expect(publint.stdout).toContain("All good!");
  }, 120_000);
});

describe.each(Object.keys(MODES) as Mode[])("TypeScript, moduleResolution %s", (mode) => {
  it.each([false, true])("compiles every README example and refuses every misuse (skipLibCheck %s)", async (skipLibCheck) => {
    const config = await writeTsconfig(mode, skipLibCheck);
    const result = await run(process.execPath, [TSC, "-p", config, "--pretty", "false"], { cwd: projectDir });
    const errors = parseTscErrors(result.stdout);
    const expected = await misuseLines();
    const unexpected = errors.filter((error) => error.file !== MISUSE_FILE || !expected.has(error.line));
    expect(unexpected.map((error) => error.text), "errors outside the marked misuses").toEqual([]);
    const refused = new Set(errors.map((error) => error.line));
    const accepted = [...expected.entries()].filter(([line]) => !refused.has(line)).map(([line, what]) => `${MISUSE_FILE}:${line} ${what}`);
    expect(accepted, "misuses that compiled").toEqual([]);
    expect(result.code).not.toBe(0);
  }, 120_000);
});

describe("README examples against Azurite", () => {
  it("runs every example not marked typecheck only, each to a clean exit", async () => {
    const buildConfig = join(projectDir, "tsconfig.build.json");
    await writeFile(
      buildConfig,
      JSON.stringify({ compilerOptions: { ...baseCompilerOptions(), ...MODES.nodenext, outDir: "build" }, include: ["examples/*.ts"] }),
    );
    await runOk(process.execPath, [TSC, "-p", buildConfig], { cwd: projectDir });
    const runnable = examples.filter((example) => example.run);
    expect(runnable.length).toBeGreaterThanOrEqual(10);
    expect(examples.some((example) => example.commonjs)).toBe(true);
    expect(runnable.some((example) => example.vitest)).toBe(true);
    for (const example of runnable) {
      const file = example.language === "ts" ? join("build", example.fileName.replace(/\.ts$/, ".js")) : join("examples", example.fileName);
      const args = example.vitest ? [join("node_modules", "vitest", "vitest.mjs"), "run", join("examples", example.fileName)] : [file];
      const result = await run(process.execPath, args, { cwd: projectDir, env: exampleEnv(), timeoutMs: 60_000 });
      if (example.vitest) {
        expect({ line: example.line, code: result.code, passed: /Tests\s+1 passed/.test(stripVTControlCharacters(result.stdout)) }).toEqual({ line: example.line, code: 0, passed: true });
        continue;
      }
      expect({ line: example.line, code: result.code, stderr: result.stderr }).toEqual({ line: example.line, code: 0, stderr: "" });
      // An example that prints must have got far enough to print.
      if (example.code.includes("console.log(")) expect(result.stdout.trim(), `README.md:${example.line}`).not.toBe("");
    }
  }, 300_000);
});

describe("CommonJS", () => {
  it("requires the three entries on this Node, with one set of error classes", async () => {
    const result = await runOk(process.execPath, ["require-entries.cjs"], { cwd: projectDir });
    expect(JSON.parse(result.stdout)).toEqual({
      QueueService: "function",
      createQueueClient: "function",
      sameErrorClass: true,
      formats: 8,
      contract: ["Queue_Delete", ["credentials"]],
    });
    expect(result.stderr).toBe("");
  });
});

describe("the azq bin", () => {
  const azq = (args: readonly string[]) => run(join(projectDir, "node_modules", ".bin", "azq"), args, { cwd: projectDir, env: exampleEnv() });

  it("runs from node_modules/.bin: --help, --version, and a command against Azurite", async () => {
    const help = await azq(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: azq");
    const version = await azq(["--version"]);
    const { version: packed } = JSON.parse(await readFile(join(installedDir(), "package.json"), "utf8")) as { version: string };
    expect(version.stdout.trim()).toBe(packed);
    const stats = await azq(["--json", "queues", "stats"]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(stats.stdout))).toBe(true);
  });

  it("azq serve, with the optional azurite peer not installed, says how to install it", async () => {
    const serve = await azq(["serve", "--port", "0"]);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain("npm install --save-dev azurite");
    expect(serve.stderr.trim().split("\n")).toHaveLength(1);
  });
});

function installedDir(): string {
  return join(projectDir, "node_modules", "azqueue");
}

async function packageFiles(): Promise<string[]> {
  const root = installedDir();
  const entries = await readdir(root, { recursive: true });
  const files: string[] = [];
  for (const entry of entries) {
    if ((await stat(join(root, entry))).isFile()) files.push(entry.split("\\").join("/"));
  }
  return files;
}

function baseCompilerOptions(): Record<string, unknown> {
  return { target: "ES2022", strict: true, types: ["node"], esModuleInterop: true, forceConsistentCasingInFileNames: true };
}

async function writeTsconfig(mode: Mode, skipLibCheck: boolean): Promise<string> {
  const include = ["examples/*.ts", MISUSE_FILE];
  // Only nodenext lets CommonJS TypeScript require an ES module; node16 refuses it by design (TS1479).
  if (mode === "nodenext") include.push("commonjs-types.cts");
  const file = join(projectDir, `tsconfig.${mode}.${skipLibCheck ? "skiplib" : "full"}.json`);
  await writeFile(file, JSON.stringify({ compilerOptions: { ...baseCompilerOptions(), ...MODES[mode], skipLibCheck, noEmit: true }, include }));
  return file;
}

interface TscError {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function parseTscErrors(output: string): TscError[] {
  const errors: TscError[] = [];
  for (const text of output.split("\n")) {
    const match = /^(.+?)\((\d+),\d+\): error TS\d+:/.exec(text);
    if (match) errors.push({ file: (match[1] ?? "").split("\\").join("/"), line: Number(match[2]), text });
    else if (/error TS\d+/.test(text)) errors.push({ file: "", line: 0, text });
  }
  return errors;
}

/** Line number -> what the `misuse:` comment says. */
async function misuseLines(): Promise<Map<number, string>> {
  const lines = (await readFile(join(FIXTURES, MISUSE_FILE), "utf8")).split("\n");
  const marked = new Map<number, string>();
  lines.forEach((text, index) => {
    const what = /\/\/ misuse: (.+)$/.exec(text)?.[1];
    if (what) marked.set(index + 1, what);
  });
  return marked;
}

function exampleEnv(): NodeJS.ProcessEnv {
  const { accountUrl } = inject("azurite");
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${accountUrl};`;
  return { PATH: process.env.PATH, HOME: process.env.HOME, AZURE_STORAGE_CONNECTION_STRING: connectionString };
}
