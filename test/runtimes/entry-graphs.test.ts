/**
 * Build-time proof for the runtimes without Node's built-ins: the browser and workerd graphs of every public entry
 * reach no `node:*` module and no undici, and pick the fetch sender and the @noble/hashes HMAC.
 */
import { describe, expect, it } from "vitest";
import { browserGraph, type GraphRuntime } from "../harness/browser-graph.js";

const ENTRIES = ["src/index.ts", "src/client.ts", "src/contract.ts"];
const RUNTIMES: GraphRuntime[] = ["browser", "workerd"];

describe.each(RUNTIMES)("the %s graph", (runtime) => {
  it.each(ENTRIES)("of %s has no Node built-in and no Node platform module", async (entry) => {
    const metafile = await browserGraph(entry, runtime);
    const inputs = Object.keys(metafile.inputs);
    const imports = Object.values(metafile.outputs).flatMap((output) => output.imports.map((edge) => edge.path));
    expect([...inputs, ...imports].filter((path) => path.startsWith("node:"))).toEqual([]);
    expect(inputs.filter((input) => input.includes("node_modules/undici/") || /src\/platform\/[\w-]+\.node\.ts$/.test(input))).toEqual([]);
    if (entry !== "src/contract.ts") {
      expect(inputs).toEqual(expect.arrayContaining(["src/platform/http.browser.ts", "src/platform/fetch-sender.ts", "src/platform/hmac.browser.ts"]));
    }
  });
});
