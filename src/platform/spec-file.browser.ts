/**
 * Browsers and edge runtimes have no files to read: `ContractValidator.fromSpec` takes the parsed document there.
 */
import { ValidationError } from "../errors.js";

/**
 * Refuses: there is no file system here.
 *
 * @throws ValidationError (rule `contract-spec`), always.
 */
export function readSpecFile(path: string | URL): never {
  throw new ValidationError(
    "contract-spec",
    `cannot read ${String(path)}: reading a spec file needs Node.js; pass the parsed document, or nothing for the spec in the package`,
  );
}
