/**
 * Runs the real azq binary (its TypeScript entry, through tsx, as npm start runs the demo) in a child process
 * against the suite's Azurite, with the account in AZURE_STORAGE_CONNECTION_STRING as a user would set it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueService } from "../../src/index.js";

export const REPO_DIR = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = fileURLToPath(new URL("../../src/cli/azq.ts", import.meta.url));

export interface AzqResult {
  /** null when azq did not exit by itself in time and was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AzqOptions {
  /** Written to azq's stdin, which is then closed; without it stdin is empty. */
  readonly input?: string;
  /** Replaces the environment's variables of the same name; undefined removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export function connectionString(): string {
  const { accountUrl } = inject("azurite");
  return `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${accountUrl};`;
}

/** The environment azq runs in: the suite's Azurite as the account, and none of the caller's Azure variables. */
export function azqEnv(overrides: AzqOptions["env"] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("AZURE_STORAGE_")) env[name] = value;
  env.AZURE_STORAGE_CONNECTION_STRING = connectionString();
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts azq and leaves it running, for tests that signal it. */
export function startAzq(args: readonly string[], options: AzqOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--conditions=@azqueue/source", "--import", "tsx", ENTRY, ...args], {
    cwd: REPO_DIR,
    env: azqEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Collects a started azq's output until it exits; kills it after `timeoutMs`, which shows as code null. */
export function finished(child: ChildProcessWithoutNullStreams, timeoutMs = 30_000): Promise<AzqResult> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function azq(args: readonly string[], options: AzqOptions = {}): Promise<AzqResult> {
  const child = startAzq(args, options);
  const result = finished(child, options.timeoutMs);
  child.stdin.on("error", () => {});
  child.stdin.end(options.input ?? "");
  return result;
}

/** azq that must succeed: its stdout, or a failure that shows what it printed. */
export async function azqOk(args: readonly string[], options: AzqOptions = {}): Promise<string> {
  const result = await azq(args, options);
  if (result.code !== 0) throw new Error(`azq ${args.join(" ")} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

export async function azqJson<T>(args: readonly string[], options: AzqOptions = {}): Promise<T> {
  return JSON.parse(await azqOk(["--json", ...args], options)) as T;
}

/** A service on the suite's Azurite for setting up and checking what azq did; stored text in, stored text out. */
export function storedTextService(): QueueService {
  return new QueueService({ connectionString: connectionString(), encodeFunction: (text) => text, decodeFunction: (text) => text });
}

/** Puts `count` messages "0".."count-1" (or made by `content`), 32 at a time. */
export async function fill(qs: QueueService, queue: string, count: number, content: (n: number) => string = String): Promise<void> {
  await qs.createQueue(queue);
  for (let start = 0; start < count; start += 32) {
    const batch = Array.from({ length: Math.min(32, count - start) }, (_, i) => qs.putMessage(queue, content(start + i)));
    await Promise.all(batch);
  }
}

/** Every message of a queue, received and deleted: what the queue held. */
export async function takeAll(qs: QueueService, queue: string): Promise<string[]> {
  const taken: string[] = [];
  for (;;) {
    const batch = await qs.getMessages(queue, { numMessages: 32, visibilityTimeout: 60 });
    if (batch.length === 0) return taken;
    for (const message of batch) taken.push(message.content);
    await Promise.all(batch.map((message) => qs.deleteMessage(queue, message.id, message.popReceipt)));
  }
}

/** Resolves once `predicate` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
