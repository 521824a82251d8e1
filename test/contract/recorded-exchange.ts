/**
 * The suite's recordings (test/harness/recording-proxy.ts) as the public validator takes exchanges, and its
 * verdicts with what the suite's report counts: the suite checks its traffic with `azqueue/contract` itself.
 */
import type { ContractValidator, ContractExchange, ContractVerdict, ContractViolation } from "../../src/contract.js";
import { decodeRecordedBody, type RecordedExchange } from "../harness/recording-proxy.js";

/** A violation with the exchange it was found in, for the report. */
export interface Violation {
  readonly seq: number;
  /** Absent when the request matched no operation. */
  readonly operationId?: string;
  /** e.g. "PUT /devstoreaccount1/q-1?comp=metadata -> 204" */
  readonly exchange: string;
  /** "{where} {path}: {message}", e.g. "request query.numofmessages: 33 is above the maximum 32". */
  readonly message: string;
}

export interface ExchangeVerdict {
  readonly seq: number;
  readonly operationId?: string;
  readonly status?: number;
  /** The request matched an operation and was checked against it. */
  readonly requestValidated: boolean;
  /** A complete response was checked against the operation's responses. */
  readonly responseValidated: boolean;
  readonly violations: readonly Violation[];
}

/** The proxy speaks plain HTTP to the suite, so the URL the client sent to is `http://{host}{target}`. */
export function contractExchange(recorded: RecordedExchange): ContractExchange {
  const host = recorded.request.headers.find(([name]) => name.toLowerCase() === "host")?.[1] ?? "unknown-host";
  const { response } = recorded;
  return {
    request: { method: recorded.request.method, url: `http://${host}${recorded.request.target}`, headers: recorded.request.headers, body: decodeRecordedBody(recorded.request.body) },
    ...(response ? { response: { status: response.status, headers: response.headers, body: decodeRecordedBody(response.body) } } : {}),
  };
}

/** "{where} {path}: {message}" */
export const describeViolation = ({ where, path, message }: ContractViolation): string => `${where} ${path}: ${message}`;

export function validateRecorded(validator: ContractValidator, recorded: RecordedExchange): ExchangeVerdict {
  const verdict: ContractVerdict = validator.validate(contractExchange(recorded));
  const { response } = recorded;
  const label = `${recorded.request.method} ${recorded.request.target}${response ? ` -> ${response.status}` : recorded.error ? ` -> (${recorded.error})` : ""}`;
  const operation = verdict.operationId === undefined ? {} : { operationId: verdict.operationId };
  return {
    seq: recorded.seq,
    ...operation,
    ...(response ? { status: response.status } : {}),
    requestValidated: verdict.operationId !== undefined,
    responseValidated: verdict.operationId !== undefined && response !== undefined,
    violations: verdict.violations.map((violation) => ({ seq: recorded.seq, ...operation, exchange: label, message: describeViolation(violation) })),
  };
}
