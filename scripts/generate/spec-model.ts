// The subset of OpenAPI 3.1 that spec/queue.openapi.yaml uses, and how to walk it. Kept narrow on purpose: a
// construct the generator does not know makes it fail loudly (specError) rather than emit something half right.
import { parse } from "yaml";

export interface Reference {
  readonly $ref: string;
}

export interface XmlObject {
  readonly name?: string;
  readonly wrapped?: boolean;
  readonly attribute?: boolean;
}

export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly xml?: XmlObject;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly [extension: `x-${string}`]: unknown;
}

export interface Parameter {
  readonly name: string;
  readonly in: "query" | "header" | "path" | "cookie";
  readonly required?: boolean;
  readonly schema?: Schema;
  readonly "x-ms-header-collection-prefix"?: string;
}

export interface Header {
  readonly required?: boolean;
  readonly schema?: Schema;
  readonly "x-ms-header-collection-prefix"?: string;
}

export interface MediaType {
  readonly schema?: Schema;
  readonly example?: unknown;
  readonly examples?: Readonly<Record<string, { readonly value?: unknown } | Reference>>;
}

export interface Response {
  readonly description: string;
  readonly "x-azqueue-error-codes"?: readonly string[];
  readonly headers?: Readonly<Record<string, Header | Reference>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface RequestBody {
  readonly required?: boolean;
  readonly content: Readonly<Record<string, MediaType>>;
}

export interface Operation {
  readonly operationId: string;
  readonly parameters?: readonly (Parameter | Reference)[];
  readonly requestBody?: RequestBody | Reference;
  readonly responses: Readonly<Record<string, Response | Reference>>;
  readonly "x-azqueue-read-only"?: boolean;
  readonly "x-azqueue-endpoint"?: "primary" | "secondary";
}

export const HTTP_METHODS = ["get", "put", "post", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = {
  readonly parameters?: readonly (Parameter | Reference)[];
} & { readonly [M in HttpMethod]?: Operation };

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas?: Readonly<Record<string, Schema>>;
    readonly parameters?: Readonly<Record<string, Parameter>>;
    readonly headers?: Readonly<Record<string, Header>>;
    readonly responses?: Readonly<Record<string, Response>>;
    readonly [section: string]: unknown;
  };
}

/** One operation of the spec with its path-level and operation-level parameters merged and resolved. */
export interface OperationEntry {
  readonly pathKey: string;
  readonly method: HttpMethod;
  readonly operation: Operation;
  readonly parameters: readonly Parameter[];
}

export class SpecError extends Error {
  override name = "SpecError";
}

export function specError(where: string, problem: string): never {
  throw new SpecError(`${where}: ${problem}`);
}

export function loadSpec(text: string): OpenApiDocument {
  const spec = parse(text) as OpenApiDocument;
  if (typeof spec?.openapi !== "string" || !spec.openapi.startsWith("3.1")) {
    specError("openapi", "expected an OpenAPI 3.1 document");
  }
  return spec;
}

export function isReference(value: unknown): value is Reference {
  return typeof value === "object" && value !== null && "$ref" in value;
}

/** The last segment of a local `#/components/<section>/<name>` reference. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** Follows local references (`#/...`) until a non-reference object. */
export function resolve<T extends object>(spec: OpenApiDocument, value: T | Reference): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#/") || hops > 16) specError(ref, "only local, non-circular references are supported");
    current = ref
      .slice(2)
      .split("/")
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], spec);
    if (current === undefined) specError(ref, "unresolved reference");
  }
  return current as T;
}

/** Operations in spec order (paths as written, methods in path item order). */
export function listOperations(spec: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [pathKey, pathItem] of Object.entries(spec.paths)) {
    for (const key of Object.keys(pathItem)) {
      const method = HTTP_METHODS.find((m) => m === key);
      const operation = method && pathItem[method];
      if (!method || !operation) continue;
      entries.push({ pathKey, method, operation, parameters: mergeParameters(spec, pathItem, operation) });
    }
  }
  return entries;
}

// Operation parameters override path-level ones with the same name and location (OAS 3.1, Path Item Object).
function mergeParameters(spec: OpenApiDocument, pathItem: PathItem, operation: Operation): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const candidate of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = resolve(spec, candidate);
    merged.set(`${parameter.in}:${parameter.name.toLowerCase()}`, parameter);
  }
  return [...merged.values()];
}
