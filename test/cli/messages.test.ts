import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueQueueName } from "../harness/names.js";
import { azq, azqJson, azqOk, fill, finished, startAzq, storedTextService, takeAll, until } from "./azq-harness.js";

interface Received {
  id: string;
  popReceipt: string;
  content: string;
  dequeueCount: number;
  timeNextVisible: string;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "azq-messages-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function newQueue(): Promise<string> {
  const queue = uniqueQueueName("cli-m");
  await using qs = storedTextService();
  await qs.createQueue(queue);
  return queue;
}

describe("azq put", () => {
  it("puts the argument as one message, with --ttl", async () => {
    const queue = await newQueue();
    const result = await azqJson<{ id: string; put: number }>(["put", queue, "hello <world> & co", "--ttl", "120"]);
    expect(result.put).toBe(1);
    await using qs = storedTextService();
    const [message] = await qs.peekMessages(queue);
    expect(message?.content).toBe("hello <world> & co");
    expect(message!.expirationTime.getTime() - message!.insertionTime.getTime()).toBe(120_000);
  });

  it("puts one message per line of --file, skipping empty lines, CRLF or LF", async () => {
    const queue = await newQueue();
    const file = join(dir, "lines.txt");
    await writeFile(file, "one\r\ntwo\n\n  three  \nfour");
    expect(await azqOk(["put", queue, "--file", file])).toBe(`Put 4 messages on ${queue}.\n`);
    await using qs = storedTextService();
    expect((await takeAll(qs, queue)).sort()).toEqual(["  three  ", "four", "one", "two"]);
  });

  it("puts one message per line of stdin, 500 of them concurrently", async () => {
    const queue = await newQueue();
    const lines = Array.from({ length: 500 }, (_, n) => `line ${n}`);
    const result = await azqJson<{ put: number; lastLine: number; stopped: null }>(["put", queue, "--concurrency", "32"], { input: `${lines.join("\n")}\n` });
    expect(result).toEqual({ queue, put: 500, lastLine: 500, stopped: null });
    await using qs = storedTextService();
    expect((await takeAll(qs, queue)).sort()).toEqual([...lines].sort());
  });

  it("--jsonl takes JSON strings and objects with content, visibilityTimeout and timeToLive", async () => {
    const queue = await newQueue();
    const input = [JSON.stringify("plain\nwith newline"), JSON.stringify({ content: "hidden", visibilityTimeout: 3600 }), JSON.stringify({ content: "short", timeToLive: 60 })].join("\n");
    expect((await azqJson<{ put: number }>(["put", queue, "--jsonl"], { input })).put).toBe(3);
    await using qs = storedTextService();
    const visible = await qs.peekMessages(queue, { numMessages: 32 });
    expect(visible.map((message) => message.content).sort()).toEqual(["plain\nwith newline", "short"]);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(3);
  });

  it("--jsonl stops at a line that is not JSON: exit 1 naming the line, what was read before it put", async () => {
    const queue = await newQueue();
    const { code, stderr } = await azq(["put", queue, "--jsonl", "--concurrency", "1"], { input: '"a"\n"b"\nnot json\n"d"\n' });
    expect(code).toBe(1);
    expect(stderr).toContain("line 3 is not JSON");
    expect(stderr).toContain("put 2 messages");
    await using qs = storedTextService();
    expect((await takeAll(qs, queue)).sort()).toEqual(["a", "b"]);
  });

  it("stops on SIGTERM while stdin is still open: what was read is put, and the count says so", async () => {
    const queue = await newQueue();
    const child = startAzq(["--json", "put", queue]);
    const exited = finished(child);
    child.stdin.write(Array.from({ length: 100 }, (_, n) => `early ${n}\n`).join(""));
    await using qs = storedTextService();
    await until(async () => (await qs.getQueueMetadata(queue)).approximateMessageCount === 100);
    child.kill("SIGTERM");
    const { code, stdout } = await exited;
    expect(code).toBe(143);
    expect(JSON.parse(stdout)).toEqual({ queue, put: 100, lastLine: 100, stopped: "SIGTERM" });
    expect(await takeAll(qs, queue)).toHaveLength(100);
  });

  it("to a missing queue fails with QueueNotFound and exit 1", async () => {
    const { code, stderr } = await azq(["put", uniqueQueueName("cli-none")], { input: "a\nb\n" });
    expect(code).toBe(1);
    expect(stderr).toContain("QueueNotFound");
  });
});

describe("azq peek, get, update, delete, clear", () => {
  it("peek -n over 32 says the service caps it and shows 32", async () => {
    const queue = uniqueQueueName("cli-m");
    await using qs = storedTextService();
    await fill(qs, queue, 40);
    const { code, stdout, stderr } = await azq(["--json", "peek", queue, "-n", "40"]);
    expect(code).toBe(0);
    expect(stderr).toContain("at most 32");
    expect((JSON.parse(stdout) as unknown[]).length).toBe(32);
    const table = await azqOk(["peek", queue, "-n", "2"]);
    expect(table.split("\n")[0]).toMatch(/^ID\s+DEQUEUES\s+INSERTED\s+CONTENT$/);
    expect(table.trim().split("\n")).toHaveLength(3);
  });

  it("get -n 40 receives 40 in two requests and hides them for --visibility-timeout", async () => {
    const queue = uniqueQueueName("cli-m");
    await using qs = storedTextService();
    await fill(qs, queue, 45);
    const received = await azqJson<Received[]>(["get", queue, "-n", "40", "--visibility-timeout", "600"]);
    expect(new Set(received.map((message) => message.id)).size).toBe(40);
    expect(received.every((message) => message.dequeueCount === 1)).toBe(true);
    expect(await qs.peekMessages(queue, { numMessages: 32 })).toHaveLength(5);
  });

  it("update changes content and visibility and returns the new pop receipt; delete takes it; the old one fails", async () => {
    const queue = uniqueQueueName("cli-m");
    await using qs = storedTextService();
    await fill(qs, queue, 1, () => "before");
    const [message] = await azqJson<Received[]>(["get", queue]);
    const updated = await azqJson<{ id: string; popReceipt: string }>(["update", queue, message!.id, message!.popReceipt, "--content", "after"]);
    expect(updated.id).toBe(message!.id);
    expect((await qs.peekMessages(queue))[0]?.content).toBe("after");

    const stale = await azq(["delete", queue, message!.id, message!.popReceipt]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/PopReceiptMismatch|MessageNotFound/);
    expect(await azqOk(["delete", queue, updated.id, updated.popReceipt])).toBe(`Deleted message ${updated.id}.\n`);
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  });

  it("clear deletes every message", async () => {
    const queue = uniqueQueueName("cli-m");
    await using qs = storedTextService();
    await fill(qs, queue, 50);
    expect(await azqJson(["clear", queue])).toEqual({ queue, cleared: true });
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  });
});

describe("--format", () => {
  it("text stores and shows the text as is; xml escapes as the Python reference; base64 encodes UTF-8", async () => {
    const queue = await newQueue();
    const content = "a < b & ü";
    await azqOk(["put", queue, content]);
    await azqOk(["--format", "xml", "put", queue, content]);
    await azqOk(["--format", "base64", "put", queue, content]);
    await using qs = storedTextService();
    const stored = (await qs.peekMessages(queue, { numMessages: 3 })).map((message) => message.content);
    expect(stored).toEqual([content, "a &lt; b &amp; ü", Buffer.from(content).toString("base64")]);

    const asText = await azqJson<Received[]>(["peek", queue, "-n", "3"]);
    expect(asText.map((message) => message.content)).toEqual(stored);
    const asXml = await azqJson<Received[]>(["--format", "xml", "peek", queue, "-n", "2"]);
    expect(asXml.map((message) => message.content)).toEqual([content, content]);
  });

  it("base64 on text that is not base64 fails with exit 1 and points at --format text", async () => {
    const queue = await newQueue();
    await azqOk(["put", queue, "not base64!"]);
    const { code, stderr } = await azq(["--format", "base64", "peek", queue]);
    expect(code).toBe(1);
    expect(stderr).toContain("--format text");
  });
});
