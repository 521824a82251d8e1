/**
 * One row of the interop matrix per test: the test names what it proved, the reporter (matrix-reporter.ts) adds
 * whether it passed and prints the table at the end of the run.
 */
import type { TestContext } from "vitest";

export interface InteropRow {
  /** e.g. "python reference", "python modern", "@azure/storage-queue". */
  readonly peer: string;
  /** Who wrote and who read, e.g. "peer -> azqueue". */
  readonly direction: string;
  /** The format on both sides, e.g. "textXml" or "none / noEncode". */
  readonly format: string;
  /** Client-side encryption, when on: the protocol version and the key-wrap algorithm, e.g. "2.0 RSA-OAEP". */
  readonly encryption?: string;
  /** How many messages were compared. */
  readonly cases: number;
  /** What the row shows besides identical content, when that is not the point. */
  readonly note?: string;
}

declare module "vitest" {
  interface TaskMeta {
    interop?: InteropRow;
  }
}

/** Attach the row to the running test; vitest carries task meta to the reporter. */
export function recordRow(context: TestContext, row: InteropRow): void {
  context.task.meta.interop = row;
}
