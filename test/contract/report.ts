/**
 * Turns the validator's verdicts into the contract report: counts per operation, the operations without a
 * successful exchange, and the violations, grouped so that one client bug repeated a hundred times reads as one.
 */
import type { RecordedExchange } from "../harness/recording-proxy.js";
import type { ExchangeVerdict, Violation } from "./recorded-exchange.js";

export interface OperationCounts {
  readonly operationId: string;
  /** Requests matched to the operation and checked. */
  readonly requests: number;
  /** Responses checked against the operation's responses. */
  readonly responses: number;
  /** Of those, 2xx. */
  readonly successes: number;
  readonly errors: number;
}

export interface ContractSummary {
  readonly exchanges: number;
  readonly operations: readonly OperationCounts[];
  readonly violations: readonly Violation[];
  /** Exchanges that got no complete response (client gone, upstream failure): requests checked, responses not. */
  readonly incomplete: readonly { readonly seq: number; readonly label: string; readonly error: string }[];
}

export function summarize(operationIds: readonly string[], exchanges: readonly RecordedExchange[], verdicts: readonly ExchangeVerdict[]): ContractSummary {
  const operations = operationIds.map((operationId) => {
    const mine = verdicts.filter((verdict) => verdict.operationId === operationId);
    const responded = mine.filter((verdict) => verdict.responseValidated);
    const successes = responded.filter((verdict) => verdict.status !== undefined && verdict.status >= 200 && verdict.status < 300).length;
    return {
      operationId,
      requests: mine.filter((verdict) => verdict.requestValidated).length,
      responses: responded.length,
      successes,
      errors: responded.length - successes,
    };
  });
  return {
    exchanges: exchanges.length,
    operations,
    violations: verdicts.flatMap((verdict) => verdict.violations),
    incomplete: exchanges
      .filter((exchange) => exchange.error !== undefined)
      .map((exchange) => ({ seq: exchange.seq, label: `${exchange.request.method} ${exchange.request.target}`, error: exchange.error! })),
  };
}

export function formatCountsTable(summary: ContractSummary): string {
  const header = ["operation", "requests", "responses", "2xx", "errors"];
  const rows = summary.operations.map((row) => [row.operationId, row.requests, row.responses, row.successes, row.errors].map(String));
  const total = (key: keyof Omit<OperationCounts, "operationId">) => String(summary.operations.reduce((sum, row) => sum + row[key], 0));
  rows.push(["total", total("requests"), total("responses"), total("successes"), total("errors")]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const lines = [
    `Contract check: ${summary.exchanges} exchanges recorded; requests validated ${total("requests")}, responses validated ${total("responses")}; ${summary.violations.length} violations.`,
    line(header),
    ...rows.map(line),
  ];
  if (summary.incomplete.length > 0) {
    lines.push(`${summary.incomplete.length} exchanges had no complete response (request checked, response not):`);
    lines.push(...summary.incomplete.map((entry) => `  #${entry.seq} ${entry.label}: ${entry.error}`));
  }
  return lines.join("\n");
}

/** One line per distinct (operation, message), with how often it occurred and the first exchange that showed it. */
export function formatViolations(violations: readonly Violation[]): string {
  const groups = new Map<string, { count: number; first: Violation }>();
  for (const violation of violations) {
    const key = `${violation.operationId ?? "(no operation)"}\u0000${violation.message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, first: violation });
  }
  return [...groups.values()]
    .map(({ count, first }) => `${first.operationId ?? "(no operation)"}: ${first.message}\n    ${count}x, first #${first.seq}: ${first.exchange}`)
    .join("\n");
}
