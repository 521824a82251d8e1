import * as undici from "undici";
import { inject, describe, expect, it } from "vitest";
import { EnvHttpProxyAgent, Pool, ProxyAgent } from "../../src/platform/undici.node.js";
import { uniqueQueueName } from "../harness/names.js";
import { runScript } from "../harness/run-script.js";

describe("the undici classes the Node sender loads from their own files", () => {
  it("are the very classes undici's entry point exports", () => {
    expect(Pool).toBe(undici.Pool);
    expect(ProxyAgent).toBe(undici.ProxyAgent);
    expect(EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
  });

  it("spare a fresh process undici's entry point, fetch and WebSocket", async () => {
    const { accountUrl } = inject("azurite");
    const run = await runScript(new URL("fixtures/undici-modules-loaded.ts", import.meta.url).pathname, [accountUrl, uniqueQueueName("undici")]);
    expect(run.exitCode, run.output).toBe(0);
    const loaded = JSON.parse(run.output.trim().split("\n").at(-1)!) as string[];
    expect(loaded).toContain("lib/dispatcher/pool.js");
    expect(loaded).not.toContain("index.js");
    expect(loaded.filter((path) => path.startsWith("lib/web/"))).toEqual([]);
  });
});
