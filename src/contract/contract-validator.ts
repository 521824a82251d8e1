/**
 * The public validator: built from a spec, it checks exchanges one at a time, asserts them, wraps a fetch to
 * record and check everything it carries, and checks the Queue entries of a HAR file.
 */
import { ContractViolationError } from "./contract-violation-error.js";
import { harExchanges, type Har, type HarEntryVerdict } from "./har.js";
import { openApiDocumentOf, type SpecSource } from "./spec-source.js";
import { recordingFetch, type FetchFunction, type RecordingFetch } from "./recording-fetch.js";
import type { ContractExchange, ContractVerdict } from "./types.js";
import { ExchangeChecker } from "./validator.js";

/**
 * Checks HTTP exchanges against the Azure Queue Storage REST contract, with no account and no network: for
 * contract tests of code that talks to the Queue service (through azqueue, another SDK or plain fetch), of fakes of
 * the service, or of recorded traffic.
 *
 * @example
 * import { ContractValidator } from "azqueue/contract";
 *
 * const validator = ContractValidator.fromSpec();
 * const verdict = validator.validate({
 *   request: {
 *     method: "GET",
 *     url: "https://acct.queue.core.windows.net/jobs/messages?numofmessages=40",
 *     headers: { "x-ms-version": "2025-11-05", "x-ms-date": new Date().toUTCString(), authorization: "SharedKey acct:c2lnbmF0dXJl" },
 *   },
 * });
 * console.log(verdict.operationId, verdict.violations); // "Messages_Get", [{ where: "request", path: "query.numofmessages", message: "40 is above the maximum 32" }]
 */
export class ContractValidator {
  readonly #checker: ExchangeChecker;

  private constructor(checker: ExchangeChecker) {
    this.#checker = checker;
  }

  /**
   * A validator for `spec`: nothing for the spec shipped in the package (the one azqueue is generated from), a
   * parsed OpenAPI 3.1 document, or in Node the path of a YAML or JSON file.
   *
   * @throws ValidationError (rule `contract-spec`) for a spec that cannot be read or is not OpenAPI.
   * @example
   * const shipped = ContractValidator.fromSpec();
   * const mine = ContractValidator.fromSpec("spec/queue.openapi.yaml");
   */
  static fromSpec(spec?: SpecSource): ContractValidator {
    return new ContractValidator(new ExchangeChecker(openApiDocumentOf(spec)));
  }

  /** The operationIds of the spec, e.g. `Messages_Put`, in the spec's order. */
  get operationIds(): readonly string[] {
    return this.#checker.operations.map((operation) => operation.operationId);
  }

  /**
   * Checks one exchange: the request always, the response when there is one.
   *
   * @example
   * const { ok, violations } = validator.validate({ request: { method: "DELETE", url: "http://127.0.0.1:10001/devstoreaccount1/jobs/messages" } });
   */
  validate(exchange: ContractExchange): ContractVerdict {
    return this.#checker.validate(exchange);
  }

  /**
   * As `validate`, but throws when the exchange breaks the contract.
   *
   * @throws ContractViolationError listing every violation.
   * @example
   * validator.assertValid({ request, response });
   */
  assertValid(exchange: ContractExchange): ContractVerdict {
    const verdict = this.validate(exchange);
    if (!verdict.ok) throw new ContractViolationError(verdict.operationId, verdict.violations);
    return verdict;
  }

  /**
   * A fetch that passes every call on to `fetch` (the global one by default), and records and checks each
   * exchange it carries. Hand it to the code under test; then `assertAllValid()`.
   *
   * @example
   * const recording = validator.recordingFetch();
   * // The code under test takes the fetch it sends with, as most HTTP code can.
   * async function peek(send: typeof fetch, queueUrl: string): Promise<string> {
   *   const response = await send(`${queueUrl}/messages?peekonly=true`, { headers: { "x-ms-version": "2025-11-05" } });
   *   return response.text();
   * }
   * await peek(recording, "https://acct.queue.core.windows.net/jobs?sv=2025-11-05&se=2030-01-01&sp=p&sig=c2ln");
   * recording.assertAllValid();
   */
  recordingFetch(fetch?: FetchFunction): RecordingFetch {
    return recordingFetch(this, fetch);
  }

  /**
   * Checks the Queue entries of a HAR 1.2 log (as browsers' developer tools and proxies export it): those sent
   * with an `x-ms-version` header or to a `*.queue.*` host, CORS preflights aside. One verdict per entry checked.
   *
   * @throws ValidationError (rule `contract-har`) when `har` is not a HAR log.
   * @example
   * const verdicts = validator.validateHar(har); // e.g. JSON.parse of a file saved from the browser's network panel
   * const broken = verdicts.filter((verdict) => !verdict.ok);
   */
  validateHar(har: Har): HarEntryVerdict[] {
    return harExchanges(har).map(({ entry, exchange, responseBodyRecorded }) => ({ entry, ...this.#checker.validate(exchange, { responseBodyRecorded }) }));
  }
}
