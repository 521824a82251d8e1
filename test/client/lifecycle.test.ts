import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { createQueueClient } from "../../src/client.js";
import { AzureException, ValidationError } from "../../src/errors.js";
import { uniqueQueueName } from "../harness/names.js";

describe("typed client lifecycle", () => {
  it("lets a Node process exit by itself once the client is disposed", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/use-then-dispose.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", fixture, inject("azurite").accountUrl, uniqueQueueName("exit")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => {
      // Keep-alive sockets or timers left behind would hold the process well past this.
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(output).toBe("bye\n");
    expect(exitCode).toBe(0);
  }, 30_000);

  it("refuses calls after close()", async () => {
    const client = createQueueClient({ endpoint: inject("azurite").accountUrl, sasToken: "sv=2025-11-05&sig=x" });
    await client.close();
    await expect(client.GET("/?comp=list")).rejects.toBeInstanceOf(AzureException);
  });

  it("rejects a malformed connection string before any request", () => {
    expect(() => createQueueClient({ connectionString: "AccountName=acct;AccountKey" })).toThrow(ValidationError);
    expect(() => createQueueClient({ connectionString: "AccountName=acct;AccountKey" })).toThrow(/part 2 .* not a Name=value setting/);
  });
});
