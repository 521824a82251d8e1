/**
 * The parts of an OpenAPI 3.1 document the contract validator reads: operations with their merged parameters,
 * responses, security and servers, every local `$ref` resolved. Read from the document itself (never from
 * generated/), so that the validator checks traffic against the spec and not against azqueue's reading of it.
 */
import { ValidationError } from "../errors.js";

export interface XmlObject {
  readonly name?: string;
  readonly attribute?: boolean;
  readonly wrapped?: boolean;
}

export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly additionalProperties?: boolean | SchemaObject;
  readonly items?: SchemaObject;
  readonly required?: readonly string[];
  readonly xml?: XmlObject;
  readonly [keyword: string]: unknown;
}

export const HEADER_COLLECTION_PREFIX = "x-ms-header-collection-prefix";

export interface ParameterObject {
  readonly name: string;
  readonly in: "query" | "header" | "path" | "cookie";
  readonly required?: boolean;
  readonly schema?: SchemaObject;
  readonly [HEADER_COLLECTION_PREFIX]?: string;
}

export interface HeaderObject {
  readonly required?: boolean;
  readonly schema?: SchemaObject;
  readonly [HEADER_COLLECTION_PREFIX]?: string;
}

export interface MediaTypeObject {
  readonly schema?: SchemaObject;
}

export interface ResponseObject {
  readonly headers?: Readonly<Record<string, HeaderObject>>;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

export interface RequestBodyObject {
  readonly required?: boolean;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

export interface ServerObject {
  readonly url: string;
  readonly variables?: Readonly<Record<string, { readonly default: string; readonly enum?: readonly string[] }>>;
}

export interface SecuritySchemeObject {
  readonly type: string;
  readonly in?: string;
  readonly name?: string;
  readonly scheme?: string;
  readonly "x-azqueue-sas-query-parameters"?: readonly string[];
}

type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

interface OperationObject {
  readonly operationId?: string;
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: RequestBodyObject;
  readonly responses?: Readonly<Record<string, ResponseObject>>;
  readonly security?: readonly SecurityRequirement[];
  readonly servers?: readonly ServerObject[];
}

const METHODS = ["get", "put", "post", "delete", "head", "options", "patch", "trace"] as const;

type PathItemObject = { readonly parameters?: readonly ParameterObject[]; readonly servers?: readonly ServerObject[] } & {
  readonly [M in (typeof METHODS)[number]]?: OperationObject;
};

export interface OpenApiDocument {
  readonly openapi: string;
  readonly servers?: readonly ServerObject[];
  readonly security?: readonly SecurityRequirement[];
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, SchemaObject>>;
    readonly securitySchemes?: Readonly<Record<string, SecuritySchemeObject>>;
  };
}

/** One operation as the check needs it: every `$ref` of its parameters, body and responses resolved. */
export interface OperationContract {
  readonly operationId: string;
  readonly method: string;
  readonly pathKey: string;
  /** The path part of the key, e.g. "/{queue}/messages". */
  readonly pathTemplate: string;
  /** The discriminators the key fixes, e.g. { comp: "metadata" }. */
  readonly fixedQuery: Readonly<Record<string, string>>;
  /** Path-level and operation-level parameters merged (the operation's win, by name and location). */
  readonly parameters: readonly ParameterObject[];
  readonly requestBody?: RequestBodyObject;
  readonly responses: Readonly<Record<string, ResolvedResponse>>;
  /** Alternatives: one of these sets of schemes must be satisfied; an empty set means anonymous is allowed. */
  readonly security: readonly (readonly SecuritySchemeObject[])[];
  readonly servers: readonly ServerObject[];
}

export interface ResolvedResponse {
  readonly headers: Readonly<Record<string, HeaderObject>>;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

/**
 * `value` as an OpenAPI document, checked for the two fields everything else relies on.
 *
 * @throws ValidationError (rule `contract-spec`) when it is not an OpenAPI 3 document.
 */
export function asOpenApiDocument(value: unknown, what: string): OpenApiDocument {
  const document = value as OpenApiDocument | null;
  if (typeof document !== "object" || document === null || typeof document.openapi !== "string" || typeof document.paths !== "object") {
    throw new ValidationError("contract-spec", `${what} is not an OpenAPI document (no "openapi" version and "paths")`);
  }
  return document;
}

/** Follows local `$ref`s ("#/components/...") until a non-reference object. */
export function resolveRef<T>(document: OpenApiDocument, value: T | { readonly $ref: string }): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 20) throw new ValidationError("contract-spec", `$ref cycle at ${current.$ref}`);
    current = pointer(document, current.$ref);
  }
  return current as T;
}

/** The component name a schema reference points at ("#/components/schemas/QueueMessage" -> "QueueMessage"). */
export function referencedSchemaName(schema: SchemaObject): string | undefined {
  return schema.$ref ? /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref)?.[1] : undefined;
}

function isReference(value: unknown): value is { readonly $ref: string } {
  return typeof value === "object" && value !== null && typeof (value as { $ref?: unknown }).$ref === "string";
}

function pointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new ValidationError("contract-spec", `only local $refs are supported: ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !(key in node)) throw new ValidationError("contract-spec", `unresolved $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function listOperations(document: OpenApiDocument): OperationContract[] {
  const schemes = document.components?.securitySchemes ?? {};
  const operations: OperationContract[] = [];
  for (const [pathKey, rawItem] of Object.entries(document.paths)) {
    const item = resolveRef<PathItemObject>(document, rawItem);
    const [pathTemplate = "", fixed] = pathKey.split("?", 2);
    const fixedQuery = Object.fromEntries(new URLSearchParams(fixed ?? ""));
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new ValidationError("contract-spec", `${method.toUpperCase()} ${pathKey} has no operationId`);
      const parameters = new Map<string, ParameterObject>();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolveRef<ParameterObject>(document, raw);
        parameters.set(`${parameter.in}:${parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name}`, parameter);
      }
      const responses = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([status, raw]) => {
          const response = resolveRef<ResponseObject>(document, raw);
          const headers = Object.fromEntries(
            Object.entries(response.headers ?? {}).map(([name, header]) => [name, resolveRef<HeaderObject>(document, header)]),
          );
          return [status, { headers, ...(response.content ? { content: response.content } : {}) }];
        }),
      );
      const security = (operation.security ?? document.security ?? []).map((requirement) =>
        Object.keys(requirement).map((name) => {
          const scheme = schemes[name];
          if (!scheme) throw new ValidationError("contract-spec", `${operation.operationId} names an undefined security scheme ${name}`);
          return resolveRef<SecuritySchemeObject>(document, scheme);
        }),
      );
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        pathKey,
        pathTemplate,
        fixedQuery,
        parameters: [...parameters.values()],
        ...(operation.requestBody ? { requestBody: resolveRef<RequestBodyObject>(document, operation.requestBody) } : {}),
        responses,
        security,
        servers: operation.servers ?? item.servers ?? document.servers ?? [{ url: "/" }],
      });
    }
  }
  return operations;
}
