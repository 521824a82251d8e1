import { mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueQueueName } from "../harness/names.js";
import { azq, azqJson, fill, finished, startAzq, storedTextService, takeAll, until } from "./azq-harness.js";

interface DrainedLine {
  id: string;
  content: string;
  dequeueCount: number;
  insertionTime: string;
  expirationTime: string;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "azq-drain-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parseLines(text: string): DrainedLine[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as DrainedLine);
}

describe("azq drain", () => {
  it("writes every message to stdout as a JSON line and deletes it; the count goes to stderr", async () => {
    const queue = uniqueQueueName("cli-d");
    await using qs = storedTextService();
    await fill(qs, queue, 70, (n) => `message ${n}`);
    const { code, stdout, stderr } = await azq(["drain", queue]);
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    expect(lines.map((line) => line.content).sort()).toEqual(Array.from({ length: 70 }, (_, n) => `message ${n}`).sort());
    expect(Object.keys(lines[0]!).sort()).toEqual(["content", "dequeueCount", "expirationTime", "id", "insertionTime"]);
    expect(stderr).toContain(`Drained 70 messages from ${queue} to stdout.`);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  });

  it("--out appends to a file, --max stops early, and azq put --jsonl puts the lines back", async () => {
    const queue = uniqueQueueName("cli-d");
    const out = join(dir, `${queue}.jsonl`);
    await using qs = storedTextService();
    await fill(qs, queue, 50, (n) => `<m n="${n}"/> & more`);
    expect(await azqJson(["drain", queue, "--out", out, "--max", "40"])).toEqual({ queue, drained: 40, out, stopped: null });
    expect(await azqJson(["drain", queue, "--out", out])).toEqual({ queue, drained: 10, out, stopped: null });
    const lines = parseLines(await readFile(out, "utf8"));
    expect(lines).toHaveLength(50);

    const back = uniqueQueueName("cli-d");
    await qs.createQueue(back);
    expect(await azqJson(["put", back, "--jsonl", "--file", out])).toMatchObject({ put: 50 });
    expect((await takeAll(qs, back)).sort()).toEqual(lines.map((line) => line.content).sort());
  });

  it("a missing queue fails with QueueNotFound and writes nothing", async () => {
    const out = join(dir, "missing.jsonl");
    const { code, stderr } = await azq(["drain", uniqueQueueName("cli-none"), "--out", out]);
    expect(code).toBe(1);
    expect(stderr).toContain("QueueNotFound");
    expect(existsSync(out) ? await readFile(out, "utf8") : "").toBe("");
  });

  it("stops on SIGINT after the batch in hand: every message in the file or the queue, none in both, no torn line", async () => {
    const queue = uniqueQueueName("cli-d");
    const out = join(dir, `${queue}.jsonl`);
    const total = 1500;
    await using qs = storedTextService();
    await fill(qs, queue, total, (n) => `job ${n}`);
    const child = startAzq(["drain", queue, "--out", out]);
    const exited = finished(child);
    await until(async () => existsSync(out) && (await readFile(out, "utf8")).length > 0);
    child.kill("SIGINT");
    const { code, stdout, stderr } = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain("SIGINT: stopping");

    const text = await readFile(out, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const drained = parseLines(text).map((line) => line.content);
    expect(stdout).toContain(`Stopped by SIGINT: drained ${drained.length.toLocaleString("en-US")} messages`);
    expect(new Set(drained).size).toBe(drained.length);
    const left = await takeAll(qs, queue);
    expect(left.length).toBeGreaterThan(0);
    expect([...drained, ...left].sort()).toEqual(Array.from({ length: total }, (_, n) => `job ${n}`).sort());
  }, 60_000);
});
