// spec -> generated/schema.ts through openapi-typescript, from a copy of the spec without the parameters the
// typed client never passes: transport-owned headers and the fixed query already spelled in the path key.
import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPI3 } from "openapi-typescript";
import ts from "typescript";
import { isFixedQuery, isTransportHeader } from "./operation-specs.js";
import { HTTP_METHODS, isReference, resolve } from "./spec-model.js";
import type { Header, OpenApiDocument, Parameter, Reference } from "./spec-model.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function renderSchemaTypes(spec: OpenApiDocument): Promise<string> {
  const collections = headerCollections(spec);
  const nodes = await openapiTS(clientFacingCopy(spec) as unknown as OpenAPI3, { silent: true });
  return astToString(nodes.map((node) => replaceHeaderCollections(node, collections)));
}

function clientFacingCopy(spec: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(spec) as Mutable<OpenApiDocument>;
  const keep = (candidate: Parameter | Reference): boolean => {
    const parameter = resolve(spec, candidate);
    return !isTransportHeader(parameter) && !isFixedQuery(parameter);
  };
  for (const pathItem of Object.values(copy.paths) as Mutable<OpenApiDocument["paths"][string]>[]) {
    if (pathItem.parameters) pathItem.parameters = pathItem.parameters.filter(keep);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Mutable<NonNullable<typeof pathItem.get>> | undefined;
      if (operation?.parameters) operation.parameters = operation.parameters.filter(keep);
    }
  }
  const parameters = copy.components.parameters;
  if (parameters) {
    copy.components = {
      ...copy.components,
      parameters: Object.fromEntries(Object.entries(parameters).filter(([, parameter]) => keep(parameter))),
    };
  }
  return copy;
}

/** Wire names that stand for a family of headers (`x-ms-meta` -> `x-ms-meta-`), from parameters and responses. */
function headerCollections(spec: OpenApiDocument): Map<string, string> {
  const collections = new Map<string, string>();
  const add = (name: string, candidate: object): void => {
    const prefix = resolve<Header | Parameter>(spec, candidate)["x-ms-header-collection-prefix"];
    if (prefix !== undefined) collections.set(name, prefix);
  };
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null || isReference(node)) return;
    const record = node as Record<string, unknown>;
    if (record.in === "header" && typeof record.name === "string") add(record.name, record);
    for (const [key, value] of Object.entries(record)) {
      // A response's `headers` map is keyed by wire name.
      if (key === "headers" && typeof value === "object" && value !== null) {
        for (const [name, header] of Object.entries(value)) add(name, header as object);
      }
      walk(value);
    }
  };
  // components.headers is keyed by component name, not wire name: its entries are reached through responses.
  walk(spec.paths);
  walk(spec.components.parameters);
  walk(spec.components.responses);
  return collections;
}

// openapi-typescript types a collection header as one header of that literal name. Inside every `header` (request
// parameters) and `headers` (responses) type, the member becomes a template-literal index signature instead:
// `[name: \`x-ms-meta-${string}\`]: string`, so `{ "x-ms-meta-owner": "ops" }` type-checks and a typo does not.
function replaceHeaderCollections(root: ts.Node, collections: ReadonlyMap<string, string>): ts.Node {
  const memberName = (member: ts.TypeElement): string | undefined =>
    member.name && (ts.isStringLiteral(member.name) || ts.isIdentifier(member.name)) ? member.name.text : undefined;
  const visit = (node: ts.Node, inHeaders: boolean): ts.Node => {
    if (inHeaders && ts.isTypeLiteralNode(node)) {
      const members = node.members.map((member) => {
        const prefix = collections.get(memberName(member) ?? "");
        return ts.isPropertySignature(member) && prefix !== undefined ? collectionSignature(member, prefix) : member;
      });
      return ts.factory.updateTypeLiteralNode(node, ts.factory.createNodeArray(members));
    }
    const headersBelow = ts.isPropertySignature(node) && ["header", "headers"].includes(memberName(node) ?? "");
    return ts.visitEachChild(node, (child) => visit(child, headersBelow), undefined);
  };
  return visit(root, false);
}

function collectionSignature(member: ts.PropertySignature, prefix: string): ts.IndexSignatureDeclaration {
  const name = ts.factory.createTemplateLiteralType(ts.factory.createTemplateHead(prefix), [
    ts.factory.createTemplateLiteralTypeSpan(
      ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      ts.factory.createTemplateTail(""),
    ),
  ]);
  const signature = ts.factory.createIndexSignature(
    member.modifiers,
    [ts.factory.createParameterDeclaration(undefined, undefined, "name", undefined, name)],
    ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
  );
  const comments = ts.getSyntheticLeadingComments(member);
  return comments ? ts.setSyntheticLeadingComments(signature, comments) : signature;
}
