import { describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { azq } from "./azq-harness.js";

/** The one line azq prints on failure. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^azq: /);
  return lines[0]!;
}

describe("azq, the program", () => {
  it("--help lists every command and exits 0", async () => {
    const { code, stdout } = await azq(["--help"]);
    expect(code).toBe(0);
    for (const command of ["queues", "put", "peek", "get", "update", "delete", "clear", "drain", "move", "work", "sas", "serve"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
  });

  it("--version prints the package's version", async () => {
    const { code, stdout } = await azq(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("an unknown command is a usage error: one line, exit 2", async () => {
    const { code, stdout, stderr } = await azq(["frobnicate"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(oneLine(stderr)).toContain("unknown command 'frobnicate'");
  });

  it("a missing argument, a bad number and an unknown option are usage errors", async () => {
    for (const args of [["peek"], ["peek", "q", "-n", "many"], ["peek", "q", "--bogus"], ["--format", "yaml", "peek", "q"]]) {
      const { code, stderr } = await azq(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      oneLine(stderr);
    }
  });

  it("a bad queue name is refused before anything is sent, with exit 2", async () => {
    const { code, stderr } = await azq(["peek", "Not_A_Queue"]);
    expect(code).toBe(2);
    expect(oneLine(stderr)).toMatch(/queue name/i);
  });

  it("a malformed connection string is one line naming the problem, exit 2, and never the key", async () => {
    const bad = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${EMULATOR_ACCOUNT_KEY.slice(0, 20)}!!;QueueEndpoint=nope`;
    for (const [args, env] of [
      [["--connection-string", bad, "queues", "list"], {}],
      [["queues", "list"], { AZURE_STORAGE_CONNECTION_STRING: bad }],
    ] as const) {
      const { code, stderr } = await azq(args, { env });
      expect(code).toBe(2);
      const line = oneLine(stderr);
      expect(line).not.toContain(EMULATOR_ACCOUNT_KEY.slice(0, 20));
      expect(line).not.toMatch(/\n\s+at /);
    }
  });

  it("a wrong account key is an authentication failure: exit 1 with the service's code and the clock hint, no key", async () => {
    const wrongKey = Buffer.alloc(64, 7).toString("base64");
    const { accountUrl } = inject("azurite");
    const connection = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${wrongKey};QueueEndpoint=${accountUrl};`;
    const { code, stderr } = await azq(["--connection-string", connection, "queues", "list"]);
    expect(code).toBe(1);
    const line = oneLine(stderr);
    expect(line).toContain("AuthenticationFailed");
    expect(line).toContain("clock");
    expect(line).not.toContain(wrongKey);
  });

  it("a missing queue is exit 1 with QueueNotFound and how to create it", async () => {
    const queue = uniqueQueueName("cli-missing");
    const { code, stdout, stderr } = await azq(["peek", queue]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const line = oneLine(stderr);
    expect(line).toContain("QueueNotFound");
    expect(line).toContain("azq queues create");
  });

  it("an endpoint nobody listens on is exit 1, saying where it tried", async () => {
    const connection = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;`;
    const { code, stderr } = await azq(["--connection-string", connection, "queues", "list"]);
    expect(code).toBe(1);
    const line = oneLine(stderr);
    expect(line).toContain("127.0.0.1:9");
    expect(line).not.toContain(EMULATOR_ACCOUNT_KEY);
  });

  it("--connection-string with --account-key is a usage error", async () => {
    const { code, stderr } = await azq(["--connection-string", "UseDevelopmentStorage=true", "--account-key", "abc", "queues", "list"]);
    expect(code).toBe(2);
    expect(oneLine(stderr)).not.toContain("abc");
  });
});
