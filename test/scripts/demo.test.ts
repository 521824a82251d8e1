import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { runScript } from "../harness/run-script.js";

const DEMO = new URL("../../scripts/demo.ts", import.meta.url).pathname;

/** The value of a row of the demo's summary table. */
function row(output: string, name: string): string {
  const match = new RegExp(`\\| ${name.replace(/[()]/g, "\\$&")}\\s+\\|\\s+(.+?) \\|`).exec(output);
  if (match === null) throw new Error(`no "${name}" row in:\n${output}`);
  return match[1]!;
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

describe("npm start", () => {
  it("runs the tour and the worker demo, prints the summary, exits 0 by itself and leaves its Azurite stopped", async () => {
    const { exitCode, output } = await runScript(DEMO, [], 60_000);
    expect(exitCode, output).toBe(0);
    expect(row(output, "completed")).toBe("999");
    expect(row(output, "poisoned")).toBe("1 -> demo-orders-poison");
    // Ten handlers hold their message for 3.5 s on a 2 s lease: each is renewed at least twice.
    expect(Number(row(output, "renewed (leases extended)"))).toBeGreaterThanOrEqual(20);
    expect(Number(row(output, "failed (handler threw)"))).toBe(5);
    expect(output).toContain(`demo-orders-poison holds: {"order":666,"item":"widget-3"}`);
    const azurite = /Azurite queue service on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(azurite).toBeDefined();
    expect(await refused(azurite!)).toBe(true);
  }, 70_000);
});
