/**
 * The `azqueue/contract` entry's place in the package: `azqueue` and `azqueue/client` never reach it, and its
 * browser graph (what a bundler makes of it for a page or an edge worker) holds no Node built-in, so the validator
 * runs wherever fetch does.
 */
import { describe, expect, it } from "vitest";
import { browserGraph } from "../harness/browser-graph.js";

describe("azqueue/contract", () => {
  it.each(["src/index.ts", "src/client.ts"])("%s reaches nothing of it, statically or lazily", async (entry) => {
    const inputs = Object.keys((await browserGraph(entry)).inputs);
    expect(inputs.filter((input) => input.startsWith("src/contract") || input.includes("@cfworker/") || input.includes("node_modules/yaml/"))).toEqual([]);
    expect(inputs).not.toContain("generated/spec-document.ts");
  });

  it("bundles for the browser with no Node built-in, the shipped spec and the non-eval schema validator included", async () => {
    const metafile = await browserGraph("src/contract.ts");
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((input) => input.startsWith("node:") || /^(fs|path|url|module)$/.test(input))).toEqual([]);
    expect(inputs).toEqual(expect.arrayContaining(["generated/spec-document.ts", "src/platform/spec-file.browser.ts"]));
    expect(inputs).not.toContain("src/platform/spec-file.node.ts");
    expect(inputs.some((input) => input.includes("node_modules/@cfworker/json-schema/"))).toBe(true);
    const imports = Object.values(metafile.outputs).flatMap((output) => output.imports.map((edge) => edge.path));
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
  });
});
