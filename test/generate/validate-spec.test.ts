import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../scripts/validate-spec.js";

let specText: string;
beforeAll(async () => {
  specText = await readFile(new URL("../../spec/queue.openapi.yaml", import.meta.url), "utf8");
});

function mutated(from: string, to: string): string {
  expect(specText).toContain(from);
  return specText.replace(from, to);
}

describe("scripts/validate-spec.ts", () => {
  it("accepts the spec", async () => {
    expect(await validateSpec(specText)).toEqual([]);
  });

  it("reports what is not OpenAPI 3.1", async () => {
    const problems = await validateSpec(mutated("      operationId: Queue_Delete\n", "      operationId: Queue_Delete\n      bogus: 1\n"));
    expect(problems[0]).toBe("not valid OpenAPI 3.1:");
    expect(problems.join("\n")).toContain("bogus");
  });

  it("reads XML examples by their schema: a non-integer DequeueCount is reported", async () => {
    const problems = await validateSpec(mutated("<DequeueCount>1</DequeueCount><MessageText>m0", "<DequeueCount>one</DequeueCount><MessageText>m0"));
    expect(problems).toEqual(["Messages_Get 200 example twoMessages: /0/DequeueCount must be integer"]);
  });

  it("reports an element the schema does not describe, and malformed XML", async () => {
    expect(await validateSpec(mutated("<MaxResults>3</MaxResults>", "<MaxResult>3</MaxResult>"))).toEqual([
      "Service_ListQueues 200 example withMetadata: EnumerationResults: <MaxResult> is not in the schema",
    ]);
    const [problem] = await validateSpec(mutated("<Status>live</Status>", "<Status>live</Statu>"));
    expect(problem).toMatch(/^Service_GetStatistics 200 example live: not well-formed XML/);
  });

  it("requires x-ms-error-code on error responses", async () => {
    const withoutErrorCode = mutated(
      '    QueueAlreadyExists:\n      description: "A queue of that name exists with other metadata (409 `QueueAlreadyExists`) or is being deleted (409 `QueueBeingDeleted`)."\n      x-azqueue-error-codes: [QueueAlreadyExists, QueueBeingDeleted]\n      headers:\n        x-ms-error-code:\n          $ref: "#/components/headers/ErrorCode"\n',
      '    QueueAlreadyExists:\n      description: "A queue of that name exists with other metadata (409 `QueueAlreadyExists`) or is being deleted (409 `QueueBeingDeleted`)."\n      x-azqueue-error-codes: [QueueAlreadyExists, QueueBeingDeleted]\n      headers:\n',
    );
    expect(await validateSpec(withoutErrorCode)).toEqual(["Queue_Create 409: error response without the x-ms-error-code header"]);
  });
});
