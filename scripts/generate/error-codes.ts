// The service error codes the spec names: every `x-azqueue-error-codes` entry of its responses, each of which the
// response's description must also name (in backticks), so the list and the prose cannot drift apart.
import { SpecError, type OpenApiDocument } from "./spec-model.js";

/** Sorted, without repeats. */
export function serviceErrorCodesOf(spec: OpenApiDocument): string[] {
  const codes = new Set<string>();
  for (const [name, response] of Object.entries(spec.components.responses ?? {})) {
    for (const code of response["x-azqueue-error-codes"] ?? []) {
      if (!/^[A-Z][A-Za-z]*$/.test(code)) throw new SpecError(`responses/${name}: "${code}" is not an error code`);
      if (!response.description.includes(`\`${code}\``)) {
        throw new SpecError(`responses/${name}: x-azqueue-error-codes lists ${code}, which its description does not name`);
      }
      codes.add(code);
    }
  }
  if (codes.size === 0) throw new SpecError("no response lists x-azqueue-error-codes");
  return [...codes].sort();
}
