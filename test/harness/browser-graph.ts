/**
 * The module graph esbuild resolves for a bundle of an entry (the `@azqueue/source` condition, as the bench
 * bundles): what tests of the package's lazy parts and runtime-neutral entries read. The browser's by default;
 * workerd's with the conditions Cloudflare's bundler sets, on esbuild's node platform as a Worker with
 * `nodejs_compat` is bundled: the "node" condition is then active too, and "workerd" must win over it.
 */
import { build, type Metafile } from "esbuild";

export type GraphRuntime = "browser" | "workerd";

const SETTINGS: Record<GraphRuntime, { platform: "browser" | "node"; conditions: string[] }> = {
  browser: { platform: "browser", conditions: ["@azqueue/source"] },
  workerd: { platform: "node", conditions: ["@azqueue/source", "workerd", "worker", "browser"] },
};

export async function browserGraph(entry: string, runtime: GraphRuntime = "browser"): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: "esm",
    ...SETTINGS[runtime],
    outdir: "out",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return result.metafile;
}
