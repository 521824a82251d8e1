import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import {
  AzureConflictHttpError,
  AzureMissingResourceHttpError,
  QueueService,
  ValidationError,
} from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { accountUrl, emulatorService, loggedService, newQueue, rejectionOf } from "./queue-service-harness.js";

let qs: QueueService;

beforeAll(() => {
  qs = emulatorService();
});
afterAll(() => qs.close());

describe("QueueService.createQueue", () => {
  it("returns true when it creates the queue", async () => {
    const queue = uniqueQueueName("cq");
    expect(await qs.createQueue(queue)).toBe(true);
    expect(await qs.exists(queue)).toBe(true);
  });

  it("returns false for an existing queue, with the same metadata (204) and with other metadata (409)", async () => {
    const queue = uniqueQueueName("cq");
    const statuses: number[] = [];
    const onResponse = ({ status }: { status: number }) => statuses.push(status);
    expect(await qs.createQueue(queue, { metadata: { color: "red" }, onResponse })).toBe(true);
    expect(await qs.createQueue(queue, { metadata: { color: "red" }, onResponse })).toBe(false);
    expect(await qs.createQueue(queue, { metadata: { color: "blue" }, onResponse })).toBe(false);
    expect(statuses).toEqual([201, 204, 409]);
  });

  it("with failOnExist throws AzureConflictHttpError 409 QueueAlreadyExists when the service answered 204, keeping its request id", async () => {
    const queue = await newQueue(qs, "cq");
    const seen: { status: number; requestId: string | undefined }[] = [];
    const error = await rejectionOf(qs.createQueue(queue, { failOnExist: true, onResponse: ({ status, requestId }) => seen.push({ status, requestId }) }));
    expect(error).toBeInstanceOf(AzureConflictHttpError);
    const conflict = error as AzureConflictHttpError;
    expect(conflict.statusCode).toBe(409);
    expect(conflict.errorCode).toBe("QueueAlreadyExists");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.status).toBe(204);
    expect(conflict.requestId).toMatch(/\S/);
    expect(conflict.requestId).toBe(seen[0]!.requestId);
  });

  it("with failOnExist throws AzureConflictHttpError 409 QueueAlreadyExists when the service answered 409, keeping its request id", async () => {
    const queue = uniqueQueueName("cq");
    await qs.createQueue(queue, { metadata: { color: "red" } });
    const seen: (string | undefined)[] = [];
    const error = await rejectionOf(
      qs.createQueue(queue, { metadata: { color: "blue" }, failOnExist: true, onResponse: ({ requestId }) => seen.push(requestId) }),
    );
    expect(error).toBeInstanceOf(AzureConflictHttpError);
    expect((error as AzureConflictHttpError).statusCode).toBe(409);
    expect((error as AzureConflictHttpError).errorCode).toBe("QueueAlreadyExists");
    expect((error as AzureConflictHttpError).requestId).toBe(seen[0]);
    expect(seen[0]).toMatch(/\S/);
  });

  it("with failOnExist returns true for a new queue", async () => {
    expect(await qs.createQueue(uniqueQueueName("cq"), { failOnExist: true })).toBe(true);
  });
});

describe("QueueService.deleteQueue", () => {
  it("returns true when it deletes the queue, which then no longer exists", async () => {
    const queue = await newQueue(qs, "dq");
    expect(await qs.deleteQueue(queue)).toBe(true);
    expect(await qs.exists(queue)).toBe(false);
  });

  it("returns false for a missing queue", async () => {
    expect(await qs.deleteQueue(uniqueQueueName("missing"))).toBe(false);
  });

  it("with failNotExist throws AzureMissingResourceHttpError 404 QueueNotFound for a missing queue", async () => {
    const error = await rejectionOf(qs.deleteQueue(uniqueQueueName("missing"), { failNotExist: true }));
    expect(error).toBeInstanceOf(AzureMissingResourceHttpError);
    expect((error as AzureMissingResourceHttpError).statusCode).toBe(404);
    expect((error as AzureMissingResourceHttpError).errorCode).toBe("QueueNotFound");
    expect((error as AzureMissingResourceHttpError).requestId).toMatch(/\S/);
  });

  it("with failNotExist returns true for an existing queue", async () => {
    expect(await qs.deleteQueue(await newQueue(qs, "dq"), { failNotExist: true })).toBe(true);
  });
});

describe("QueueService.exists", () => {
  it("is true for an existing queue and false for a missing one", async () => {
    expect(await qs.exists(await newQueue(qs, "ex"))).toBe(true);
    expect(await qs.exists(uniqueQueueName("missing"))).toBe(false);
  });

  it("propagates errors other than QueueNotFound", async () => {
    const wrongKey = emulatorService({ accountKey: Buffer.from("not the key").toString("base64") });
    const error = await rejectionOf(wrongKey.exists(uniqueQueueName("ex")));
    expect(error).toMatchObject({ statusCode: 403 });
    await wrongKey.close();
  });
});

describe("queue names are validated before any request", () => {
  const valid = ["abc", "a".repeat(63), "a-b-c", "0ab", "ab9"];
  const invalid = ["ab", "a".repeat(64), "Abc", "a_b", "-ab", "ab-", "a--b", "", "ab c"];

  it.each(valid)("%j is accepted", async (name) => {
    const { qs: logged, attempts } = loggedService();
    expect(await logged.createQueue(name)).toBeTypeOf("boolean");
    expect(attempts).toHaveLength(1);
    await logged.deleteQueue(name);
    await logged.close();
  });

  it.each(invalid)("%j is a ValidationError (queue-name) for every method, nothing sent", async (name) => {
    const { qs: logged, attempts } = loggedService();
    const calls = [
      () => logged.createQueue(name),
      () => logged.deleteQueue(name),
      () => logged.exists(name),
      () => logged.getQueueMetadata(name),
      () => logged.setQueueMetadata(name, {}),
      () => logged.getQueueAcl(name),
      () => logged.setQueueAcl(name, {}),
      () => logged.putMessage(name, "x"),
      () => logged.getMessages(name),
      () => logged.peekMessages(name),
      () => logged.updateMessage(name, "id", "receipt", 0),
      () => logged.deleteMessage(name, "id", "receipt"),
      () => logged.clearMessages(name),
    ];
    for (const call of calls) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe("queue-name");
    }
    expect(() => logged.generateQueueSharedAccessSignature(name, { permission: "r", expiry: new Date(Date.now() + 60_000) })).toThrow(
      ValidationError,
    );
    expect(attempts).toEqual([]);
    await logged.close();
  });
});

describe("QueueService construction", () => {
  it("fromConnectionString reaches the account the string names", async () => {
    const connectionString =
      `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${accountUrl()};`;
    const fromString = QueueService.fromConnectionString(connectionString);
    const queue = uniqueQueueName("cs");
    expect(await fromString.createQueue(queue)).toBe(true);
    expect(await qs.exists(queue)).toBe(true);
    await fromString.close();
  });

  it("refuses malformed options with a ValidationError at construction", () => {
    expect(() => QueueService.fromConnectionString("AccountName=x")).toThrow(ValidationError);
    expect(() => new QueueService({ endpoint: "not a url" })).toThrow(ValidationError);
    expect(() => new QueueService({})).toThrow(ValidationError);
    expect(() => new QueueService({ accountName: "acct", accountKey: "not base64!" })).toThrow(ValidationError);
    expect(() => new QueueService({ isEmulated: true, socketTimeout: -1 })).toThrow(ValidationError);
    const notAFunction = { isEmulated: true, encodeFunction: "textXmlEncode" } as unknown as ConstructorParameters<typeof QueueService>[0];
    expect(() => new QueueService(notAFunction)).toThrow(ValidationError);
  });
});
