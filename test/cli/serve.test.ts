import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { uniqueQueueName } from "../harness/names.js";
import { azqJson, finished, startAzq, until } from "./azq-harness.js";

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

describe("azq serve", () => {
  it("starts Azurite's queue service on 127.0.0.1, prints a connection string azq can use, and stops on SIGINT", async () => {
    const child = startAzq(["--json", "serve", "--port", "0"]);
    const exited = finished(child, 60_000);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    await until(() => stdout.includes("\n"), 40_000);
    const { connectionString, queueEndpoint, port } = JSON.parse(stdout) as { connectionString: string; queueEndpoint: string; port: number };
    expect(queueEndpoint).toBe(`http://127.0.0.1:${port}/devstoreaccount1`);
    expect(connectionString).toContain(`QueueEndpoint=${queueEndpoint};`);

    const queue = uniqueQueueName("cli-serve");
    const env = { AZURE_STORAGE_CONNECTION_STRING: connectionString };
    expect(await azqJson(["queues", "create", queue], { env })).toEqual({ name: queue, created: true });
    expect(await azqJson(["queues", "list"], { env })).toEqual([{ name: queue }]);

    child.kill("SIGINT");
    const { code, stderr } = await exited;
    expect(code, stderr).toBe(0);
    expect(await refused(port)).toBe(true);
  }, 90_000);
});
