// The contract types: every header and body form users hold type-checks, a wrong shape does not, and verdicts say
// exactly which side a violation is on.
import { describe, expectTypeOf, it } from "vitest";
import { ContractValidator, type ContractExchange, type ContractVerdict, type ContractViolation, type HarEntryVerdict } from "../../src/contract.js";

const validator = ContractValidator.fromSpec();

describe("azqueue/contract types", () => {
  it("takes headers as an object, a Headers, pairs or a Map, and bodies as text or bytes", () => {
    expectTypeOf<{ request: { method: "GET"; url: string; headers: { "x-ms-version": string } } }>().toExtend<ContractExchange>();
    expectTypeOf<{ request: { method: string; url: URL; headers: Headers; body: Uint8Array } }>().toExtend<ContractExchange>();
    expectTypeOf<{ request: { method: string; url: string; headers: [string, string][] } }>().toExtend<ContractExchange>();
    expectTypeOf<{ request: { method: string; url: string; headers: Map<string, string> } }>().toExtend<ContractExchange>();
    expectTypeOf<{ request: { method: string; url: string; headers: { "set-cookie": string[] } }; response: { status: number; body: null } }>().toExtend<ContractExchange>();
  });

  it("refuses a body of another type, a status as text, and a missing url", () => {
    expectTypeOf<{ request: { method: string; url: string; body: number } }>().not.toExtend<ContractExchange>();
    expectTypeOf<{ request: { method: string; url: string }; response: { status: string } }>().not.toExtend<ContractExchange>();
    expectTypeOf<{ request: { method: string } }>().not.toExtend<ContractExchange>();
    // @ts-expect-error: a request is required
    validator.validate({ response: { status: 200 } });
  });

  it("verdicts: a violation's side is request or response, HAR verdicts carry their entry", () => {
    expectTypeOf(validator.validate({ request: { method: "GET", url: "https://a.queue.core.windows.net/q/messages" } })).toEqualTypeOf<ContractVerdict>();
    expectTypeOf<ContractViolation["where"]>().toEqualTypeOf<"request" | "response">();
    expectTypeOf<HarEntryVerdict["entry"]>().toEqualTypeOf<number>();
    expectTypeOf(validator.validateHar).returns.toEqualTypeOf<HarEntryVerdict[]>();
  });

  it("a recording fetch can stand wherever fetch does", () => {
    expectTypeOf(validator.recordingFetch()).toExtend<typeof fetch>();
    expectTypeOf(validator.recordingFetch(fetch).verdicts).toEqualTypeOf<readonly ContractVerdict[]>();
  });
});
