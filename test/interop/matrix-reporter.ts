/**
 * Prints the interop matrix after `npm run test:interop`: one line per test that recorded a row (matrix.ts), with
 * its outcome, so a run's evidence can be quoted as is. Failures still fail the run through vitest itself.
 */
import type { Reporter, TestCase } from "vitest/node";
import type { InteropRow } from "./matrix.js";

interface ReportedRow extends InteropRow {
  readonly result: string;
}

const COLUMNS = ["peer", "direction", "format", "encryption", "cases", "result", "note"] as const;

export default class InteropMatrixReporter implements Reporter {
  readonly #rows: ReportedRow[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const row = testCase.meta().interop;
    if (row) this.#rows.push({ ...row, result: testCase.result().state === "passed" ? "ok" : "FAILED" });
  }

  onTestRunEnd(): void {
    if (this.#rows.length === 0) return;
    const rows = this.#rows.toSorted((a, b) =>
      a.peer.localeCompare(b.peer) ||
      a.format.localeCompare(b.format) ||
      (a.encryption ?? "").localeCompare(b.encryption ?? "") ||
      a.direction.localeCompare(b.direction),
    );
    const cells = rows.map((row) => COLUMNS.map((column) => String(row[column] ?? "")));
    const widths = COLUMNS.map((column, index) => Math.max(column.length, ...cells.map((line) => line[index]!.length)));
    const format = (line: readonly string[]) => line.map((cell, index) => cell.padEnd(widths[index]!)).join(" | ").trimEnd();
    const messages = rows.reduce((sum, row) => sum + row.cases, 0);
    const failed = rows.filter((row) => row.result !== "ok").length;
    process.stdout.write(
      [
        "",
        "Interop matrix",
        format(COLUMNS),
        widths.map((width) => "-".repeat(width)).join("-|-"),
        ...cells.map(format),
        `${rows.length} rows, ${messages} messages compared, ${failed} failed`,
        "",
      ].join("\n") + "\n",
    );
  }
}
