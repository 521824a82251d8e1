import { describe, expect, it } from "vitest";
import { uniqueQueueName } from "../harness/names.js";
import { azq, azqJson, azqOk, fill, storedTextService } from "./azq-harness.js";

describe("azq queues", () => {
  it("create with metadata, list with --prefix and --metadata, then delete", async () => {
    const prefix = uniqueQueueName("cli-q");
    const [first, second] = [`${prefix}-a`, `${prefix}-b`];
    expect(await azqJson(["queues", "create", first, "--metadata", "owner=billing", "team=ops"])).toEqual({ name: first, created: true });
    expect(await azqJson(["queues", "create", first])).toEqual({ name: first, created: false });
    expect(await azqOk(["queues", "create", second])).toBe(`Created queue ${second}.\n`);

    expect(await azqJson(["queues", "list", "--prefix", prefix, "--metadata"])).toEqual([
      { name: first, metadata: { owner: "billing", team: "ops" } },
      { name: second, metadata: {} },
    ]);
    expect(await azqOk(["queues", "list", "--prefix", prefix])).toBe(`${first}\n${second}\n`);
    const table = await azqOk(["queues", "list", "--prefix", prefix, "--metadata"]);
    expect(table.split("\n")[0]).toMatch(/^NAME\s+METADATA$/);
    expect(table).toContain("owner=billing team=ops");

    expect(await azqJson(["queues", "delete", second])).toEqual({ name: second, deleted: true });
    expect(await azqJson(["queues", "list", "--prefix", prefix])).toEqual([{ name: first }]);
  });

  it("delete of a missing queue fails with QueueNotFound, unless --if-exists", async () => {
    const queue = uniqueQueueName("cli-q");
    const missing = await azq(["queues", "delete", queue]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("QueueNotFound");
    expect(await azqJson(["queues", "delete", queue, "--if-exists"])).toEqual({ name: queue, deleted: false });
  });

  it("metadata shows the approximate count, --set replaces the metadata, --clear removes it", async () => {
    const queue = uniqueQueueName("cli-q");
    await using qs = storedTextService();
    await fill(qs, queue, 3);
    await qs.setQueueMetadata(queue, { old: "1" });
    expect(await azqJson(["queues", "metadata", queue])).toEqual({ name: queue, metadata: { old: "1" }, approximateMessageCount: 3 });
    expect(await azqJson(["queues", "metadata", queue, "--set", "a=1", "b=x=y"])).toMatchObject({ metadata: { a: "1", b: "x=y" } });
    expect((await qs.getQueueMetadata(queue)).metadata).toEqual({ a: "1", b: "x=y" });
    expect(await azqJson(["queues", "metadata", queue, "--clear"])).toMatchObject({ metadata: {} });
    const bad = await azq(["queues", "metadata", queue, "--set", "novalue"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("key=value");
  });

  it("stats gives each queue's approximate message count", async () => {
    const prefix = uniqueQueueName("cli-s");
    await using qs = storedTextService();
    await fill(qs, `${prefix}-a`, 5);
    await fill(qs, `${prefix}-b`, 0);
    expect(await azqJson(["queues", "stats", "--prefix", prefix])).toEqual([
      { name: `${prefix}-a`, approximateMessageCount: 5 },
      { name: `${prefix}-b`, approximateMessageCount: 0 },
    ]);
    const table = await azqOk(["queues", "stats", "--prefix", prefix]);
    expect(table).toMatch(new RegExp(`^${prefix}-a\\s+5$`, "m"));
  });
});
