/**
 * Node: `ContractValidator.fromSpec(path)` reads the spec file from disk.
 */
import { readFileSync } from "node:fs";
import { ValidationError } from "../errors.js";

/**
 * The text of the spec file at `path` (a path or a `file:` URL).
 *
 * @throws ValidationError (rule `contract-spec`) when it cannot be read.
 */
export function readSpecFile(path: string | URL): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ValidationError("contract-spec", `cannot read the spec file ${String(path)}: ${(error as Error).message}`, { cause: error });
  }
}
