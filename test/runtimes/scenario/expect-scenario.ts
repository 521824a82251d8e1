/** What every runtime's scenario result must show: the same assertions, whichever runtime ran it. */
import { expect } from "vitest";
import { ENCRYPTED_TEXT, NON_ASCII_TEXT, UPDATED_TEXT, type ScenarioResult } from "./scenario.js";

export function expectScenarioPassed(result: ScenarioResult, options: { readonly throughFetch: boolean }): void {
  const value = (name: string) => {
    const step = result.steps[name];
    expect(step, `step ${name}`).toBeDefined();
    if (!step!.ok) throw new Error(`step ${name} failed in ${result.runtime}: ${step!.error.name}: ${step!.error.message}`);
    return step!.value;
  };
  expect(value("createQueue")).toBe(true);
  expect(value("putMessage")).toBe(true);
  expect(value("getMessages")).toBe(NON_ASCII_TEXT);
  expect(value("updateMessage")).toBe(true);
  expect(value("peekMessages")).toBe(UPDATED_TEXT);
  expect(value("deleteMessage")).toBe(0);
  expect(value("queueSas")).toBe("via SAS ✓");
  expect(value("listQueues")).toEqual([expect.any(String)]);
  expect(value("typedClientPeek")).toBe(1);
  expect(value("encryptedRoundTrip")).toEqual({ content: ENCRYPTED_TEXT, storedIsEnvelope: true });
  expect(result.steps.wrongKey).toMatchObject({ ok: false, error: { name: "AzureHttpError", status: 403, code: "AuthenticationFailed" } });
  expect(value("deleteQueue")).toBe(true);
  if (options.throughFetch) expect(result.fetchCalls).toBeGreaterThan(10);
  else expect(result.fetchCalls).toBe(0);
}
