/** The errors a newcomer meets first, as they read: service errors of several kinds, and a wrong key (Azurite's 403). */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { AzureHttpError, QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { accountUrl, emulatorService, newQueue, rejectionOf } from "./queue-service-harness.js";

/** A sentence-shaped AzureHttpError message: no ".:" joins, no doubled punctuation, one final full stop. */
function expectCleanMessage(error: unknown): void {
  expect(error).toBeInstanceOf(AzureHttpError);
  const { message } = error as AzureHttpError;
  expect(message).not.toContain(".:");
  expect(message).not.toMatch(/[.:;,!?]\s*[.:;,]/);
  expect(message).toMatch(/^\w+ failed with status \d{3} \(\w+\): \S.*\. Request id [\w-]+\.$/);
}

describe("service errors read as sentences", () => {
  const qs = emulatorService();
  let queue: string;
  beforeAll(async () => {
    queue = await newQueue(qs, "err");
  });
  afterAll(async () => {
    await qs.deleteQueue(queue);
    await qs.close();
  });

  it("putMessage to a missing queue: the service's sentence, then the request id", async () => {
    const error = await rejectionOf(qs.putMessage(uniqueQueueName("missing"), "m"));
    expect(error.message).toMatch(/^Messages_Put failed with status 404 \(QueueNotFound\): The specified queue does not exist\. Request id [\w-]+\.$/);
    expectCleanMessage(error);
  });

  it("no message has \".:\", whatever the error", async () => {
    const sent = await qs.putMessage(queue, "m");
    const [received] = await qs.getMessages(queue, { visibilityTimeout: 30 });
    const errors = [
      await rejectionOf(qs.deleteQueue(uniqueQueueName("missing"), { failNotExist: true })),
      await rejectionOf(qs.getQueueMetadata(uniqueQueueName("missing"))),
      await rejectionOf(qs.createQueue(queue, { failOnExist: true })),
      await rejectionOf(qs.createQueue(queue, { metadata: { other: "1" }, failOnExist: true })),
      await rejectionOf(qs.deleteMessage(queue, sent.id, `${received!.popReceipt}x`)),
      await rejectionOf(qs.updateMessage(queue, "00000000-0000-0000-0000-000000000000", received!.popReceipt, 0)),
    ];
    expect(errors.map((error) => (error as AzureHttpError).statusCode)).toEqual([404, 404, 409, 409, 400, 404]);
    for (const error of errors) expectCleanMessage(error);
  });
});

describe("a wrong account key", () => {
  const wrongKey = randomBytes(64).toString("base64");

  it("fails with 403 AuthenticationFailed, hinting at the key and the clock and quoting neither key nor signature", async () => {
    await using qs = new QueueService({ endpoint: accountUrl(), accountName: EMULATOR_ACCOUNT_NAME, accountKey: wrongKey });
    const error = await rejectionOf(qs.createQueue(uniqueQueueName("wrongkey")));
    expect(error).toBeInstanceOf(AzureHttpError);
    expect(error).toMatchObject({ statusCode: 403, errorCode: "AuthenticationFailed" });
    expect(error.message).toMatch(/^Queue_Create failed with status 403 \(AuthenticationFailed\): /);
    expect(error.message).toContain(
      "The account key or SAS may be wrong or expired, or this machine's clock may be off: " +
        "the service refuses requests whose x-ms-date is more than 15 minutes away from its own.",
    );
    expectCleanMessage(error);
    const shown = [error.message, String(error), error.stack ?? "", inspect(error, { depth: Infinity, showHidden: true })].join("\n");
    expect(shown).not.toContain(wrongKey);
    expect(shown).not.toMatch(/SharedKey \w+:/);
  });
});
