/**
 * The XML libraries are loaded only when a document needs them: nothing reachable from the package's entry points
 * by static imports brings in fast-xml-parser, its entity decoder or fast-xml-builder; only the one dynamic import in
 * load-xml-library.ts does. Checked on the module graph esbuild resolves for a browser bundle (the `@azqueue/source`
 * condition, as the bench bundles), and on the loader's behaviour when the import fails.
 */
import type { Metafile } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { browserGraph } from "../harness/browser-graph.js";

const LIBRARY_MODULE = "src/xml/xml-library.ts";
const XML_PACKAGES = /node_modules\/(fast-xml-parser|fast-xml-builder|@nodable\/entities)\//;

async function moduleGraph(entry: string): Promise<Metafile["inputs"]> {
  return (await browserGraph(entry)).inputs;
}

/** Every module reachable from `entry` by static imports (dynamic `import()` not followed). */
function staticallyReachable(inputs: Metafile["inputs"], entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const edge of inputs[path]?.imports ?? []) {
      if (edge.kind === "dynamic-import" || edge.external || seen.has(edge.path)) continue;
      seen.add(edge.path);
      pending.push(edge.path);
    }
  }
  return seen;
}

describe("the XML libraries load lazily", () => {
  it.each(["src/index.ts", "src/client.ts"])("%s reaches no XML library by static imports", async (entry) => {
    const inputs = await moduleGraph(entry);
    const reachable = [...staticallyReachable(inputs, entry)];
    expect(reachable.filter((path) => XML_PACKAGES.test(path))).toEqual([]);
    expect(reachable).not.toContain(LIBRARY_MODULE);
    // The scanner and the writer are the synchronous first path, so they are loaded up front.
    expect(reachable).toEqual(expect.arrayContaining(["src/xml/message-list-scanner.ts", "src/xml/queue-message-writer.ts"]));
    // The libraries are in the graph all the same, behind the one dynamic import. The others are the span code,
    // imported only while a tracer provider is registered, the lease worker's loop, on the first processMessages,
    // and the ciphers, on the first message put or read with encryption on.
    const dynamic = Object.entries(inputs).flatMap(([from, input]) =>
      input.imports.filter((edge) => edge.kind === "dynamic-import").map((edge) => `${from} -> ${edge.path}`),
    );
    const others = dynamic.filter((edge) => edge.startsWith("src/tracing/") || edge.startsWith("src/worker/") || edge.endsWith("src/encryption/ciphers.ts"));
    expect(dynamic.filter((edge) => !others.includes(edge))).toEqual([`src/xml/load-xml-library.ts -> ${LIBRARY_MODULE}`]);
    expect(others.sort()).toEqual(
      entry === "src/index.ts"
        ? ["src/facade/message-content.ts -> src/encryption/ciphers.ts", "src/tracing/registration.ts -> src/tracing/client-span.ts", "src/worker/start-worker.ts -> src/worker/worker.ts"]
        : [],
    );
    const library = [...staticallyReachable(inputs, LIBRARY_MODULE)];
    for (const name of ["fast-xml-parser", "fast-xml-builder", "@nodable/entities"]) {
      expect(library.some((path) => path.includes(`node_modules/${name}/`)), name).toBe(true);
    }
  });
});

describe("loadXmlLibrary", () => {
  afterEach(() => {
    vi.doUnmock("../../src/xml/xml-library.js");
    vi.resetModules();
  });

  it("imports the library once and shares it", async () => {
    vi.resetModules();
    const { loadXmlLibrary } = await import("../../src/xml/load-xml-library.js");
    const first = loadXmlLibrary();
    expect(loadXmlLibrary()).toBe(first);
    expect(typeof (await first).parseWithFastXmlParser).toBe("function");
  });

  it("forgets a failed import, and error bodies are then read as empty, never as a failure", async () => {
    vi.resetModules();
    let available = false;
    vi.doMock("../../src/xml/xml-library.js", async (importOriginal) => {
      if (!available) throw new Error("the chunk could not be fetched");
      return importOriginal();
    });
    const { loadXmlLibrary } = await import("../../src/xml/load-xml-library.js");
    const { parseStorageError } = await import("../../src/xml/storage-error.js");
    const body = "<Error><Code>QueueNotFound</Code><Message>The specified queue does not exist.</Message></Error>";
    await expect(loadXmlLibrary()).rejects.toThrow();
    expect(await parseStorageError(body)).toEqual({});
    available = true;
    expect(await parseStorageError(body)).toEqual({ code: "QueueNotFound", message: "The specified queue does not exist." });
  });
});
