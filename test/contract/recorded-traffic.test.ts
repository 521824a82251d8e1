/**
 * The contract check of the whole suite. It runs in the "contract" project, after every other test file (see
 * vitest.config.ts), and checks every exchange they made with the suite's Azurite through the recording proxy
 * against spec/queue.openapi.yaml: it fails on any violation, and for any operation of the spec that no exchange
 * exercised with a success (2xx) response.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readRecordings, RECORDINGS_ENV, type RecordedExchange } from "../harness/recording-proxy.js";
import { formatCountsTable, formatViolations, summarize, type ContractSummary } from "./report.js";
import { ContractValidator } from "../../src/contract.js";
import { validateRecorded } from "./recorded-exchange.js";

const validator = ContractValidator.fromSpec(fileURLToPath(new URL("../../spec/queue.openapi.yaml", import.meta.url)));
const recordingsPath = process.env[RECORDINGS_ENV];
let summary: ContractSummary;

beforeAll(() => {
  const exchanges: RecordedExchange[] = recordingsPath ? readRecordings(recordingsPath) : [];
  summary = summarize(validator.operationIds, exchanges, exchanges.map((exchange) => validateRecorded(validator, exchange)));
  console.log(formatCountsTable(summary));
});

describe("contract: the traffic of the test suite", () => {
  it("was recorded (the check needs the whole suite: npm test)", () => {
    expect(recordingsPath, `${RECORDINGS_ENV} is not set: the suite's global setup did not run`).toBeDefined();
    expect(summary.exchanges, "no exchange was recorded").toBeGreaterThan(0);
  });

  it("has no request that matches no operation", () => {
    const unmatched = summary.violations.filter((violation) => violation.operationId === undefined);
    if (unmatched.length > 0) expect.fail(`requests outside the spec:\n${formatViolations(unmatched)}`);
  });

  it.each(validator.operationIds)("%s: every recorded exchange conforms to the spec", (operationId) => {
    const mine = summary.violations.filter((violation) => violation.operationId === operationId);
    if (mine.length > 0) expect.fail(`contract violations:\n${formatViolations(mine)}`);
  });

  it.each(validator.operationIds)("%s: was exercised with a success response", (operationId) => {
    const counts = summary.operations.find((row) => row.operationId === operationId)!;
    expect(counts.successes, `${operationId}: ${counts.requests} requests recorded, none answered 2xx`).toBeGreaterThan(0);
  });
});
