/**
 * Validates recorded exchanges against spec/queue.openapi.yaml, the spec read directly (never generated/).
 *
 * Request: it must match exactly one operation (see operation-matcher.ts); every query parameter must be declared
 * (or, when the request carries a SAS `sig`, be one of the SAS parameters the `sasToken` scheme lists), none sent
 * twice, none with a raw "+" (servers read it as a space), each valid against its schema, the required ones present;
 * path parameters valid; the declared headers valid and the required ones present (`x-ms-meta-*` through the
 * `x-ms-header-collection-prefix` parameter), no undeclared `x-ms-*` header; credentials of one of the declared
 * security schemes; the XML body present when required, absent when none is declared, of a declared media type and
 * valid against its schema (see xml-body.ts).
 * Response: a status the operation declares (exactly, or by range such as 4XX, or `default`); the declared headers
 * valid and the required ones present, no undeclared `x-ms-*` header, and `x-ms-error-code` on every error; a body
 * exactly when the response declares content, valid against its schema (StorageError for errors).
 *
 * What is recorded: every exchange that passes through the recording proxy in front of the suite's Azurite, that is
 * every request a test sends to `inject("azurite")`. A request that matches no operation is a violation. A test
 * that must send traffic the spec does not allow (a bad `x-ms-version`, garbage, an anonymous request) sends it to
 * an Azurite that is not recorded: `inject("azuriteUnrecorded")`, or one it starts itself with `startAzurite()`.
 */
import type { RecordedExchange, RecordedHeaders } from "../harness/recording-proxy.js";
import { decodeRecordedBody } from "../harness/recording-proxy.js";
import {
  HEADER_COLLECTION_PREFIX,
  listOperations,
  loadOpenApiDocument,
  resolveRef,
  type HeaderObject,
  type MediaTypeObject,
  type OpenApiDocument,
  type OperationContract,
  type ResolvedResponse,
  type SchemaObject,
} from "./openapi-document.js";
import { OperationMatcher, parseTarget, type ParsedTarget } from "./operation-matcher.js";
import { SchemaCheck, wireValue } from "./schema-check.js";
import { readXmlBody } from "./xml-body.js";

export interface Violation {
  readonly seq: number;
  /** Absent when the request matched no operation. */
  readonly operationId?: string;
  /** e.g. "PUT /devstoreaccount1/q-1?comp=metadata -> 204" */
  readonly exchange: string;
  readonly message: string;
}

export interface ExchangeVerdict {
  readonly seq: number;
  readonly operationId?: string;
  readonly status?: number;
  /** The request matched an operation and was checked against it. */
  readonly requestValidated: boolean;
  /** A complete response was checked against the operation's responses. */
  readonly responseValidated: boolean;
  readonly violations: readonly Violation[];
}

/** Headers OpenAPI says parameters cannot describe; they are the transport's business. */
const IGNORED_HEADER_PARAMETERS = new Set(["accept", "content-type", "authorization"]);

export class ContractValidator {
  readonly operations: readonly OperationContract[];
  readonly #document: OpenApiDocument;
  readonly #matcher: OperationMatcher;
  readonly #schemas: SchemaCheck;
  readonly #scheme: string;

  /** `scheme`: of the URLs the recorded requests were sent to (the recording proxy speaks http). */
  constructor(specPath: string, options: { readonly scheme?: "http" | "https" } = {}) {
    this.#document = loadOpenApiDocument(specPath);
    this.operations = listOperations(this.#document);
    this.#matcher = new OperationMatcher(this.operations);
    this.#schemas = new SchemaCheck(this.#document);
    this.#scheme = options.scheme ?? "http";
  }

  get operationIds(): string[] {
    return this.operations.map((operation) => operation.operationId);
  }

  validate(exchange: RecordedExchange): ExchangeVerdict {
    const { request, response } = exchange;
    const label = `${request.method} ${request.target}${response ? ` -> ${response.status}` : exchange.error ? ` -> (${exchange.error})` : ""}`;
    const messages: string[] = [];
    const verdict = (operationId: string | undefined, requestValidated: boolean, responseValidated: boolean): ExchangeVerdict => ({
      seq: exchange.seq,
      ...(operationId ? { operationId } : {}),
      ...(response ? { status: response.status } : {}),
      requestValidated,
      responseValidated,
      violations: messages.map((message) => ({ seq: exchange.seq, ...(operationId ? { operationId } : {}), exchange: label, message })),
    });

    const target = parseTarget(request.target);
    if ("problem" in target) {
      messages.push(target.problem);
      return verdict(undefined, false, false);
    }
    const headers = headerMap(request.headers);
    const url = `${this.#scheme}://${headers.get("host")?.[0] ?? "unknown-host"}${request.target}`;
    const matched = this.#matcher.match(request.method, url, target);
    if ("problem" in matched) {
      messages.push(matched.problem);
      return verdict(undefined, false, false);
    }
    const { operation, pathParams } = matched.match;
    this.checkRequest(operation, pathParams, target, headers, exchange, messages);
    if (!response) return verdict(operation.operationId, true, false);
    this.checkResponse(operation, request.method, exchange, messages);
    return verdict(operation.operationId, true, true);
  }

  private checkRequest(
    operation: OperationContract,
    pathParams: Readonly<Record<string, string>>,
    target: ParsedTarget,
    headers: Map<string, string[]>,
    exchange: RecordedExchange,
    messages: string[],
  ): void {
    const sasParameters = new Set(target.query.some((q) => q.name === "sig") ? operation.security.flat().flatMap((s) => s["x-azqueue-sas-query-parameters"] ?? []) : []);
    const seen = new Set<string>();
    for (const { name, value, raw } of target.query) {
      if (seen.has(name)) messages.push(`query parameter ${name} is sent more than once`);
      seen.add(name);
      if (raw.includes("+")) messages.push(`query parameter ${name} has a raw "+" (servers read it as a space; send %2B)`);
      const parameter = operation.parameters.find((p) => p.in === "query" && p.name === name);
      if (parameter?.schema) messages.push(...this.#schemas.check(parameter.schema, wireValue(parameter.schema, value, this.resolveSchema), `query ${name}`));
      else if (!parameter && !sasParameters.has(name)) messages.push(`undeclared query parameter ${name}`);
    }
    for (const parameter of operation.parameters) {
      if (parameter.in === "query" && parameter.required && !seen.has(parameter.name)) messages.push(`required query parameter ${parameter.name} is missing`);
      if (parameter.in === "path" && parameter.schema) {
        const value = pathParams[parameter.name];
        if (value === undefined) messages.push(`path parameter ${parameter.name} is not in the path template ${operation.pathTemplate}`);
        else messages.push(...this.#schemas.check(parameter.schema, wireValue(parameter.schema, value, this.resolveSchema), `path ${parameter.name}`));
      }
    }

    const declared = operation.parameters
      .filter((p) => p.in === "header" && !IGNORED_HEADER_PARAMETERS.has(p.name.toLowerCase()))
      .map((p) => ({ name: p.name, required: p.required, schema: p.schema, [HEADER_COLLECTION_PREFIX]: p[HEADER_COLLECTION_PREFIX] }));
    messages.push(...this.checkHeaders(declared, headers, "request"));
    messages.push(...this.checkSecurity(operation, headers, seen));

    const body = decodeRecordedBody(exchange.request.body);
    const requestBody = operation.requestBody;
    if (!requestBody) {
      if (body.length > 0) messages.push(`request has a body of ${body.length} bytes; ${operation.operationId} declares none`);
    } else if (body.length === 0) {
      if (requestBody.required) messages.push("required request body is missing");
    } else {
      messages.push(...this.checkBody(requestBody.content ?? {}, headers, body, "request body"));
    }
  }

  private checkResponse(operation: OperationContract, method: string, exchange: RecordedExchange, messages: string[]): void {
    const response = exchange.response!;
    const declared = findResponse(operation, response.status);
    if (!declared) {
      messages.push(`status ${response.status} is not declared by ${operation.operationId} (declared: ${Object.keys(operation.responses).join(", ")})`);
      return;
    }
    const headers = headerMap(response.headers);
    const declaredHeaders = Object.entries(declared.headers)
      .filter(([name]) => name.toLowerCase() !== "content-type")
      .map(([name, header]) => ({ name, ...header }));
    messages.push(...this.checkHeaders(declaredHeaders, headers, "response"));
    if (response.status >= 400 && !headers.has("x-ms-error-code")) messages.push(`error response ${response.status} has no x-ms-error-code header`);

    const body = decodeRecordedBody(response.body);
    if (!declared.content || method === "HEAD") {
      if (body.length > 0) messages.push(`response ${response.status} has a body of ${body.length} bytes; the spec declares none`);
    } else if (body.length === 0) {
      messages.push(`response ${response.status} has no body; the spec declares ${Object.keys(declared.content).join(", ")}`);
    } else {
      messages.push(...this.checkBody(declared.content, headers, body, `response ${response.status} body`));
    }
  }

  private checkHeaders(
    declared: readonly (HeaderObject & { readonly name: string })[],
    headers: Map<string, string[]>,
    side: "request" | "response",
  ): string[] {
    const messages: string[] = [];
    const claimed = new Set<string>();
    for (const header of declared) {
      const prefix = header[HEADER_COLLECTION_PREFIX]?.toLowerCase();
      if (prefix) {
        const entries: Record<string, string> = {};
        for (const [name, values] of headers) {
          if (!name.startsWith(prefix)) continue;
          claimed.add(name);
          if (values.length > 1) messages.push(`${side} header ${name} is sent more than once`);
          entries[name.slice(prefix.length)] = values.join(", ");
        }
        if (header.required && Object.keys(entries).length === 0) messages.push(`required ${side} headers ${prefix}* are missing`);
        if (header.schema) messages.push(...this.#schemas.check(header.schema, entries, `${side} headers ${prefix}*`));
        continue;
      }
      const name = header.name.toLowerCase();
      claimed.add(name);
      const values = headers.get(name);
      if (!values) {
        if (header.required) messages.push(`required ${side} header ${name} is missing`);
        continue;
      }
      if (values.length > 1) messages.push(`${side} header ${name} is sent more than once`);
      if (header.schema) messages.push(...this.#schemas.check(header.schema, wireValue(header.schema, values.join(", "), this.resolveSchema), `${side} header ${name}`));
    }
    for (const name of headers.keys()) {
      if (name.startsWith("x-ms-") && !claimed.has(name)) messages.push(`undeclared ${side} header ${name}`);
    }
    return messages;
  }

  private checkSecurity(operation: OperationContract, headers: Map<string, string[]>, query: ReadonlySet<string>): string[] {
    if (operation.security.length === 0) return [];
    const authorization = headers.get("authorization")?.[0];
    const satisfied = operation.security.some((alternative) =>
      alternative.every((scheme) => {
        if (scheme.type === "apiKey") return scheme.in === "query" ? query.has(scheme.name ?? "") : headers.has((scheme.name ?? "").toLowerCase());
        if (scheme.type === "http") return authorization?.toLowerCase().startsWith(`${(scheme.scheme ?? "").toLowerCase()} `) ?? false;
        if (scheme.type === "oauth2" || scheme.type === "openIdConnect") return authorization?.startsWith("Bearer ") ?? false;
        return false;
      }),
    );
    return satisfied ? [] : ["request carries no credentials of a scheme the operation declares"];
  }

  private checkBody(content: Readonly<Record<string, MediaTypeObject>>, headers: Map<string, string[]>, body: Buffer, what: string): string[] {
    const contentType = headers.get("content-type")?.[0];
    const mediaType = contentType?.split(";")[0]!.trim().toLowerCase();
    const declaredTypes = Object.keys(content);
    const messages: string[] = [];
    if (!mediaType) messages.push(`${what} has no Content-Type`);
    else if (!declaredTypes.includes(mediaType)) messages.push(`${what} has Content-Type ${contentType}; declared: ${declaredTypes.join(", ")}`);
    const chosen = mediaType && content[mediaType] ? mediaType : declaredTypes[0];
    const schema = chosen ? content[chosen]?.schema : undefined;
    if (!chosen || !schema) return messages;
    if (!/[/+]xml$/.test(chosen)) return [...messages, `${what}: the check reads XML only, not ${chosen}`];
    const text = body.toString("utf8");
    const read = readXmlBody(text, schema, this.resolveSchema);
    messages.push(...read.problems.map((problem) => `${what}: ${problem}`));
    if (read.value !== undefined) messages.push(...this.#schemas.check(schema, read.value, what));
    return messages;
  }

  private readonly resolveSchema = (schema: SchemaObject): SchemaObject => resolveRef<SchemaObject>(this.#document, schema);
}

function findResponse(operation: OperationContract, status: number): ResolvedResponse | undefined {
  return operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
}

/** Header values by lower-case name, repeats kept in order. */
function headerMap(headers: RecordedHeaders): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}
