/**
 * The checks a request and a response share: declared headers (and the `x-ms-meta-*` family), credentials by
 * form, and XML bodies by media type and schema. Each returns violations; none throws, and none repeats a
 * credential's value.
 */
import type { HeaderValues } from "./exchange.js";
import { HEADER_COLLECTION_PREFIX, type HeaderObject, type MediaTypeObject, type OperationContract, type SchemaObject } from "./openapi-document.js";
import { wireValue, type SchemaCheck, type SchemaProblem } from "./schema-check.js";
import type { ContractViolation } from "./types.js";
import { readXmlBody } from "./xml-body.js";

/** What every check needs: the schema validator and `$ref` resolution over the same document. */
export interface CheckContext {
  readonly schemas: SchemaCheck;
  readonly resolve: (schema: SchemaObject) => SchemaObject;
}

type Side = ContractViolation["where"];

/** A header declaration with its name: a parameter of the request, or a header of a response. */
export type DeclaredHeader = HeaderObject & { readonly name: string };

function problemsAt(where: Side, base: string, problems: readonly SchemaProblem[]): ContractViolation[] {
  return problems.map(({ at, message }) => ({ where, path: at === "" ? base : at.startsWith("[") ? `${base}${at}` : `${base}.${at}`, message }));
}

/**
 * Declared headers valid, the required ones present, none sent twice, and no `x-ms-*` header the spec does not
 * declare for the operation.
 */
export function checkHeaders(context: CheckContext, declared: readonly DeclaredHeader[], headers: HeaderValues, where: Side, operationId: string): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const claimed = new Set<string>();
  for (const header of declared) {
    const prefix = header[HEADER_COLLECTION_PREFIX]?.toLowerCase();
    if (prefix) {
      const entries: Record<string, string> = {};
      for (const [name, values] of headers) {
        if (!name.startsWith(prefix)) continue;
        claimed.add(name);
        if (values.length > 1) violations.push({ where, path: `header.${name}`, message: "is sent more than once" });
        entries[name.slice(prefix.length)] = values.join(", ");
      }
      const path = `header.${prefix}*`;
      if (header.required && Object.keys(entries).length === 0) violations.push({ where, path, message: "are required but missing" });
      if (header.schema) violations.push(...problemsAt(where, path, context.schemas.check(header.schema, entries)));
      continue;
    }
    const name = header.name.toLowerCase();
    claimed.add(name);
    const path = `header.${name}`;
    const values = headers.get(name);
    if (!values) {
      if (header.required) violations.push({ where, path, message: "is required but missing" });
      continue;
    }
    if (values.length > 1) violations.push({ where, path, message: "is sent more than once" });
    if (header.schema) violations.push(...problemsAt(where, path, context.schemas.check(header.schema, wireValue(header.schema, values.join(", "), context.resolve))));
  }
  for (const name of headers.keys()) {
    if (name.startsWith("x-ms-") && !claimed.has(name)) violations.push({ where, path: `header.${name}`, message: `is not declared by the spec for ${operationId}` });
  }
  return violations;
}

const SHARED_KEY = /^SharedKey(?:Lite)? [^\s:]+:[A-Za-z0-9+/]+={0,2}$/;
const BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/;

/**
 * Credentials of one of the operation's security schemes, checked by form only (a SharedKey `account:signature`,
 * a bearer token's characters, a SAS's `sv` and expiry or policy), never for validity. Messages never quote them.
 */
export function checkCredentials(operation: OperationContract, headers: HeaderValues, query: ReadonlyMap<string, readonly string[]>): ContractViolation[] {
  if (operation.security.length === 0) return [];
  const authorization = headers.get("authorization")?.[0];
  const kind = authorization?.split(" ", 1)[0]?.toLowerCase();
  const violations: ContractViolation[] = [];
  const schemes = operation.security.flat();
  const satisfied = operation.security.some((alternative) =>
    alternative.every((scheme) => {
      if (scheme.type === "apiKey") return scheme.in === "query" ? query.has(scheme.name ?? "") : headers.has((scheme.name ?? "").toLowerCase());
      if (scheme.type === "http") return kind === (scheme.scheme ?? "").toLowerCase();
      if (scheme.type === "oauth2" || scheme.type === "openIdConnect") return kind === "bearer";
      return false;
    }),
  );
  if (!satisfied) {
    const names = schemes.map((scheme) => (scheme.type === "http" ? (scheme.scheme ?? scheme.type) : scheme.type === "apiKey" ? `${scheme.name ?? "key"} (${scheme.in ?? "?"})` : scheme.type));
    return [{ where: "request", path: "credentials", message: `carry none of the schemes ${operation.operationId} accepts (${names.join(", ")})` }];
  }
  if (kind === "sharedkey" || kind === "sharedkeylite") {
    if (!SHARED_KEY.test(authorization ?? "")) violations.push({ where: "request", path: "header.authorization", message: "is not of the form `SharedKey {account}:{base64 signature}`" });
    if (!headers.has("x-ms-date") && !headers.has("date")) violations.push({ where: "request", path: "header.x-ms-date", message: "is required with SharedKey (the signature covers it)" });
  } else if (kind === "bearer") {
    if (!BEARER.test(authorization ?? "")) violations.push({ where: "request", path: "header.authorization", message: "is not of the form `Bearer {token}`" });
    if (!headers.has("x-ms-date") && !headers.has("date")) violations.push({ where: "request", path: "header.x-ms-date", message: "is required with a bearer token" });
  } else if (query.has("sig")) {
    if (!query.has("sv")) violations.push({ where: "request", path: "query.sv", message: "is required in a SAS (its signed version)" });
    if (!query.has("se") && !query.has("si")) violations.push({ where: "request", path: "query.se", message: "is required in a SAS without a stored access policy (si)" });
  }
  return violations;
}

/** A body of a declared media type, and for XML, read by the schema's `xml` objects and valid against it. */
export function checkBody(context: CheckContext, content: Readonly<Record<string, MediaTypeObject>>, headers: HeaderValues, body: string, where: Side): ContractViolation[] {
  const contentType = headers.get("content-type")?.[0];
  const mediaType = contentType?.split(";")[0]!.trim().toLowerCase();
  const declaredTypes = Object.keys(content);
  const violations: ContractViolation[] = [];
  if (!mediaType) violations.push({ where, path: "header.content-type", message: `is missing; the body must be ${declaredTypes.join(" or ")}` });
  else if (!declaredTypes.includes(mediaType)) violations.push({ where, path: "header.content-type", message: `is ${contentType}; the spec declares ${declaredTypes.join(", ")}` });
  const chosen = mediaType && content[mediaType] ? mediaType : declaredTypes[0];
  const schema = chosen ? content[chosen]?.schema : undefined;
  if (!chosen || !schema) return violations;
  if (!/[/+]xml$/.test(chosen)) return [...violations, { where, path: "body", message: `cannot be checked: the validator reads XML bodies only, not ${chosen}` }];
  const read = readXmlBody(body, schema, context.resolve);
  // Reading problems name their element from the root; schema problems are relative to the root's value.
  violations.push(...problemsAt(where, "body", read.problems));
  if (read.value !== undefined) violations.push(...problemsAt(where, `body.${read.root ?? ""}`, context.schemas.check(schema, read.value)));
  return violations;
}
