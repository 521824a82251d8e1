import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { accountUrl } from "../facade/queue-service-harness.js";
import { uniqueQueueName } from "../harness/names.js";
import { runScript } from "../harness/run-script.js";

const PROGRAM = fileURLToPath(new URL("./fixtures/untraced-program.ts", import.meta.url));

async function loadedModules(...flags: string[]): Promise<{ done: boolean; loaded: string[]; global: boolean }> {
  const { exitCode, output } = await runScript(PROGRAM, [accountUrl(), uniqueQueueName("tu"), ...flags]);
  expect(exitCode, output).toBe(0);
  return JSON.parse(output.trim().split("\n").at(-1)!) as { done: boolean; loaded: string[]; global: boolean };
}

describe("without a tracer provider", () => {
  it("a program that sends, receives and deletes never loads @opentelemetry/api", async () => {
    const result = await loadedModules();
    expect(result).toEqual({ done: true, loaded: [], global: false });
  });

  it("the check sees @opentelemetry/api when the program loads it itself", async () => {
    const result = await loadedModules("--load-api");
    expect(result.loaded.some((path) => path.includes("@opentelemetry/api/"))).toBe(true);
  });
});
