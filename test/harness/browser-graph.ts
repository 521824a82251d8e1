/**
 * The module graph esbuild resolves for a browser bundle of an entry (the `@azqueue/source` condition, as the bench
 * bundles): what tests of the package's lazy parts and runtime-neutral entries read.
 */
import { build, type Metafile } from "esbuild";

export async function browserGraph(entry: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    conditions: ["@azqueue/source"],
    outdir: "out",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return result.metafile;
}
