// Spec operations -> OperationSpec records (the request-builder data of generated/operations.ts) and the XML
// documents their bodies use. Every inconsistency between path key, parameters and bodies is a SpecError here,
// so the runtime can trust the data without checking it.
import type { OperationSpec, XmlDocumentSpec } from "../../src/operation/operation-spec.js";
import { xmlDocumentOf } from "./xml-shapes.js";
import { listOperations, resolve, specError } from "./spec-model.js";
import type { Header, MediaType, OpenApiDocument, Operation, OperationEntry, Parameter, Response } from "./spec-model.js";

/**
 * Request headers the transport sets on every request (version, date, request id, signature, user agent). The
 * spec declares those the service requires; the typed client and the builders leave them out.
 */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([
  "x-ms-version",
  "x-ms-date",
  "x-ms-client-request-id",
  "authorization",
  "user-agent",
  "x-ms-useragent",
]);

export const METADATA_PREFIX = "x-ms-meta-";
const XML_MEDIA_TYPE = "application/xml";

/** A query parameter fixed by the path key (`comp`, `restype`, `peekonly`): required, with a `const` string. */
export function isFixedQuery(parameter: Parameter): boolean {
  return parameter.in === "query" && parameter.schema?.const !== undefined;
}

export function isTransportHeader(parameter: Parameter): boolean {
  return parameter.in === "header" && TRANSPORT_HEADERS.has(parameter.name.toLowerCase());
}

export interface OperationModel {
  readonly operations: OperationSpec[];
  /** Every XML body of the spec, requests, successes and errors, by schema name. */
  readonly xmlDocuments: ReadonlyMap<string, XmlDocumentSpec>;
}

export function buildOperationModel(spec: OpenApiDocument): OperationModel {
  const documents = new Map<string, XmlDocumentSpec>();
  const documentOf = (media: MediaType | undefined, where: string): XmlDocumentSpec | undefined => {
    if (!media) return undefined;
    const ref = media.schema?.$ref;
    if (!ref?.startsWith("#/components/schemas/")) specError(where, "an XML body must $ref a components schema");
    const document = xmlDocumentOf(spec, ref);
    documents.set(document.schema, document);
    return document;
  };
  const operations = listOperations(spec).map((entry) => buildOperation(spec, entry, documentOf));
  const ids = new Set<string>();
  for (const { operationId } of operations) {
    if (ids.has(operationId)) specError(operationId, "duplicate operationId");
    ids.add(operationId);
  }
  const sorted = new Map([...documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { operations, xmlDocuments: sorted };
}

type DocumentOf = (media: MediaType | undefined, where: string) => XmlDocumentSpec | undefined;

function buildOperation(spec: OpenApiDocument, entry: OperationEntry, documentOf: DocumentOf): OperationSpec {
  const { pathKey, method, operation, parameters } = entry;
  const where = operation.operationId ?? `${method} ${pathKey}`;
  if (!operation.operationId) specError(where, "missing operationId");
  const [path = "", queryString] = pathKey.split("?", 2);
  const fixedQuery = fixedQueryOf(where, queryString, parameters);

  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? "");
  const declaredPathParams = new Set(parameters.filter((p) => p.in === "path").map((p) => p.name));
  if (declaredPathParams.size !== pathParams.length || pathParams.some((name) => !declaredPathParams.has(name))) {
    specError(where, `path parameters ${[...declaredPathParams].join()} do not match the template ${path}`);
  }

  const headers = parameters.filter((p) => p.in === "header" && !isTransportHeader(p));
  const metadataHeaders = headers.filter((p) => p["x-ms-header-collection-prefix"] !== undefined);
  for (const header of metadataHeaders) {
    if (header["x-ms-header-collection-prefix"] !== METADATA_PREFIX) {
      specError(where, `header collection ${header.name}: only the ${METADATA_PREFIX} prefix is supported`);
    }
  }

  const requestBodyObject = operation.requestBody && resolve(spec, operation.requestBody);
  const requestDocument = documentOf(requestBodyObject?.content[XML_MEDIA_TYPE], `${where} request body`);
  if (requestBodyObject && !requestDocument) specError(where, `request body must be ${XML_MEDIA_TYPE}`);

  const success = successResponses(spec, where, operation.responses, documentOf);
  const readOnlyFlag = operation["x-azqueue-read-only"];
  if (readOnlyFlag === true && method !== "get") specError(where, "x-azqueue-read-only: true on a non-GET operation");

  return {
    operationId: operation.operationId,
    method: method.toUpperCase() as OperationSpec["method"],
    pathKey,
    path,
    pathParams,
    fixedQuery,
    queryParams: parameters.filter((p) => p.in === "query" && !isFixedQuery(p)).map((p) => p.name),
    requestHeaders: headers.filter((p) => !metadataHeaders.includes(p)).map((p) => p.name.toLowerCase()),
    requestMetadata: metadataHeaders.length > 0,
    ...(requestDocument && { requestBody: { ...requestDocument, required: requestBodyObject?.required === true } }),
    ...(success.body && { responseBody: success.body }),
    successStatuses: success.statuses,
    responseHeaders: success.headers,
    readOnly: method === "get" && readOnlyFlag !== false,
    endpoint: endpointOf(where, operation["x-azqueue-endpoint"]),
  };
}

function endpointOf(where: string, value: unknown): "primary" | "secondary" {
  if (value === undefined || value === "primary") return "primary";
  if (value === "secondary") return "secondary";
  return specError(where, "x-azqueue-endpoint must be primary or secondary");
}

// The path key's query string and the const query parameters must say the same thing.
function fixedQueryOf(where: string, queryString: string | undefined, parameters: readonly Parameter[]): Record<string, string> {
  const fromPathKey = Object.fromEntries(new URLSearchParams(queryString ?? ""));
  const fromParameters: Record<string, string> = {};
  for (const parameter of parameters.filter(isFixedQuery)) {
    const value = parameter.schema?.const;
    if (typeof value !== "string" || parameter.required !== true) {
      specError(where, `fixed query parameter ${parameter.name} must be required with a string const`);
    }
    fromParameters[parameter.name] = value;
  }
  const same = (a: Record<string, string>, b: Record<string, string>): boolean =>
    Object.entries(a).every(([key, value]) => b[key] === value);
  if (!same(fromPathKey, fromParameters) || !same(fromParameters, fromPathKey)) {
    specError(where, `path key query ${JSON.stringify(fromPathKey)} differs from const parameters ${JSON.stringify(fromParameters)}`);
  }
  return fromPathKey;
}

interface SuccessResponses {
  statuses: number[];
  headers: string[];
  body: XmlDocumentSpec | undefined;
}

function successResponses(
  spec: OpenApiDocument,
  where: string,
  responses: Operation["responses"],
  documentOf: DocumentOf,
): SuccessResponses {
  const result: SuccessResponses = { statuses: [], headers: [], body: undefined };
  for (const [status, candidate] of Object.entries(responses)) {
    const response = resolve<Response>(spec, candidate);
    const body = documentOf(response.content?.[XML_MEDIA_TYPE], `${where} ${status} response`);
    if (response.content && !body) specError(`${where} ${status}`, `response body must be ${XML_MEDIA_TYPE}`);
    if (!/^2\d\d$/.test(status)) continue;
    result.statuses.push(Number(status));
    if (body && result.body && body.schema !== result.body.schema) specError(where, "success responses differ in body");
    result.body ??= body;
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const prefix = resolve<Header>(spec, header)["x-ms-header-collection-prefix"];
      const wireName = prefix === undefined ? name.toLowerCase() : `${prefix}*`;
      if (!result.headers.includes(wireName)) result.headers.push(wireName);
    }
  }
  if (result.statuses.length === 0) specError(where, "no 2xx response");
  result.statuses.sort((a, b) => a - b);
  return result;
}
