import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RecordedExchange } from "../harness/recording-proxy.js";
import { ContractValidator } from "../../src/contract.js";
import { readHttpCapture } from "./http-capture.js";
import { validateRecorded } from "./recorded-exchange.js";
import { formatCountsTable, formatViolations, summarize } from "./report.js";

const validator = ContractValidator.fromSpec(fileURLToPath(new URL("../../spec/queue.openapi.yaml", import.meta.url)));
const capture = (name: string, seq: number) => readHttpCapture(fileURLToPath(new URL(`captures/${name}.http`, import.meta.url)), seq);

describe("contract report", () => {
  const create = capture("01-createQueue", 1);
  const exchanges: RecordedExchange[] = [
    create,
    capture("05-exists-false-404", 2),
    capture("08-getProperties", 3),
    { ...create, seq: 4, request: { ...create.request, target: `${create.request.target}&foo=1` } },
    { ...create, seq: 5, request: { ...create.request, target: `${create.request.target}&foo=2` } },
    capture("18-getServiceStats-primary", 6),
    { seq: 7, request: create.request, error: "the client closed the connection before the response was complete" },
  ];
  const summary = summarize(validator.operationIds, exchanges, exchanges.map((exchange) => validateRecorded(validator, exchange)));

  it("counts requests, responses, successes and errors per operation", () => {
    expect(summary.exchanges).toBe(7);
    expect(summary.operations.find((row) => row.operationId === "Queue_Create")).toEqual({ operationId: "Queue_Create", requests: 4, responses: 3, successes: 3, errors: 0 });
    expect(summary.operations.find((row) => row.operationId === "Queue_GetMetadata")).toEqual({ operationId: "Queue_GetMetadata", requests: 2, responses: 2, successes: 1, errors: 1 });
    expect(summary.operations.find((row) => row.operationId === "Message_Update")).toEqual({ operationId: "Message_Update", requests: 0, responses: 0, successes: 0, errors: 0 });
    expect(summary.incomplete).toEqual([{ seq: 7, label: "PUT /devstoreaccount1/q-main?timeout=30", error: "the client closed the connection before the response was complete" }]);
  });

  it("prints one row per operation of the spec and a total", () => {
    const table = formatCountsTable(summary).split("\n");
    expect(table[0]).toBe("Contract check: 7 exchanges recorded; requests validated 6, responses validated 5; 3 violations.");
    expect(table[1]).toMatch(/^operation +requests +responses +2xx +errors$/);
    expect(table.find((line) => line.startsWith("Queue_Create "))).toMatch(/^Queue_Create +4 +3 +3 +0$/);
    expect(table.find((line) => line.startsWith("total "))).toMatch(/^total +6 +5 +4 +1$/);
    expect(table.filter((line) => /^[A-Z][a-z]+_/.test(line))).toHaveLength(16);
    expect(table.at(-1)).toBe("  #7 PUT /devstoreaccount1/q-main?timeout=30: the client closed the connection before the response was complete");
  });

  it("groups a repeated violation into one line with its count and first exchange", () => {
    const text = formatViolations(summary.violations);
    expect(text).toContain("Queue_Create: request query.foo: is not a query parameter of Queue_Create\n    2x, first #4: PUT /devstoreaccount1/q-main?timeout=30&foo=1 -> 201");
    expect(text).toContain("(no operation): request url: GET http://127.0.0.1:42501/devstoreaccount1/ matches no operation");
    expect(text.split("\n")).toHaveLength(4);
  });
});
