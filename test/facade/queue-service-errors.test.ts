/**
 * The errors a newcomer meets first, as they read: a wrong key (Azurite's 403), service errors of several kinds, and
 * a local emulator that is not running (a refused loopback connection).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { AzureHttpError, NetworkError, QueueService, type QueueServiceOptions } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { closedPort } from "../transport/stub-server.js";
import { accountUrl, emulatorService, newQueue, rejectionOf } from "./queue-service-harness.js";

const FAST_RETRY = { maxTries: 2, retryDelay: 0.01, maxRetryDelay: 0.05 };

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

describe("a refused connection", () => {
  async function refusal(options: QueueServiceOptions): Promise<Error> {
    await using qs = new QueueService({ ...options, retry: FAST_RETRY });
    return await rejectionOf(qs.putMessage("jobs", "m"));
  }

  it("to the emulator's account on a loopback port says no emulator runs there and how to start one", async () => {
    const port = await closedPort();
    const error = await refusal({ endpoint: `http://127.0.0.1:${port}/${EMULATOR_ACCOUNT_NAME}`, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(
      `POST http://127.0.0.1:${port}/${EMULATOR_ACCOUNT_NAME}/jobs/messages failed: connect ECONNREFUSED 127.0.0.1:${port}; gave up after 2 attempts. ` +
        `No storage emulator is running at 127.0.0.1:${port}. Start one with \`npx --package=azurite azurite-queue --inMemoryPersistence --queuePort ${port}\`` +
        " (see https://learn.microsoft.com/azure/storage/common/storage-use-azurite).",
    );
  });

  it("through fetch too, where the refusal is the cause of a bare \"fetch failed\"", async () => {
    const port = await closedPort();
    const error = await refusal({
      endpoint: `http://127.0.0.1:${port}/${EMULATOR_ACCOUNT_NAME}`,
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      fetch: globalThis.fetch,
    });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`; gave up after 2 attempts. No storage emulator is running at 127.0.0.1:${port}. Start one with`);
  });

  it("to localhost names the address as given", async () => {
    const port = await closedPort();
    const error = await refusal({ endpoint: `http://localhost:${port}/${EMULATOR_ACCOUNT_NAME}`, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`; gave up after 2 attempts. No storage emulator is running at localhost:${port}. Start one with`);
  });

  it.for<[string, QueueServiceOptions]>([
    ["isEmulated: true", { isEmulated: true }],
    ["UseDevelopmentStorage=true", { connectionString: "UseDevelopmentStorage=true" }],
  ])("to the emulator's default address (%s) says how to start it there", async ([, options], context) => {
    // 10001 may be in use on this machine (an emulator may even be running): then there is no refusal to see.
    if (!(await portIsFree(10001))) context.skip();
    const error = await refusal(options);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^POST http:\/\/127\.0\.0\.1:10001\/devstoreaccount1\/jobs\/messages failed: .*ECONNREFUSED.*; gave up after 2 attempts\. /);
    expect(error.message).toContain(
      "No storage emulator is running at 127.0.0.1:10001. Start one with `npx --package=azurite azurite-queue --inMemoryPersistence` (see ",
    );
  });

  it("to another account states the attempts, without an emulator hint", async () => {
    const port = await closedPort();
    const error = await refusal({ endpoint: `http://127.0.0.1:${port}/acct`, accountName: "acct", accountKey: EMULATOR_ACCOUNT_KEY });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(`POST http://127.0.0.1:${port}/acct/jobs/messages failed: connect ECONNREFUSED 127.0.0.1:${port}; gave up after 2 attempts.`);
  });
});

/** Whether 127.0.0.1:port can be bound now (and is released again at once). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
