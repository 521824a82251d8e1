/**
 * generated/spec-document.ts: the spec as data, for `ContractValidator.fromSpec()`, which must load in runtimes
 * with no file system and no YAML parser at hand. Prose (descriptions, summaries, examples) is left out: the
 * validator reads none of it, and it would triple the module.
 */
import { parse } from "yaml";

const PROSE = new Set(["description", "summary", "example", "examples", "externalDocs"]);

// Under these keys the children are names the spec chose (a schema property could be called "description"),
// not keywords, so nothing there is prose.
const NAME_MAPS = new Set(["properties", "schemas", "parameters", "responses", "headers", "paths", "securitySchemes", "variables", "content"]);

function withoutProse(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutProse(item, undefined));
  if (typeof value !== "object" || value === null) return value;
  const keepAll = parentKey !== undefined && NAME_MAPS.has(parentKey);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => keepAll || !PROSE.has(key))
      .map(([key, child]) => [key, withoutProse(child, keepAll ? undefined : key)]),
  );
}

/** The module's text for the spec `specText`. */
export function renderSpecDocument(specText: string): string {
  const document = withoutProse(parse(specText), undefined);
  return [
    "/** spec/queue.openapi.yaml as data, without its prose: what `ContractValidator.fromSpec()` checks traffic against. */",
    `export const specDocument: unknown = ${JSON.stringify(document, null, 2)};`,
    "",
  ].join("\n");
}
