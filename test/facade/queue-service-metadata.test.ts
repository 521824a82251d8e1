import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueService} from "../../src/index.js";
import { AzureMissingResourceHttpError, ValidationError } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { emulatorService, loggedService, newQueue, rejectionOf } from "./queue-service-harness.js";

let qs: QueueService;

beforeAll(() => {
  qs = emulatorService();
});
afterAll(() => qs.close());

/** Looks a name up the way the service compares names: ignoring case. */
function valueOf(metadata: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(metadata).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : metadata[key];
}

describe("QueueService queue metadata", () => {
  it("getQueueMetadata returns what setQueueMetadata set, names in the case given (Node keeps raw header names)", async () => {
    const queue = await newQueue(qs, "md");
    const info = await qs.setQueueMetadata(queue, { Owner: "Team-A", camelCase: "x y", lower: "", UPPER_1: "~!@#$%^&*()" });
    expect(info.requestId).toMatch(/\S/);
    expect(info.date).toBeInstanceOf(Date);
    const { metadata, approximateMessageCount } = await qs.getQueueMetadata(queue);
    expect({ ...metadata }).toEqual({ Owner: "Team-A", camelCase: "x y", lower: "", UPPER_1: "~!@#$%^&*()" });
    expect(approximateMessageCount).toBe(0);
  });

  it("names compare case-insensitively: a set in other case replaces the value", async () => {
    const queue = await newQueue(qs, "md");
    await qs.setQueueMetadata(queue, { Color: "red" });
    await qs.setQueueMetadata(queue, { COLOR: "blue" });
    const { metadata } = await qs.getQueueMetadata(queue);
    expect(Object.keys(metadata)).toHaveLength(1);
    expect(valueOf(metadata, "color")).toBe("blue");
  });

  it("createQueue's metadata is read back", async () => {
    const queue = uniqueQueueName("md");
    await qs.createQueue(queue, { metadata: { MixedCase: "v1", other: "v2" } });
    expect({ ...(await qs.getQueueMetadata(queue)).metadata }).toEqual({ MixedCase: "v1", other: "v2" });
  });

  it("setQueueMetadata without metadata clears it", async () => {
    const queue = uniqueQueueName("md");
    await qs.createQueue(queue, { metadata: { a: "1" } });
    await qs.setQueueMetadata(queue);
    expect({ ...(await qs.getQueueMetadata(queue)).metadata }).toEqual({});
  });

  it("a metadata name that is an Object.prototype member is an ordinary name", async () => {
    const queue = await newQueue(qs, "md");
    await qs.setQueueMetadata(queue, { constructor: "c", __proto__x: "p", toString: "t" });
    const { metadata } = await qs.getQueueMetadata(queue);
    expect(valueOf(metadata, "constructor")).toBe("c");
    expect(valueOf(metadata, "toString")).toBe("t");
    expect(valueOf(metadata, "__proto__x")).toBe("p");
  });

  it("approximateMessageCount counts the queue's messages", async () => {
    const queue = await newQueue(qs, "md");
    await qs.putMessage(queue, "one");
    await qs.putMessage(queue, "two");
    expect((await qs.getQueueMetadata(queue)).approximateMessageCount).toBe(2);
  });

  it("under the fetch option, names come back lower-case", async () => {
    const viaFetch = emulatorService({ fetch: globalThis.fetch });
    const queue = await newQueue(viaFetch, "md");
    await viaFetch.setQueueMetadata(queue, { MixedCase: "v" });
    expect({ ...(await viaFetch.getQueueMetadata(queue)).metadata }).toEqual({ mixedcase: "v" });
    await viaFetch.close();
  });

  it("getQueueMetadata and setQueueMetadata of a missing queue throw AzureMissingResourceHttpError QueueNotFound", async () => {
    for (const call of [() => qs.getQueueMetadata(uniqueQueueName("missing")), () => qs.setQueueMetadata(uniqueQueueName("missing"), { a: "b" })]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
      expect((error as AzureMissingResourceHttpError).errorCode).toBe("QueueNotFound");
    }
  });
});

describe("metadata is validated before any request", () => {
  const valid: Record<string, string>[] = [{ a: "" }, { _: "x" }, { a1_B2: "printable ~" }, { name: "x".repeat(1000) }];
  const invalid: [Record<string, string>, string][] = [
    [{ "1a": "x" }, "metadata-name"],
    [{ "a-b": "x" }, "metadata-name"],
    [{ "": "x" }, "metadata-name"],
    [{ "é": "x" }, "metadata-name"],
    [{ a: " x" }, "metadata-value"],
    [{ a: "x " }, "metadata-value"],
    [{ a: "tab\there" }, "metadata-value"],
    [{ a: "é" }, "metadata-value"],
    [{ Name: "a", NAME: "b" }, "metadata-name-duplicate"],
  ];

  it.each(valid)("%j is accepted by setQueueMetadata and createQueue", async (metadata) => {
    const queue = await newQueue(qs, "mv");
    await qs.setQueueMetadata(queue, metadata);
    expect(Object.values((await qs.getQueueMetadata(queue)).metadata)).toEqual(Object.values(metadata));
    expect(await qs.createQueue(uniqueQueueName("mv"), { metadata })).toBe(true);
  });

  it.each(invalid)("%j is a ValidationError (%s), nothing sent", async (metadata, rule) => {
    const { qs: logged, attempts } = loggedService();
    for (const call of [() => logged.setQueueMetadata("some-queue", metadata), () => logged.createQueue("some-queue", { metadata })]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe(rule);
    }
    expect(attempts).toEqual([]);
    await logged.close();
  });
});
