/**
 * JSON Schema validation of values read off the wire against the spec's own schemas (OpenAPI 3.1 schemas are JSON
 * Schema 2020-12), with @cfworker/json-schema: it interprets schemas instead of compiling them to code, so it runs
 * where `eval` is refused (Cloudflare Workers, strict CSP pages). Its findings are rewritten as sentences a user
 * acts on ("604801 is above the maximum 604800"), each with the dotted path of the part at fault.
 */
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import { resolveRef, type OpenApiDocument, type SchemaObject } from "./openapi-document.js";

const COMPONENTS_ID = "urn:azqueue:openapi-components";
const COMPONENT_REF = /^#\/components\/schemas\//;

// Findings that only say a subschema failed: the subschema's own finding is reported instead.
const WRAPPERS = new Set(["$ref", "properties", "items", "prefixItems", "allOf", "dependentSchemas", "unevaluatedProperties", "false"]);

/** One schema finding: the dotted path below the checked value ("" for the value itself) and what is wrong. */
export interface SchemaProblem {
  readonly at: string;
  readonly message: string;
}

export class SchemaCheck {
  readonly #document: OpenApiDocument;
  readonly #components: Schema;
  readonly #validators = new WeakMap<SchemaObject, Validator>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
    this.#components = { $id: COMPONENTS_ID, $defs: rewriteRefs(document.components?.schemas ?? {}) } as Schema;
  }

  /** What is wrong with `value` against `schema`; empty when it conforms. */
  check(schema: SchemaObject, value: unknown): SchemaProblem[] {
    let validator = this.#validators.get(schema);
    if (!validator) {
      validator = new Validator(rewriteRefs(schema) as Schema, "2020-12", false);
      validator.addSchema(this.#components);
      this.#validators.set(schema, validator);
    }
    const { valid, errors } = validator.validate(value);
    if (valid) return [];
    const problems = errors.filter((unit) => !WRAPPERS.has(unit.keyword)).map((unit) => this.#describe(unit, schema, value));
    return problems.length > 0 ? problems : [{ at: "", message: errors[0]?.error ?? "does not match the spec's schema" }];
  }

  #describe(unit: OutputUnit, root: SchemaObject, value: unknown): SchemaProblem {
    const at = pointerSegments(unit.instanceLocation);
    const instance = valueAt(value, at);
    const keywordValue = this.#keywordValue(root, unit.keywordLocation);
    const shown = show(instance);
    const dotted = dottedPath(at);
    switch (unit.keyword) {
      case "maximum":
        return { at: dotted, message: `${shown} is above the maximum ${String(keywordValue)}` };
      case "exclusiveMaximum":
        return { at: dotted, message: `${shown} must be below ${String(keywordValue)}` };
      case "minimum":
        return { at: dotted, message: `${shown} is below the minimum ${String(keywordValue)}` };
      case "exclusiveMinimum":
        return { at: dotted, message: `${shown} must be above ${String(keywordValue)}` };
      case "type":
        return { at: dotted, message: `${shown} is not ${article(keywordValue)}` };
      case "const":
        return { at: dotted, message: `${shown} must be ${show(keywordValue)}` };
      case "enum":
        return { at: dotted, message: `${shown} is not one of ${(keywordValue as unknown[]).map(show).join(", ")}` };
      case "maxLength":
        return { at: dotted, message: `${shown} is longer than ${String(keywordValue)} characters` };
      case "minLength":
        return { at: dotted, message: `${shown} is shorter than ${String(keywordValue)} characters` };
      case "pattern":
        return { at: dotted, message: `${shown} does not match the pattern ${String(keywordValue)}` };
      case "format":
        return { at: dotted, message: `${shown} is not a valid ${String(keywordValue)}` };
      case "maxItems":
        return { at: dotted, message: `has ${(instance as unknown[]).length} items, more than the maximum ${String(keywordValue)}` };
      case "minItems":
        return { at: dotted, message: `has ${(instance as unknown[]).length} items, fewer than the minimum ${String(keywordValue)}` };
      case "required": {
        const missing = /"([^"]+)"/.exec(unit.error)?.[1] ?? "";
        return { at: dottedPath([...at, missing]), message: "is required but missing" };
      }
      case "additionalProperties": {
        const extra = /"([^"]+)"/.exec(unit.error)?.[1] ?? "";
        return { at: dottedPath([...at, extra]), message: "is not declared by the spec" };
      }
      default:
        return { at: dotted, message: unit.error.replace(/^Instance/, shown).replace(/\.$/, "") };
    }
  }

  /** The value of the keyword a finding names, following `$ref`s as the validator did. */
  #keywordValue(root: SchemaObject, keywordLocation: string): unknown {
    let node: unknown = root;
    for (const segment of pointerSegments(keywordLocation)) {
      if (typeof node !== "object" || node === null) return undefined;
      if (segment === "$ref") {
        node = resolveRef<SchemaObject>(this.#document, node as SchemaObject);
        continue;
      }
      node = (node as Record<string, unknown>)[segment];
    }
    return node;
  }
}

/**
 * Segments as a dotted path, list indexes in brackets.
 *
 * @example
 * dottedPath(["Queues", "0", "Name"]); // "Queues[0].Name"
 */
export function dottedPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === "" ? segment : `${path}.${segment}`), "");
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~"));
}

function valueAt(value: unknown, segments: readonly string[]): unknown {
  let node = value;
  for (const segment of segments) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  return node;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return "a list";
  return value === undefined ? "the value" : "an object";
}

function article(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((name) => (/^[aeiou]/.test(String(name)) ? `an ${String(name)}` : `a ${String(name)}`));
  return names.join(" or ");
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key !== "$ref" || typeof child !== "string") return [key, rewriteRefs(child)];
      return [key, child.replace(COMPONENT_REF, `${COMPONENTS_ID}#/$defs/`)];
    }),
  );
}

/** The schema's type, its `$ref` resolved by `resolve`; the first non-null one when it lists several. */
export function schemaType(schema: SchemaObject, resolve: (schema: SchemaObject) => SchemaObject): string | undefined {
  const type = resolve(schema).type;
  return Array.isArray(type) ? type.find((t) => t !== "null") : (type as string | undefined);
}

/**
 * A query or header value as the schema means it: integers and booleans parsed when they are well-formed, left as
 * the raw string otherwise, so that the schema check reports the mismatch. Arrays are comma-separated (`form`,
 * not exploded).
 *
 * @example
 * wireValue({ type: "integer" }, "30", (schema) => schema); // 30
 */
export function wireValue(schema: SchemaObject, raw: string, resolve: (schema: SchemaObject) => SchemaObject): unknown {
  switch (schemaType(schema, resolve)) {
    case "integer":
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case "number":
      return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "array": {
      const items = resolve(schema).items;
      return raw.split(",").map((item) => (items ? wireValue(items, item, resolve) : item));
    }
    default:
      return raw;
  }
}
