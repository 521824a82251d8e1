/**
 * `ContractValidator`: checks one exchange against the Queue REST contract (spec/queue.openapi.yaml, or another
 * OpenAPI 3.1 document of the same conventions).
 *
 * Request: it must match exactly one operation (operation-matcher.ts); every query parameter declared (or, with a
 * SAS `sig`, one of the SAS parameters the `sasToken` scheme lists), none sent twice, none with a raw "+" (servers
 * read it as a space), each valid against its schema, the required ones present; path parameters valid; declared
 * headers valid, the required ones present (`x-ms-meta-*` through `x-ms-header-collection-prefix`), no undeclared
 * `x-ms-*` header; credentials of a declared scheme, by form; the XML body present when required, absent when none
 * is declared, of a declared media type and valid against its schema.
 * Response: a status the operation declares (exactly, by range such as 4XX, or `default`); declared headers valid
 * and the required ones present, no undeclared `x-ms-*` header, `x-ms-error-code` on every error; a body exactly
 * when the response declares content, valid against its schema.
 */
import { checkBody, checkCredentials, checkHeaders, type CheckContext, type DeclaredHeader } from "./checks.js";
import { bodyText, headerValues, type HeaderValues } from "./exchange.js";
import { listOperations, resolveRef, type OpenApiDocument, type OperationContract, type ResolvedResponse, type SchemaObject } from "./openapi-document.js";
import { OperationMatcher, parseTarget, type ParsedTarget } from "./operation-matcher.js";
import { SchemaCheck, wireValue } from "./schema-check.js";
import type { ContractExchange, ContractVerdict, ContractViolation } from "./types.js";

/** Headers OpenAPI says parameters cannot describe; they are the transport's business. */
const TRANSPORT_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** How much of a response a recording holds: HAR files may leave out a body they did not keep. */
export interface ValidateOptions {
  readonly responseBodyRecorded?: boolean;
}

/** The checks over one OpenAPI document; `ContractValidator` (contract.ts) is its public face. */
export class ExchangeChecker {
  readonly operations: readonly OperationContract[];
  readonly #matcher: OperationMatcher;
  readonly #context: CheckContext;

  constructor(document: OpenApiDocument) {
    this.operations = listOperations(document);
    this.#matcher = new OperationMatcher(this.operations);
    this.#context = { schemas: new SchemaCheck(document), resolve: (schema) => resolveRef<SchemaObject>(document, schema) };
  }

  validate(exchange: ContractExchange, options: ValidateOptions = {}): ContractVerdict {
    const { request, response } = exchange;
    const violations: ContractViolation[] = [];
    const verdict = (operationId: string | undefined): ContractVerdict => ({ ok: violations.length === 0, operationId, violations });
    let url: URL;
    try {
      url = new URL(String(request.url));
    } catch {
      violations.push({ where: "request", path: "url", message: "is not an absolute URL" });
      return verdict(undefined);
    }
    const target = parseTarget(`${url.pathname}${url.search}`);
    if ("problem" in target) {
      violations.push({ where: "request", path: "url", message: target.problem });
      return verdict(undefined);
    }
    const method = request.method.toUpperCase();
    const matched = this.#matcher.match(method, url, target);
    if ("problem" in matched) {
      violations.push({ where: "request", path: matched.path, message: matched.problem });
      return verdict(undefined);
    }
    const { operation, pathParams } = matched.match;
    violations.push(...this.#checkRequest(operation, pathParams, target, headerValues(request.headers), bodyText(request.body)));
    if (response) {
      violations.push(...this.#checkResponse(operation, method, response.status, headerValues(response.headers), bodyText(response.body), options.responseBodyRecorded ?? true));
    }
    return verdict(operation.operationId);
  }

  #checkRequest(operation: OperationContract, pathParams: Readonly<Record<string, string>>, target: ParsedTarget, headers: HeaderValues, body: string): ContractViolation[] {
    const violations: ContractViolation[] = [];
    const add = (path: string, message: string): void => void violations.push({ where: "request", path, message });
    const sas = target.query.some((pair) => pair.name === "sig");
    const sasParameters = new Set(sas ? operation.security.flat().flatMap((scheme) => scheme["x-azqueue-sas-query-parameters"] ?? []) : []);
    const query = new Map<string, string[]>();
    for (const { name, value, raw } of target.query) {
      const path = `query.${name}`;
      if (query.has(name)) add(path, "is sent more than once");
      query.set(name, [...(query.get(name) ?? []), value]);
      const parameter = operation.parameters.find((candidate) => candidate.in === "query" && candidate.name === name);
      // SAS values are never quoted: `sig` is a secret.
      if (raw.includes("+") && !sasParameters.has(name)) add(path, 'has a raw "+", which servers read as a space (send %2B)');
      if (parameter?.schema) violations.push(...this.#schemaViolations(parameter.schema, value, path));
      else if (!parameter && !sasParameters.has(name)) add(path, `is not a query parameter of ${operation.operationId}`);
    }
    for (const parameter of operation.parameters) {
      if (parameter.in === "query" && parameter.required && !query.has(parameter.name)) add(`query.${parameter.name}`, "is required but missing");
      if (parameter.in === "path" && parameter.schema) {
        const value = pathParams[parameter.name];
        if (value === undefined) add(`path.${parameter.name}`, `is not in the path template ${operation.pathTemplate}`);
        else violations.push(...this.#schemaViolations(parameter.schema, value, `path.${parameter.name}`));
      }
    }
    const declared: DeclaredHeader[] = operation.parameters.filter((parameter) => parameter.in === "header" && !TRANSPORT_HEADERS.has(parameter.name.toLowerCase()));
    violations.push(...checkHeaders(this.#context, declared, headers, "request", operation.operationId));
    violations.push(...checkCredentials(operation, headers, query));
    const requestBody = operation.requestBody;
    if (!requestBody) {
      if (body.length > 0) add("body", `is not allowed: ${operation.operationId} takes no body`);
    } else if (body.length === 0) {
      if (requestBody.required) add("body", "is required but missing");
    } else {
      violations.push(...checkBody(this.#context, requestBody.content ?? {}, headers, body, "request"));
    }
    return violations;
  }

  #checkResponse(operation: OperationContract, method: string, status: number, headers: HeaderValues, body: string, bodyRecorded: boolean): ContractViolation[] {
    const declared = findResponse(operation, status);
    if (!declared) {
      return [{ where: "response", path: "status", message: `${status} is not a status of ${operation.operationId} (the spec declares ${Object.keys(operation.responses).join(", ")})` }];
    }
    const violations: ContractViolation[] = [];
    const add = (path: string, message: string): void => void violations.push({ where: "response", path, message });
    const declaredHeaders = Object.entries(declared.headers)
      .filter(([name]) => name.toLowerCase() !== "content-type")
      .map(([name, header]) => ({ name, ...header }));
    violations.push(...checkHeaders(this.#context, declaredHeaders, headers, "response", operation.operationId));
    // The service names every error's code in this header; clients branch on it.
    if (status >= 400 && !headers.has("x-ms-error-code")) add("header.x-ms-error-code", `is missing from the error response ${status}`);
    if (!bodyRecorded) return violations;
    if (!declared.content || method === "HEAD") {
      if (body.length > 0) add("body", `is not allowed: the spec declares no body for ${status}`);
    } else if (body.length === 0) {
      add("body", `is missing; the spec declares ${Object.keys(declared.content).join(", ")} for ${status}`);
    } else {
      violations.push(...checkBody(this.#context, declared.content, headers, body, "response"));
    }
    return violations;
  }

  #schemaViolations(schema: SchemaObject, raw: string, path: string): ContractViolation[] {
    return this.#context.schemas
      .check(schema, wireValue(schema, raw, this.#context.resolve))
      .map(({ at, message }) => ({ where: "request", path: at === "" ? path : `${path}.${at}`, message }));
  }
}

function findResponse(operation: OperationContract, status: number): ResolvedResponse | undefined {
  return operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
}
