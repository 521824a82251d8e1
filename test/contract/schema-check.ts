/**
 * JSON Schema validation of values read off the wire, with Ajv against the spec's own schemas (OpenAPI 3.1 schemas
 * are JSON Schema 2020-12). The component schemas become one Ajv document, so `$ref`s between them resolve as in
 * the spec.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument, SchemaObject } from "./openapi-document.js";

const COMPONENTS_ID = "urn:azqueue:openapi-components";
const COMPONENT_REF = /^#\/components\/schemas\//;

/** OpenAPI keywords that JSON Schema does not know; annotations only. */
const OPENAPI_KEYWORDS = ["xml", "example", "externalDocs", "discriminator"];

export class SchemaCheck {
  readonly #ajv: Ajv2020;
  readonly #compiled = new WeakMap<SchemaObject, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    // strict: an unknown keyword or format in the spec stops the check instead of being silently ignored.
    this.#ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, allErrors: true });
    addFormats.default(this.#ajv);
    this.#ajv.addVocabulary([...OPENAPI_KEYWORDS, ...vendorExtensions(document)]);
    this.#ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(document.components?.schemas ?? {}) });
  }

  /** Problems of `value` against `schema`, one readable line each; empty when it conforms. */
  check(schema: SchemaObject, value: unknown, name: string): string[] {
    let validate = this.#compiled.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(rewriteRefs(schema) as object);
      this.#compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => describe(error, name));
  }
}

function describe(error: ErrorObject, name: string): string {
  const where = `${name}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  const detail = "allowedValue" in params ? ` ${JSON.stringify(params.allowedValue)}` : "allowedValues" in params ? ` ${JSON.stringify(params.allowedValues)}` : "";
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key !== "$ref" || typeof child !== "string") return [key, rewriteRefs(child)];
      if (!COMPONENT_REF.test(child)) throw new Error(`schema $ref outside components/schemas: ${child}`);
      return [key, child.replace(COMPONENT_REF, `${COMPONENTS_ID}#/$defs/`)];
    }),
  );
}

function vendorExtensions(value: unknown, found = new Set<string>()): string[] {
  if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith("x-")) found.add(key);
      vendorExtensions(child, found);
    }
  }
  return [...found];
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
