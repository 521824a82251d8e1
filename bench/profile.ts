/**
 * `npm run bench -- --profile <op> [--contender azqueue|official|raw] [--target stub|azurite] [--ops N]`: runs one
 * contender's loop of one operation under `node --cpu-prof` (profiles in bench/.work/profiles/) and prints the
 * functions and files with the most self time, counting only samples taken during the measured repetitions.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ContenderName, Operation } from "./config.js";
import type { OpsResult } from "./child/jobs.js";
import { ROOT_DIR, WORK_DIR } from "./processes.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly micros: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly functions: readonly SelfTime[];
  readonly files: readonly SelfTime[];
  readonly sampledMs: number;
  /** False when no sample fell in the measured window and the whole profile was counted instead. */
  readonly windowed: boolean;
}

/** Where a frame's code lives, short: `dist/src/xml/parser.js`, `undici/lib/...`, `node:internal/...`. */
function shortLocation(url: string): string {
  if (url === "") return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("/node_modules/");
  if (inModules >= 0) return path.slice(inModules + "/node_modules/".length);
  return path.startsWith(`${ROOT_DIR}/`) ? path.slice(ROOT_DIR.length + 1) : path;
}

function ranked(totals: Map<string, number>, all: number, top: number): SelfTime[] {
  return [...totals]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([name, micros]) => ({ name, micros, share: micros / all }));
}

/** Self time per function and per file, over the samples inside [fromUs, toUs] (process.hrtime microseconds). */
export function summarizeProfile(profile: CpuProfile, window: readonly [number, number], top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const collect = (inWindow: boolean) => {
    const functions = new Map<string, number>();
    const files = new Map<string, number>();
    let total = 0;
    let time = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i]!;
      const delta = profile.timeDeltas[i + 1] ?? 0;
      if (inWindow && (time < window[0] || time > window[1])) continue;
      const frame = byId.get(profile.samples[i]!)!.callFrame;
      if (frame.functionName === "(idle)") continue;
      const location = shortLocation(frame.url);
      const name = `${frame.functionName || "(anonymous)"} ${location}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
      functions.set(name, (functions.get(name) ?? 0) + delta);
      const file = location.startsWith("(") ? frame.functionName : location;
      files.set(file, (files.get(file) ?? 0) + delta);
      total += delta;
    }
    return { functions, files, total };
  };
  let windowed = true;
  let counted = collect(true);
  if (counted.total === 0) {
    windowed = false;
    counted = collect(false);
  }
  return {
    functions: ranked(counted.functions, counted.total, top),
    files: ranked(counted.files, counted.total, 15),
    sampledMs: counted.total / 1000,
    windowed,
  };
}

export function formatProfile(title: string, summary: ProfileSummary): string {
  const line = ({ name, micros, share }: SelfTime) => `${(share * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(1).padStart(8)} ms  ${name}`;
  return [
    `${title}: ${summary.sampledMs.toFixed(0)} ms of samples${summary.windowed ? " in the measured loop" : " (whole process: the loop window matched no sample)"}`,
    "",
    "Top self time by function:",
    ...summary.functions.map(line),
    "",
    "Self time by file:",
    ...summary.files.map(line),
  ].join("\n");
}

export interface ProfileRequest {
  readonly op: Operation;
  readonly contender: ContenderName;
  readonly target: string;
  /** Runs the one-loop job in a child started with these node flags (the runner prepares the target first). */
  readonly run: (nodeFlags: readonly string[]) => Promise<OpsResult>;
}

export async function runProfile(request: ProfileRequest): Promise<string> {
  const directory = join(WORK_DIR, "profiles");
  mkdirSync(directory, { recursive: true });
  const before = new Set(readdirSync(directory));
  const name = `${request.contender}-${request.op}-${request.target}`;
  const result = await request.run(["--cpu-prof", "--cpu-prof-dir", directory, "--cpu-prof-name", `${name}-${Date.now()}.cpuprofile`]);
  const file = readdirSync(directory).find((entry) => !before.has(entry) && entry.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile written to ${directory}`);
  const loop = result.loops[0]!;
  if (loop.failure) throw new Error(`the profiled loop failed:\n${loop.failure}`);
  const profile = JSON.parse(readFileSync(join(directory, file), "utf8")) as CpuProfile;
  const cpu = loop.samples.map((sample) => sample.cpuUsPerOp.toFixed(1)).join(", ");
  const text = `${formatProfile(`${request.contender} ${request.op} against the ${request.target}`, summarizeProfile(profile, loop.windowUs))}\n\n` +
    `Client CPU per op under the profiler (inflated by it): ${cpu} us\nProfile: ${join(directory, file)}\n`;
  writeFileSync(join(directory, `${name}.txt`), text);
  return text;
}
