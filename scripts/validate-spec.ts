// `npm run lint:spec` (after redocly): spec/queue.openapi.yaml must be valid OpenAPI 3.1 and keep the project's own
// rules, which neither validator knows: XML examples parse and match their schemas, every operation shows an example,
// every error response declares x-ms-error-code and a StorageError body, and the generator accepts the spec.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { XmlDocumentSpec, XmlShape } from "../src/operation/operation-spec.js";
import { buildOperationModel } from "./generate/operation-specs.js";
import { SpecError, isReference, listOperations, loadSpec, resolve } from "./generate/spec-model.js";
import type { MediaType, OpenApiDocument, Response } from "./generate/spec-model.js";
import { xmlArrayPathsOf, xmlDocumentOf } from "./generate/xml-shapes.js";

const SPEC_FILE = new URL("../spec/queue.openapi.yaml", import.meta.url);
const XML = "application/xml";
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Problems of the spec, each a readable line; empty when the spec is fine. */
export async function validateSpec(specText: string): Promise<string[]> {
  const spec = loadSpec(specText);
  const result = await new Validator().validate(spec as unknown as Record<string, unknown>);
  if (!result.valid) return ["not valid OpenAPI 3.1:", ...formatSchemaErrors(result.errors)];
  const problems: string[] = [];
  try {
    buildOperationModel(spec);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    problems.push(error.message);
  }
  const checker = createXmlChecker(spec);
  for (const { operation, method, pathKey } of listOperations(spec)) {
    const where = operation.operationId ?? `${method} ${pathKey}`;
    const media: [string, MediaType][] = [];
    const requestBody = operation.requestBody && resolve(spec, operation.requestBody);
    if (requestBody?.content[XML]) media.push([`${where} request`, requestBody.content[XML]]);
    for (const [status, candidate] of Object.entries(operation.responses)) {
      const response = resolve<Response>(spec, candidate);
      if (response.content?.[XML]) media.push([`${where} ${status}`, response.content[XML]]);
      if (/^[45]/.test(status) || status === "default") problems.push(...checkErrorResponse(`${where} ${status}`, response));
    }
    if (!media.some(([, m]) => m.example !== undefined || Object.keys(m.examples ?? {}).length > 0)) {
      problems.push(`${where}: no example in its request or response bodies`);
    }
    for (const [at, m] of media) problems.push(...checker(at, m));
  }
  return [...new Set(problems)];
}

function formatSchemaErrors(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [String(errors)];
  return errors.map((e: { instancePath?: string; message?: string; params?: unknown }) =>
    `  ${e.instancePath || "/"}: ${e.message ?? "invalid"} ${JSON.stringify(e.params ?? {})}`,
  );
}

function checkErrorResponse(where: string, response: Response): string[] {
  const problems: string[] = [];
  const headers = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase());
  if (!headers.includes("x-ms-error-code")) problems.push(`${where}: error response without the x-ms-error-code header`);
  if (response.content?.[XML]?.schema?.$ref !== "#/components/schemas/StorageError") {
    problems.push(`${where}: error response without a StorageError XML body`);
  }
  return problems;
}

/** Checks a media type's XML examples: well-formed, and once read by their XmlShape, valid against the schema. */
function createXmlChecker(spec: OpenApiDocument): (where: string, media: MediaType) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas ?? {} } });
  return (where, media) => {
    const ref = media.schema?.$ref;
    if (!ref) return [];
    const document = xmlDocumentOf(spec, ref);
    const validate = ajv.getSchema(`spec${ref}`);
    const examples = Object.entries(media.examples ?? {}).map(([name, example]) => {
      const value = isReference(example) ? resolve<{ value?: unknown }>(spec, example).value : example.value;
      return [name, value] as const;
    });
    if (media.example !== undefined) examples.push(["example", media.example]);
    return examples.flatMap(([name, text]) => {
      const at = `${where} example ${name}`;
      if (typeof text !== "string") return [`${at}: an XML example must be the XML text`];
      const wellFormed = XMLValidator.validate(text);
      if (wellFormed !== true) return [`${at}: not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
      const { value, problems } = readXmlDocument(text, document);
      if (!validate?.(value)) problems.push(...(validate?.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`));
      return problems.map((problem) => `${at}: ${problem}`);
    });
  };
}

/** The typed value an XML document stands for, read by its shape, and the elements the shape does not know. */
export function readXmlDocument(text: string, document: XmlDocumentSpec): { value: unknown; problems: string[] } {
  const arrayPaths = new Set(xmlArrayPathsOf([document]));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    isArray: (_name, jpath) => arrayPaths.has(String(jpath)),
  });
  const parsed = parser.parse(text) as Record<string, unknown>;
  const problems: string[] = [];
  if (!(document.root in parsed)) return { value: undefined, problems: [`root element is not <${document.root}>`] };
  return { value: readNode(parsed[document.root], document.shape, document.root, problems), problems };
}

function readNode(node: unknown, shape: XmlShape, path: string, problems: string[]): unknown {
  switch (shape.type) {
    case "string":
      return node;
    case "integer":
      return typeof node === "string" && /^-?\d+$/.test(node) ? Number(node) : node;
    case "boolean":
      return node === "true" ? true : node === "false" ? false : node;
    case "array": {
      const items = shape.wrapped ? (node === "" ? [] : (node as Record<string, unknown> | undefined)?.[shape.itemName]) : node;
      if (!Array.isArray(items)) return items;
      return items.map((item) => readNode(item, shape.items, `${path}.${shape.itemName}`, problems));
    }
    case "object": {
      const element = node === "" ? {} : (node as Record<string, unknown>);
      if (typeof element !== "object" || element === null) return element;
      const known = new Set<string>();
      const value: Record<string, unknown> = {};
      for (const property of shape.properties) {
        const key = property.attribute ? `@_${property.xmlName}` : property.xmlName;
        known.add(key);
        if (element[key] !== undefined) {
          value[property.name] = readNode(element[key], property.shape, `${path}.${property.xmlName}`, problems);
        }
      }
      for (const [key, child] of Object.entries(element)) {
        if (known.has(key)) continue;
        if (shape.additionalStrings && !key.startsWith("@_")) value[key] = child;
        else problems.push(`${path}: <${key}> is not in the schema`);
      }
      return value;
    }
  }
}

async function main(): Promise<number> {
  const problems = await validateSpec(await readFile(SPEC_FILE, "utf8"));
  if (problems.length === 0) {
    console.log("spec/queue.openapi.yaml: valid OpenAPI 3.1, examples and error responses checked");
    return 0;
  }
  console.error(`spec/queue.openapi.yaml has ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join("\n")}`);
  return 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
