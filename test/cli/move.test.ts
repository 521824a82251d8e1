import { describe, expect, it } from "vitest";
import { uniqueQueueName } from "../harness/names.js";
import { azq, azqJson, fill, finished, startAzq, storedTextService, takeAll, until } from "./azq-harness.js";

// Texts that a decode and encode again could change: entities, spaces at both ends, a carriage return, non-ASCII,
// base64 look-alikes.
const AWKWARD = ["a &lt; b", "  padded  ", "line\r", "ünïcødé ✓", "aGVsbG8=", "&amp;amp;", "<xml attr='1'/>"];

describe("azq move", () => {
  it("moves every message, creating the target, with the stored text byte for byte whatever --format", async () => {
    const from = uniqueQueueName("cli-poison");
    const to = uniqueQueueName("cli-back");
    await using qs = storedTextService();
    await fill(qs, from, AWKWARD.length, (n) => AWKWARD[n]!);
    const { code, stdout, stderr } = await azq(["--format", "xml", "--json", "move", from, to]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ from, to, moved: AWKWARD.length, createdTarget: true, stopped: null });
    expect(stderr).toContain(`created queue ${to}`);
    expect((await takeAll(qs, to)).sort()).toEqual([...AWKWARD].sort());
    expect((await qs.getQueueMetadata(from)).approximateMessageCount).toBe(0);
  });

  it("--max moves that many into an existing queue; the same queue twice is a usage error", async () => {
    const from = uniqueQueueName("cli-m");
    const to = uniqueQueueName("cli-m");
    await using qs = storedTextService();
    await fill(qs, from, 40);
    await qs.createQueue(to);
    expect(await azqJson(["move", from, to, "--max", "35"])).toEqual({ from, to, moved: 35, createdTarget: false, stopped: null });
    expect((await qs.getQueueMetadata(from)).approximateMessageCount).toBe(5);
    expect((await qs.getQueueMetadata(to)).approximateMessageCount).toBe(35);
    expect((await azq(["move", from, from])).code).toBe(2);
  });

  it("from a missing queue fails with QueueNotFound and creates no target", async () => {
    const to = uniqueQueueName("cli-m");
    const { code, stderr } = await azq(["move", uniqueQueueName("cli-none"), to]);
    expect(code).toBe(1);
    expect(stderr).toContain("QueueNotFound");
    await using qs = storedTextService();
    expect(await qs.exists(to)).toBe(false);
  });

  it("stops on SIGINT after the batch in hand: every message in one queue or the other, none in both", async () => {
    const from = uniqueQueueName("cli-m");
    const to = uniqueQueueName("cli-m");
    const total = 1500;
    await using qs = storedTextService();
    await fill(qs, from, total, (n) => `job ${n}`);
    const child = startAzq(["move", from, to]);
    const exited = finished(child);
    await until(async () => (await qs.exists(to)) && (await qs.getQueueMetadata(to)).approximateMessageCount > 0);
    child.kill("SIGINT");
    const { code, stdout, stderr } = await exited;
    expect(code, stderr).toBe(130);
    const moved = await takeAll(qs, to);
    const left = await takeAll(qs, from);
    expect(stdout).toContain(`Stopped by SIGINT: moved ${moved.length.toLocaleString("en-US")} messages`);
    expect(left.length).toBeGreaterThan(0);
    expect(new Set(moved).size).toBe(moved.length);
    expect([...moved, ...left].sort()).toEqual(Array.from({ length: total }, (_, n) => `job ${n}`).sort());
  }, 60_000);
});
