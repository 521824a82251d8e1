/**
 * `validator.recordingFetch()`: a fetch that carries every call as the wrapped one would, and keeps each exchange
 * with its verdict, so that a contract test can run the code under test and then assert what it sent.
 */
import { ContractViolationError } from "./contract-violation-error.js";
import type { ContractExchange, ContractVerdict } from "./types.js";

/** The signature of the global `fetch`. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A fetch that records and checks what it carries. */
export interface RecordingFetch extends FetchFunction {
  /** Every exchange so far, in the order the requests were sent. */
  readonly exchanges: readonly ContractExchange[];
  /** The verdict of each exchange, at the same index. */
  readonly verdicts: readonly ContractVerdict[];
  /**
   * Throws when an exchange broke the contract.
   *
   * @throws ContractViolationError listing the violations of every exchange that has some.
   */
  assertAllValid(): void;
}

/** The validator's part a recording needs. */
interface Validates {
  validate(exchange: ContractExchange): ContractVerdict;
}

async function bytesOf(message: Request | Response): Promise<Uint8Array | undefined> {
  if (message.body === null) return undefined;
  return new Uint8Array(await message.clone().arrayBuffer());
}

/**
 * Wraps `fetch` (the global one by default).
 *
 * @example
 * const recording = recordingFetch(validator);
 */
export function recordingFetch(validator: Validates, fetch: FetchFunction = globalThis.fetch): RecordingFetch {
  const exchanges: ContractExchange[] = [];
  const verdicts: ContractVerdict[] = [];
  const record = (exchange: ContractExchange): void => {
    exchanges.push(exchange);
    verdicts.push(validator.validate(exchange));
  };
  const recording = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // One Request, read once for the record and sent as is: what is checked is what goes out.
    const request = new Request(input, init);
    const sent = { method: request.method, url: request.url, headers: new Headers(request.headers), body: await bytesOf(request) };
    let response: Response;
    try {
      response = await fetch(request);
    } catch (error) {
      record({ request: sent });
      throw error;
    }
    record({ request: sent, response: { status: response.status, headers: new Headers(response.headers), body: await bytesOf(response) } });
    return response;
  };
  return Object.assign(recording, {
    exchanges,
    verdicts,
    assertAllValid(): void {
      const broken = verdicts.filter((verdict) => !verdict.ok);
      if (broken.length === 0) return;
      const operations = [...new Set(broken.map((verdict) => verdict.operationId ?? "no operation"))].join(", ");
      const only = broken.length === 1 ? broken[0]!.operationId : undefined;
      throw new ContractViolationError(only, broken.flatMap((verdict) => verdict.violations), `${broken.length} of ${verdicts.length} exchanges (${operations})`);
    },
  });
}
