/**
 * Where `ContractValidator.fromSpec` gets its document: the spec shipped in the package (as data, generated from
 * spec/queue.openapi.yaml, so it loads in any runtime), a parsed document, or (in Node) a YAML or JSON file.
 */
import { parse } from "yaml";
import { specDocument } from "../../generated/spec-document.js";
import { readSpecFile } from "#platform/spec-file";
import { ValidationError } from "../errors.js";
import { asOpenApiDocument, type OpenApiDocument } from "./openapi-document.js";

/** A spec: the path of a YAML or JSON file (Node only), or the parsed document. */
export type SpecSource = string | URL | Readonly<Record<string, unknown>>;

/**
 * The document `source` names; the shipped spec without one.
 *
 * @throws ValidationError (rule `contract-spec`) for a file that cannot be read or parsed, or that is not OpenAPI.
 */
export function openApiDocumentOf(source?: SpecSource): OpenApiDocument {
  if (source === undefined) return asOpenApiDocument(specDocument, "the shipped spec");
  if (typeof source !== "string" && !(source instanceof URL)) return asOpenApiDocument(source, "the document given");
  const text = readSpecFile(source);
  let parsed: unknown;
  try {
    // YAML 1.2 is a superset of JSON: one parser reads both.
    parsed = parse(text);
  } catch (error) {
    throw new ValidationError("contract-spec", `${String(source)} is neither YAML nor JSON: ${(error as Error).message}`, { cause: error });
  }
  return asOpenApiDocument(parsed, String(source));
}
