/**
 * Figure 4: browser bundle size. esbuild bundles the same small program (send one, receive up to 32, delete each)
 * written with azqueue and with the official SDK, for the browser, minified, with code splitting (ESM chunks, in
 * memory), as an application bundler would ship it. Every program is measured three ways: what it loads to run
 * (the entry chunk and every chunk reached from it by static imports: fetched before it starts), its lazy chunks
 * (reached only by a dynamic `import()`, fetched when first needed) and all chunks. Raw bytes, and gzip level 9 of
 * each file on its own, as a browser fetches it, summed.
 *
 * azqueue is bundled from its sources with the `source` condition, so `#platform/*` picks the browser modules; the
 * bundle is then checked to really hold the fetch sender and @noble/hashes and nothing of undici or node:*, to load
 * its message scanner and writer up front, and to keep the XML libraries and the lease worker's loop out of what it
 * loads to run.
 */
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { BENCH_DIR, ROOT_DIR } from "../processes.js";
import type { BundleRow, BundleSize } from "../results.js";

/** One output file of a build, as the program would fetch it. */
interface Chunk {
  readonly path: string;
  readonly code: Uint8Array;
  /** Source files with bytes in this chunk, relative to the root. */
  readonly inputs: ReadonlyMap<string, number>;
}

/** A program's chunks, split into what it loads to run and what it loads lazily. */
interface SplitBundle {
  readonly loaded: readonly Chunk[];
  readonly lazy: readonly Chunk[];
}

interface Program {
  readonly contender: BundleRow["contender"];
  readonly label: string;
  readonly file: string;
  readonly conditions: string[];
  /** Throws when the bundle is not what it claims to be; returns what was checked. */
  readonly check: (bundle: SplitBundle) => string;
}

const OUT_DIR = "bundle";
const XML_LIBRARIES = ["fast-xml-parser", "fast-xml-builder", "@nodable/entities"];

function assertBundle(label: string, ok: boolean, what: string): void {
  if (!ok) throw new Error(`browser bundle of ${label}: ${what}`);
}

const inputsOf = (chunks: readonly Chunk[]) => chunks.flatMap((chunk) => [...chunk.inputs.keys()]);
const codeOf = (chunks: readonly Chunk[]) => chunks.map((chunk) => Buffer.from(chunk.code).toString("utf8")).join("\n");
const holdsPackage = (inputs: readonly string[], name: string) => inputs.some((input) => input.includes(`node_modules/${name}/`));

function checkAzqueue(label: string, needsHmac: boolean) {
  return ({ loaded, lazy }: SplitBundle): string => {
    const loadedInputs = inputsOf(loaded);
    const allInputs = [...loadedInputs, ...inputsOf(lazy)];
    assertBundle(label, loadedInputs.includes("src/platform/http.browser.ts"), "the fetch sender (src/platform/http.browser.ts) is not loaded to run");
    assertBundle(label, codeOf(loaded).includes(".fetch"), "no call through fetch in what the program loads");
    assertBundle(label, !allInputs.some((input) => /src\/platform\/[\w-]+\.node\.ts$/.test(input)), "a Node platform module was bundled");
    assertBundle(label, !allInputs.some((input) => input.includes("node_modules/undici/")), "undici was bundled");
    assertBundle(label, !/\bnode:|require\(["']crypto["']\)/.test(codeOf([...loaded, ...lazy])), "the output refers to a Node built-in");
    const hasNoble = holdsPackage(loadedInputs, "@noble/hashes");
    if (needsHmac) assertBundle(label, hasNoble, "@noble/hashes (the browser HMAC) is not loaded to run");
    for (const hotPath of ["src/xml/message-list-scanner.ts", "src/xml/queue-message-writer.ts"]) {
      assertBundle(label, loadedInputs.includes(hotPath), `${hotPath} is not loaded to run`);
    }
    // The XML libraries must sit in a chunk reached only by the dynamic import, and be there.
    for (const library of XML_LIBRARIES) {
      assertBundle(label, !holdsPackage(loadedInputs, library), `${library} is reachable by static imports from the entry`);
      assertBundle(label, holdsPackage(inputsOf(lazy), library), `${library} is in no lazy chunk`);
    }
    // The lease worker's receive loop loads when a program first calls processMessages.
    // So do the ciphers, when a program first puts or reads a message with client-side encryption on.
    for (const lazyModule of ["src/worker/worker.ts", "src/worker/lease.ts", "src/worker/settle.ts", "src/encryption/encrypt.ts", "src/encryption/decrypt.ts", "src/encryption/envelope.ts"]) {
      assertBundle(label, !loadedInputs.includes(lazyModule), `${lazyModule} is reachable by static imports from the entry`);
    }
    return `fetch sender${hasNoble ? ", @noble/hashes" : ""}, scanner and writer loaded to run; XML libraries, the worker and the ciphers lazy only; no undici, no node:*`;
  };
}

function checkOfficial({ loaded, lazy }: SplitBundle): string {
  const inputs = [...inputsOf(loaded), ...inputsOf(lazy)];
  assertBundle("official", inputs.some((input) => input.includes("node_modules/@azure/storage-queue/dist/browser/")), "not the SDK's browser build");
  assertBundle("official", !/\bnode:/.test(codeOf([...loaded, ...lazy])), "the output refers to a Node built-in");
  return "the SDK's browser build; no node:*";
}

const PROGRAMS: readonly Program[] = [
  { contender: "azqueue", label: "azqueue, SharedKey", file: "azqueue-app.ts", conditions: ["@azqueue/source"], check: checkAzqueue("azqueue", true) },
  { contender: "azqueue", label: "azqueue, SAS token", file: "azqueue-sas-app.ts", conditions: ["@azqueue/source"], check: checkAzqueue("azqueue-sas", false) },
  // What Cloudflare's bundler resolves for a Worker: its conditions pick the same fetch sender and HMAC.
  { contender: "azqueue", label: "azqueue, SharedKey, workerd", file: "azqueue-app.ts", conditions: ["@azqueue/source", "workerd", "worker"], check: checkAzqueue("azqueue-workerd", true) },
  { contender: "official", label: "official SDK, SAS URL", file: "official-app.ts", conditions: [], check: checkOfficial },
];

/** The program's JavaScript chunks, split by whether its entry reaches them through static imports. */
function splitBundle(metafile: Metafile, files: ReadonlyMap<string, Uint8Array>, entryPoint: string): SplitBundle {
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith(".js"));
  const entry = outputs.find(([, output]) => output.entryPoint === entryPoint)?.[0];
  if (entry === undefined) throw new Error(`no output chunk for ${entryPoint}`);
  const loaded = new Set([entry]);
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const edge of metafile.outputs[path]!.imports) {
      if (edge.kind !== "import-statement" || edge.external || loaded.has(edge.path)) continue;
      loaded.add(edge.path);
      pending.push(edge.path);
    }
  }
  const chunk = ([path, output]: (typeof outputs)[number]): Chunk => {
    const code = files.get(path);
    if (code === undefined) throw new Error(`no contents for ${path}`);
    const inputs = new Map(Object.entries(output.inputs).map(([input, { bytesInOutput }]) => [relative(ROOT_DIR, join(ROOT_DIR, input)), bytesInOutput]));
    return { path, code, inputs };
  };
  return {
    loaded: outputs.filter(([path]) => loaded.has(path)).map(chunk),
    lazy: outputs.filter(([path]) => !loaded.has(path)).map(chunk),
  };
}

function sizeOf(chunks: readonly Chunk[]): BundleSize {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const { code } of chunks) {
    rawBytes += code.byteLength;
    gzipBytes += gzipSync(code, { level: 9 }).byteLength;
  }
  return { files: chunks.length, rawBytes, gzipBytes };
}

/** The packages (and the project's own files) in `chunks`, largest first, e.g. "fast-xml-parser, is-unsafe, ...". */
function describeContents(chunks: readonly Chunk[]): string {
  const bytes = new Map<string, number>();
  for (const [input, size] of chunks.flatMap((chunk) => [...chunk.inputs])) {
    if (size === 0) continue;
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? input;
    bytes.set(name, (bytes.get(name) ?? 0) + size);
  }
  return [...bytes].sort(([, a], [, b]) => b - a).map(([name]) => name).join(", ");
}

export async function measureBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const program of PROGRAMS) {
    const entryPoint = join(BENCH_DIR, "browser", program.file);
    const result = await build({
      entryPoints: [entryPoint],
      absWorkingDir: ROOT_DIR,
      bundle: true,
      minify: true,
      splitting: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      conditions: program.conditions,
      outdir: OUT_DIR,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const files = new Map(result.outputFiles.map((file) => [relative(ROOT_DIR, file.path), file.contents]));
    const bundle = splitBundle(result.metafile as Metafile, files, relative(ROOT_DIR, entryPoint));
    const checked = program.check(bundle);
    const loaded = sizeOf(bundle.loaded);
    rows.push({
      contender: program.contender,
      label: program.label,
      rawBytes: loaded.rawBytes,
      gzipBytes: loaded.gzipBytes,
      loadedFiles: loaded.files,
      lazy: sizeOf(bundle.lazy),
      total: sizeOf([...bundle.loaded, ...bundle.lazy]),
      lazyContents: describeContents(bundle.lazy),
      checked,
    });
  }
  return rows;
}
