/**
 * `npm run bench`: builds the package, starts the stub and Azurite, measures every figure with each contender in
 * its own process, and writes bench/results.md and bench/results.svg.
 *
 *   npm run bench                        full run (several minutes)
 *   npm run bench:smoke                  a short run; writes to bench/.work/ instead
 *   npm run bench -- --only cpu,bundle   some figures: cpu, throughput, consumer, bundle, cold, drain, encryption
 *   npm run bench -- --note "busy"       a line in the report about the conditions of the run
 *   npm run bench -- --profile put [--contender azqueue|official|raw] [--target stub|azurite] [--ops N]
 *   npm run bench -- --render            rewrite results.md and .svg from the last full run's JSON (no measuring)
 *   npm run bench -- --no-pin            leave CPU placement to the scheduler (see cpu-pinning.ts)
 *   BENCH_TRACE=1 npm run bench ...      azqueue's retried or failed attempts on stderr
 * A failed loop or figure is reported and the run goes on, then exits with code 1.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg, arch, release, type } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { CONTENDERS, FULL_SIZES, OPERATIONS, SMOKE_SIZES, type ContenderName, type Operation } from "./config.js";
import { CLIENT_CPU, SERVER_CPU, configurePinning } from "./cpu-pinning.js";
import { measureBundles } from "./figures/bundle.js";
import { measureColdStart } from "./figures/cold-start.js";
import { measureConsumer } from "./figures/consumer.js";
import { measureCpuPerOp, prepareAzuriteJob, stubJob } from "./figures/cpu-per-op.js";
import { measureDrain } from "./figures/drain.js";
import { measureEncryption } from "./figures/encryption.js";
import { jitWarmup } from "./figures/jit-warmup.js";
import { measureThroughput } from "./figures/throughput.js";
import type { OpsResult } from "./child/jobs.js";
import { BENCH_DIR, ROOT_DIR, WORK_DIR, buildForBench, runJob, startStub, type RunningStub } from "./processes.js";
import { runProfile } from "./profile.js";
import { withFreshAzurite } from "./queue-setup.js";
import { renderReport } from "./report.js";
import type { BenchResults, RunInfo } from "./results.js";
import { renderChart } from "./svg.js";
import { evaluateTargets } from "./targets.js";

const FIGURES = ["cpu", "throughput", "consumer", "bundle", "cold", "drain", "encryption"] as const;

const { values: args } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    only: { type: "string" },
    note: { type: "string" },
    profile: { type: "string" },
    contender: { type: "string", default: "azqueue" },
    target: { type: "string", default: "stub" },
    ops: { type: "string" },
    "no-pin": { type: "boolean", default: false },
    render: { type: "boolean", default: false },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`--${option} must be one of ${allowed.join(", ")}; got ${value}`);
  return value as T;
}

function packageVersion(name: string): string {
  const require = createRequire(join(ROOT_DIR, "package.json"));
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
}

/** The commit dist/ is built from, and the source files the working tree changes beyond it. */
function sourceState(): string {
  const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT_DIR, encoding: "utf8" }).trim();
  // dist/ is built from the working tree: name what it held beyond the commit.
  const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "generated", "package.json"], { cwd: ROOT_DIR, encoding: "utf8" })
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.slice(3));
  return dirty.length === 0 ? head : `${head} plus uncommitted changes to ${dirty.join(", ")}`;
}

function runInfo(mode: "full" | "smoke", startLoad: number, startedAt: number, commit: string, pinned: boolean): RunInfo {
  const own = JSON.parse(readFileSync(join(ROOT_DIR, "package.json"), "utf8")) as { version: string };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    mode,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    node: process.version,
    os: `${type()} ${release()} ${arch()}`,
    commit,
    versions: {
      azqueue: own.version,
      "@azure/storage-queue": packageVersion("@azure/storage-queue"),
      undici: packageVersion("undici"),
      azurite: packageVersion("azurite"),
      esbuild: packageVersion("esbuild"),
    },
    loadAverage: [startLoad, loadavg()[0]!],
    durationS: (performance.now() - startedAt) / 1000,
    jitWarmup: (args.smoke ? SMOKE_SIZES : FULL_SIZES).jitWarmup,
    azuriteRounds: (args.smoke ? SMOKE_SIZES : FULL_SIZES).azuriteRounds,
    cpuPinning: pinned ? `servers on CPU ${SERVER_CPU}, contenders on CPU ${CLIENT_CPU} (taskset)` : "none (left to the scheduler)",
    ...(args.note !== undefined && { note: args.note }),
  };
}

async function profile(stub: RunningStub): Promise<void> {
  const op = oneOf<Operation>(args.profile!, OPERATIONS, "profile");
  const contender = oneOf<ContenderName>(args.contender!, CONTENDERS, "contender");
  const target = oneOf(args.target!, ["stub", "azurite"] as const, "target");
  const ops = Number(args.ops ?? (target === "stub" ? (op === "get" ? 2000 : 5000) : op === "get" ? 100 : 1000));
  const size = { warmup: 50, ops, reps: 1 };
  const text = await runProfile({
    op,
    contender,
    target,
    run: (nodeFlags) =>
      target === "stub"
        ? runJob<OpsResult>(stubJob(contender, stub.accountUrl, FULL_SIZES, size, [op]), { nodeFlags })
        : withFreshAzurite(async (azurite) =>
            runJob<OpsResult>(await prepareAzuriteJob(azurite, contender, op, size, jitWarmup(stub.accountUrl, FULL_SIZES, [op])), { nodeFlags }),
          ),
  });
  process.stdout.write(`${text}\n`);
}

function writeReport(results: BenchResults, outDir: string): void {
  writeFileSync(join(outDir, "results.md"), renderReport(results));
  writeFileSync(join(outDir, "results.svg"), renderChart(results));
}

async function main(): Promise<void> {
  if (args.render) {
    const file = join(WORK_DIR, `results-${args.smoke ? "smoke" : "full"}.json`);
    writeReport(JSON.parse(readFileSync(file, "utf8")) as BenchResults, args.smoke ? WORK_DIR : BENCH_DIR);
    log(`Rewrote the report from ${relative(ROOT_DIR, file)}`);
    return;
  }
  const startedAt = performance.now();
  const startLoad = loadavg()[0]!;
  const mode = args.smoke ? "smoke" : "full";
  const sizes = args.smoke ? SMOKE_SIZES : FULL_SIZES;
  const only = new Set(args.only ? args.only.split(",").map((figure) => oneOf(figure.trim(), FIGURES, "only")) : FIGURES);

  const pinned = configurePinning(!args["no-pin"]);
  log("Building dist/ and the bench's child code...");
  const commit = sourceState();
  await buildForBench();
  const stub = await startStub();
  try {
    if (args.profile !== undefined) return await profile(stub);
    const env = { stubUrl: stub.accountUrl, sizes, log };
    const results: Omit<BenchResults, "info"> = { cpu: [], throughput: [], consumer: [], drain: [], bundle: [], coldStart: [], memory: [], figureFailures: [] };
    const figureFailures: string[] = [];
    // A figure that fails is reported, and the others are still measured.
    const figure = async (name: (typeof FIGURES)[number], title: string, measure: () => Promise<Partial<typeof results>>) => {
      if (!only.has(name)) return;
      log(title);
      try {
        Object.assign(results, await measure());
      } catch (error) {
        log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        figureFailures.push(`${title}: ${(error instanceof Error ? error.message : String(error)).split("\n").slice(0, 3).join(" / ")}`);
      }
    };
    await figure("bundle", "Figure 4: browser bundles", async () => ({ bundle: await measureBundles() }));
    await figure("cold", "Figure 5: cold start", async () => ({ coldStart: await measureColdStart(stub.accountUrl, sizes.coldStarts, log) }));
    await figure("cpu", "Figure 1: client CPU per operation", async () => ({ cpu: await measureCpuPerOp(env) }));
    await figure("throughput", "Figures 2 and 6: throughput, latency, memory", () => measureThroughput(env));
    await figure("consumer", "Figure 3: consumer loop", async () => ({ consumer: await measureConsumer(env) }));
    await figure("drain", "Figure 7: worker drain", () => measureDrain(env));
    await figure("encryption", "Figure 8: client-side encryption", () => measureEncryption(env));
    Object.assign(results, { figureFailures });
    const complete: BenchResults = { info: runInfo(mode, startLoad, startedAt, commit, pinned), ...results };
    const outDir = mode === "full" && !args.only ? BENCH_DIR : WORK_DIR;
    mkdirSync(WORK_DIR, { recursive: true });
    // A partial run (--only) keeps its own file: --render rebuilds the report from the last complete run.
    writeFileSync(join(WORK_DIR, `results-${mode}${args.only ? "-partial" : ""}.json`), `${JSON.stringify(complete, null, 2)}\n`);
    writeReport(complete, outDir);
    for (const item of evaluateTargets(complete)) {
      log(`${item.pass ? "PASS" : "MISS"}  ${item.name}: ${Number.isFinite(item.ratio) ? item.ratio.toFixed(2) : "n/a"}x (${item.kind === "max" ? "<=" : ">="} ${item.limit}x)`);
    }
    if (figureFailures.length > 0 || results.cpu.some((row) => row.failure)) process.exitCode = 1;
    log(`Wrote ${relative(ROOT_DIR, join(outDir, "results.md"))} and results.svg in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  } finally {
    await stub.stop();
  }
}

await main();
