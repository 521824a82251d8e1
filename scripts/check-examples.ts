// `npm run check:examples`: compiles every `@example` of the public entries' doc comments against the built package,
// so the examples in the API reference and in editors cannot rot. Each example becomes a module that imports the
// entries' names it uses; a few conventional variables (`qs`, `client`, `message`, ...) are declared in
// scripts/examples-prelude.d.ts, so examples stay as short as a reader wants them. Exits 1 on any compile error.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ENTRIES = [
  { specifier: "azqueue", file: "src/index.ts" },
  { specifier: "azqueue/client", file: "src/client.ts" },
  { specifier: "azqueue/contract", file: "src/contract.ts" },
] as const;
/** Inside the package, so `azqueue` resolves to its own built exports, as it does for users. */
const WORK_DIR = join(ROOT, "dist", "examples-check");
const PRELUDE = join(ROOT, "scripts", "examples-prelude.d.ts");

export interface DocExample {
  /** The documented name, e.g. `QueueService.putMessage`. */
  readonly owner: string;
  readonly code: string;
}

/** Every `@example` on the exports of the public entries and on their members, in declaration order. */
export function collectExamples(): { examples: DocExample[]; exportsByEntry: Map<string, Set<string>> } {
  const program = ts.createProgram(
    ENTRIES.map((entry) => join(ROOT, entry.file)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      customConditions: ["@azqueue/source"],
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
    },
  );
  const checker = program.getTypeChecker();
  const seen = new Set<ts.Symbol>();
  const examples: DocExample[] = [];
  const exportsByEntry = new Map<string, Set<string>>();
  const visit = (symbol: ts.Symbol, owner: string): void => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (seen.has(target)) return;
    seen.add(target);
    for (const tag of target.getJsDocTags(checker)) {
      if (tag.name === "example" && tag.text) examples.push({ owner, code: ts.displayPartsToString(tag.text) });
    }
    for (const member of [...(target.members?.values() ?? []), ...(target.exports?.values() ?? [])]) {
      visit(member, `${owner}.${member.name}`);
    }
  };
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(join(ROOT, entry.file));
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`cannot read the exports of ${entry.file}`);
    const names = new Set<string>();
    for (const exported of checker.getExportsOfModule(module)) {
      names.add(exported.name);
      visit(exported, exported.name);
    }
    exportsByEntry.set(entry.specifier, names);
  }
  return { examples, exportsByEntry };
}

/** The example as a module: an import of each entry name it mentions and does not import itself. */
export function exampleModule(example: DocExample, exportsByEntry: Map<string, Set<string>>): string {
  const imported = new Set<string>();
  for (const match of example.code.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from/gm)) {
    for (const name of (match[1] ?? "").split(",")) imported.add(name.replace(/\btype\b/, "").trim().split(/\s+as\s+/).pop() ?? "");
  }
  const words = new Set(example.code.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const lines: string[] = [];
  const taken = new Set(imported);
  for (const [specifier, names] of exportsByEntry) {
    const wanted = [...names].filter((name) => words.has(name) && !taken.has(name));
    for (const name of wanted) taken.add(name);
    if (wanted.length > 0) lines.push(`import { ${wanted.join(", ")} } from "${specifier}";`);
  }
  const [imports, body] = splitImports(example.code);
  return [`// ${example.owner}`, ...imports, ...lines, "", body, "export {};", ""].join("\n");
}

function splitImports(code: string): [string[], string] {
  const lines = code.split("\n");
  const imports = lines.filter((line) => /^import\s/.test(line));
  return [imports, lines.filter((line) => !/^import\s/.test(line)).join("\n")];
}

function main(): number {
  const { examples, exportsByEntry } = collectExamples();
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  const owners = new Map<string, string>();
  examples.forEach((example, index) => {
    const file = join(WORK_DIR, `example-${String(index + 1).padStart(3, "0")}.ts`);
    owners.set(file, example.owner);
    writeFileSync(file, exampleModule(example, exportsByEntry));
  });
  writeFileSync(join(WORK_DIR, "prelude.d.ts"), readFileSync(PRELUDE, "utf8"));
  const program = ts.createProgram([...owners.keys(), join(WORK_DIR, "prelude.d.ts")], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts", "lib.esnext.disposable.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((diagnostic) => diagnostic.file?.fileName.startsWith(WORK_DIR));
  for (const diagnostic of diagnostics) {
    const file = diagnostic.file;
    const where = file ? `${relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : "";
    const owner = file ? owners.get(file.fileName) : undefined;
    console.error(`${where} (@example of ${owner ?? "?"}): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
  }
  console.log(`${examples.length} @example blocks of azqueue, azqueue/client and azqueue/contract compiled; ${diagnostics.length} errors`);
  return diagnostics.length === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
