import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { createQueueClient } from "../../src/client.js";
import { AzureException, ValidationError } from "../../src/errors.js";
import { uniqueQueueName } from "../harness/names.js";
import { runScript } from "../harness/run-script.js";

describe("typed client lifecycle", () => {
  it("lets a Node process exit by itself once the client is disposed", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/use-then-dispose.ts", import.meta.url));
    const { exitCode, output } = await runScript(fixture, [inject("azurite").accountUrl, uniqueQueueName("exit")]);
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
