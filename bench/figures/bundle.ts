/**
 * Figure 4: browser bundle size. esbuild bundles the same small program (send one, receive up to 32, delete each)
 * written with azqueue and with the official SDK, for the browser, minified; raw and gzip (level 9) bytes. azqueue
 * is bundled from its sources with the `source` condition, so `#platform/*` picks the browser modules; the bundle
 * is then checked to really hold the fetch sender and @noble/hashes and nothing of undici or node:*.
 */
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { BENCH_DIR, ROOT_DIR } from "../processes.js";
import type { BundleRow } from "../results.js";

interface Program {
  readonly contender: BundleRow["contender"];
  readonly label: string;
  readonly file: string;
  readonly conditions: string[];
  /** Throws when the bundle is not what it claims to be; returns what was checked. */
  readonly check: (inputs: readonly string[], code: string) => string;
}

function assertBundle(label: string, ok: boolean, what: string): void {
  if (!ok) throw new Error(`browser bundle of ${label}: ${what}`);
}

function checkAzqueue(label: string, needsHmac: boolean) {
  return (inputs: readonly string[], code: string): string => {
    assertBundle(label, inputs.includes("src/platform/http.browser.ts"), "the fetch sender (src/platform/http.browser.ts) is missing");
    assertBundle(label, code.includes(".fetch"), "no call through fetch in the output");
    assertBundle(label, !inputs.some((input) => input.includes("http.node") || input.includes("hmac.node")), "a Node platform module was bundled");
    assertBundle(label, !inputs.some((input) => input.includes("node_modules/undici/")), "undici was bundled");
    assertBundle(label, !/\bnode:|require\(["']crypto["']\)/.test(code), "the output refers to a Node built-in");
    const hasNoble = inputs.some((input) => input.includes("node_modules/@noble/hashes/"));
    if (needsHmac) assertBundle(label, hasNoble, "@noble/hashes (the browser HMAC) is missing");
    return `fetch sender${hasNoble ? ", @noble/hashes" : ""}; no undici, no node:*`;
  };
}

function checkOfficial(inputs: readonly string[], code: string): string {
  assertBundle("official", inputs.some((input) => input.includes("node_modules/@azure/storage-queue/dist/browser/")), "not the SDK's browser build");
  assertBundle("official", !/\bnode:/.test(code), "the output refers to a Node built-in");
  return "the SDK's browser build; no node:*";
}

const PROGRAMS: readonly Program[] = [
  { contender: "azqueue", label: "azqueue, SharedKey", file: "azqueue-app.ts", conditions: ["source"], check: checkAzqueue("azqueue", true) },
  { contender: "azqueue", label: "azqueue, SAS token", file: "azqueue-sas-app.ts", conditions: ["source"], check: checkAzqueue("azqueue-sas", false) },
  { contender: "official", label: "official SDK, SAS URL", file: "official-app.ts", conditions: [], check: checkOfficial },
];

export async function measureBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const program of PROGRAMS) {
    const result = await build({
      entryPoints: [join(BENCH_DIR, "browser", program.file)],
      absWorkingDir: ROOT_DIR,
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      conditions: program.conditions,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const output = result.outputFiles[0]!.contents;
    const inputs = Object.keys((result.metafile as Metafile).inputs).map((input) => relative(ROOT_DIR, join(ROOT_DIR, input)));
    const checked = program.check(inputs, Buffer.from(output).toString("utf8"));
    rows.push({ contender: program.contender, label: program.label, rawBytes: output.byteLength, gzipBytes: gzipSync(output, { level: 9 }).byteLength, checked });
  }
  return rows;
}
