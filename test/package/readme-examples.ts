/**
 * The README's code blocks, as the package test compiles and runs them. Read from README.md itself so the README
 * cannot drift from the package: a ```ts block is compiled and run, a ```js block runs as an ES module, or as
 * CommonJS when `<!-- example: commonjs -->` stands just above its fence, a ```ts block marked
 * `<!-- example: vitest -->` is a test file that vitest runs, and `<!-- example: typecheck only (why) -->`
 * keeps a block from running (it needs something the suite cannot give, such as an Entra ID tenant).
 */

export interface ReadmeExample {
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  readonly language: "ts" | "js";
  readonly code: string;
  /** False for blocks marked `typecheck only`. */
  readonly run: boolean;
  readonly commonjs: boolean;
  /** A test file (`<!-- example: vitest -->`): run by vitest, not by node. */
  readonly vitest: boolean;
  /** The file name the example gets in the test project, unique and in README order. */
  readonly fileName: string;
}

const FENCE_OPEN = /^```(\w+)\s*$/;
const MARKER = /^<!--\s*example:\s*(.+?)\s*-->$/;
const LANGUAGES: Record<string, "ts" | "js" | undefined> = { ts: "ts", typescript: "ts", js: "js", javascript: "js" };

/**
 * @throws Error for an unknown marker or an unclosed fence, so a typo cannot silently drop an example.
 * @example
 * readmeExamples("```ts\nconsole.log(1);\n```\n"); // [{ line: 1, language: "ts", code: "console.log(1);\n", ... }]
 */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split("\n");
  const examples: ReadmeExample[] = [];
  let marker: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    const markerMatch = MARKER.exec(text.trim());
    if (markerMatch) {
      marker = markerMatch[1];
      continue;
    }
    const fence = FENCE_OPEN.exec(text);
    if (!fence) {
      if (text.trim() !== "") marker = undefined;
      continue;
    }
    const close = lines.findIndex((candidate, at) => at > index && candidate.trimEnd() === "```");
    if (close === -1) throw new Error(`README.md:${index + 1}: the code block is never closed`);
    const language = LANGUAGES[fence[1]?.toLowerCase() ?? ""];
    if (language) {
      const kind = parseMarker(marker, index + 1);
      const commonjs = kind === "commonjs";
      const vitest = kind === "vitest";
      if (commonjs && language !== "js") throw new Error(`README.md:${index + 1}: only a js block can be commonjs`);
      const number = String(examples.length + 1).padStart(2, "0");
      const extension = language === "ts" ? (vitest ? "test.ts" : "ts") : commonjs ? "cjs" : "mjs";
      examples.push({
        line: index + 1,
        language,
        code: lines.slice(index + 1, close).join("\n") + "\n",
        run: kind !== "typecheck only",
        commonjs,
        vitest,
        fileName: `example-${number}-line-${index + 1}.${extension}`,
      });
    } else if (marker !== undefined) {
      throw new Error(`README.md:${index + 1}: an example marker above a ${fence[1]} block`);
    }
    marker = undefined;
    index = close;
  }
  return examples;
}

function parseMarker(marker: string | undefined, line: number): "run" | "commonjs" | "vitest" | "typecheck only" {
  if (marker === undefined) return "run";
  if (marker === "commonjs" || marker === "vitest") return marker;
  if (/^typecheck only \(.+\)$/.test(marker)) return "typecheck only";
  throw new Error(`README.md:${line}: unknown example marker "${marker}" (commonjs, vitest, or typecheck only (why))`);
}
