import { mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueQueueName } from "../harness/names.js";
import { azq, fill, finished, startAzq, storedTextService, takeAll, until } from "./azq-harness.js";

// The command each message runs: logs what it was given, sleeps SLEEP_MS, then fails for content starting "fail".
const HANDLER = `
const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const content = Buffer.concat(chunks).toString();
  require("node:fs").appendFileSync(process.env.WORK_LOG, JSON.stringify({ id: process.env.AZQ_MESSAGE_ID, count: process.env.AZQ_DEQUEUE_COUNT, content }) + "\\n");
  setTimeout(() => process.exit(content.startsWith("fail") ? 3 : 0), Number(process.env.SLEEP_MS ?? 0));
});`;

interface Run {
  id: string;
  count: string;
  content: string;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "azq-work-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runs(log: string): Promise<Run[]> {
  if (!existsSync(log)) return [];
  return (await readFile(log, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Run);
}

describe("azq work", () => {
  it("runs the command per message: exit 0 deletes, a failure retries, then poisons; --until-empty ends it", async () => {
    const queue = uniqueQueueName("cli-w");
    const log = join(dir, `${queue}.log`);
    const contents = ["ok 1", "ok 2", "fail a", "ok 3", "fail b", "ok <4> & \"5\""];
    await using qs = storedTextService();
    await fill(qs, queue, contents.length, (n) => contents[n]!);
    const { code, stdout, stderr } = await azq(
      ["--json", "work", queue, "--until-empty", "--max-dequeue-count", "2", "--concurrency", "3", "--", process.execPath, "-e", HANDLER],
      { env: { WORK_LOG: log } },
    );
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ queue, completed: 4, failed: 4, poisoned: 2, inFlight: 0, stopped: null });

    const seen = await runs(log);
    expect(seen.filter((run) => run.content.startsWith("ok")).map((run) => [run.content, run.count]).sort()).toEqual(
      contents.filter((content) => content.startsWith("ok")).map((content) => [content, "1"]).sort(),
    );
    for (const failing of ["fail a", "fail b"]) {
      const attempts = seen.filter((run) => run.content === failing);
      expect(attempts.map((run) => run.count).sort()).toEqual(["1", "2"]);
      expect(new Set(attempts.map((run) => run.id)).size).toBe(1);
    }
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
    expect((await takeAll(qs, `${queue}-poison`)).sort()).toEqual(["fail a", "fail b"]);
  });

  it("stops on SIGINT once the running commands finish, and counts them", async () => {
    const queue = uniqueQueueName("cli-w");
    const log = join(dir, `${queue}.log`);
    await using qs = storedTextService();
    await fill(qs, queue, 20, (n) => `slow ${n}`);
    const child = startAzq(["--json", "work", queue, "--concurrency", "2", "--", process.execPath, "-e", HANDLER], {
      env: { WORK_LOG: log, SLEEP_MS: "1500" },
    });
    const exited = finished(child);
    await until(async () => (await runs(log)).length >= 2);
    child.kill("SIGINT");
    const { code, stdout, stderr } = await exited;
    expect(code, stderr).toBe(130);
    const summary = JSON.parse(stdout) as { completed: number; inFlight: number; stopped: string };
    expect(summary).toMatchObject({ inFlight: 0, stopped: "SIGINT" });
    // Every command that started ran to its end and its message is gone; the rest wait in the queue.
    expect(summary.completed).toBe((await runs(log)).length);
    expect((await takeAll(qs, queue)).length).toBe(20 - summary.completed);
  });

  it("a missing queue or a command that cannot start is exit 1 with one line", async () => {
    const missing = await azq(["work", uniqueQueueName("cli-none"), "--", process.execPath, "-e", ""]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("QueueNotFound");

    const queue = uniqueQueueName("cli-w");
    await using qs = storedTextService();
    await fill(qs, queue, 1);
    const { code, stderr } = await azq(["work", queue, "--", join(dir, "no-such-command")]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([expect.stringContaining("cannot run")]);
  });

  it("without a command it is a usage error", async () => {
    const { code, stderr } = await azq(["work", "jobs"]);
    expect(code).toBe(2);
    expect(stderr).toContain("command");
  });
});
