/**
 * The error of `azqueue/contract`, kept with the validator so that `azqueue` and `azqueue/client` do not carry it; it
 * extends the same `AzureException` as every azqueue error.
 */
import { AzureException } from "../errors.js";
import type { ContractViolation } from "./types.js";

/**
 * An exchange broke the Queue REST contract: `ContractValidator.assertValid` throws it, listing every violation
 * (where, the path of the part at fault, what is wrong), so a failing contract test says everything at once.
 *
 * @example
 * const validator = ContractValidator.fromSpec();
 * try {
 *   validator.assertValid({ request: { method: "GET", url: "https://acct.queue.core.windows.net/jobs/messages?numofmessages=33" } });
 * } catch (error) {
 *   if (error instanceof ContractViolationError) console.error(error.violations.map((violation) => violation.path));
 * }
 */
export class ContractViolationError extends AzureException {
  override name = "ContractViolationError";
  /** The operation the request was matched to; undefined when it matched none. */
  readonly operationId: string | undefined;
  /** Every violation found, in the order found. */
  readonly violations: readonly ContractViolation[];
  /**
   * What `assertValid` throws; build one yourself only to stand in for it in a test.
   *
   * @param operationId - The matched operation, if any.
   * @param violations - At least one violation.
   * @param subject - What broke the contract, for the message; by default "The {operationId} exchange".
   */
  constructor(operationId: string | undefined, violations: readonly ContractViolation[], subject?: string) {
    const lines = violations.map((violation) => `  ${violation.where} ${violation.path}: ${violation.message}`);
    subject ??= operationId === undefined ? "The exchange" : `The ${operationId} exchange`;
    super(`${subject} breaks the Queue REST contract in ${violations.length} place${violations.length === 1 ? "" : "s"}:\n${lines.join("\n")}`);
    this.operationId = operationId;
    this.violations = violations;
  }
}
