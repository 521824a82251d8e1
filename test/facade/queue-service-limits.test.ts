/**
 * Each message limit at its boundary, on both sides, through the facade: the last valid value reaches Azurite and
 * succeeds; the first invalid one is a ValidationError naming its rule, and nothing is sent (the logger records
 * every attempt the service makes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueMessageFormat, QueueService, ValidationError, type LogEvent } from "../../src/index.js";
import { accountUrl, loggedService, newQueue, rejectionOf } from "./queue-service-harness.js";

const SEVEN_DAYS = 7 * 24 * 3600;

let qs: QueueService;
let attempts: LogEvent[];
let queue: string;

beforeAll(async () => {
  ({ qs, attempts } = loggedService());
  queue = await newQueue(qs, "lim");
});
afterAll(() => qs.close());

/** Runs `call`, expecting a ValidationError with `rule` and no attempt sent. */
async function expectRefused(call: () => Promise<unknown>, rule: string, service: { attempts: LogEvent[] } = { attempts }): Promise<void> {
  const before = service.attempts.length;
  const error = await rejectionOf(call());
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).rule).toBe(rule);
  expect(service.attempts.length).toBe(before);
}

/** A received message of the queue, to update. */
async function receivedMessage(timeToLive?: number): Promise<{ id: string; popReceipt: string }> {
  await qs.putMessage(queue, "m", timeToLive === undefined ? {} : { timeToLive });
  const [message] = await qs.getMessages(queue, { visibilityTimeout: 1 });
  return message!;
}

describe("message size: 64 KiB of UTF-8 after encodeFunction", () => {
  function rawService(encode: (content: string) => string = QueueMessageFormat.noEncode) {
    const log: LogEvent[] = [];
    const service = new QueueService({
      endpoint: accountUrl(),
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      encodeFunction: encode,
      decodeFunction: QueueMessageFormat.noDecode,
      logger: (event) => log.push(event),
    });
    return { service, attempts: log };
  }

  it("65536 ASCII bytes are put; 65537 are refused", async () => {
    const { service, attempts: log } = rawService();
    const put = await service.putMessage(queue, "a".repeat(65536));
    expect(put.content).toHaveLength(65536);
    await expectRefused(() => service.putMessage(queue, "a".repeat(65537)), "message-size", { attempts: log });
    await service.close();
  });

  it("counts UTF-8 bytes, not characters: 100 two-byte characters and 65336 ASCII are put; one more byte is refused", async () => {
    // Multi-byte characters first: Azurite 3.35 decodes each TCP chunk of a body on its own, so a character split
    // across chunks turns into two U+FFFD (and can push the text over its limit). The body's start is never split.
    const { service, attempts: log } = rawService();
    const put = await service.putMessage(queue, "é".repeat(100) + "a".repeat(65336));
    expect(put.content).toHaveLength(65436);
    await expectRefused(() => service.putMessage(queue, "é".repeat(100) + "a".repeat(65337)), "message-size", { attempts: log });
    await service.close();
  });

  it("counts the encoded text: XML escaping grows '&' to 5 bytes", async () => {
    await qs.putMessage(queue, "&".repeat(13107) + "a");
    await expectRefused(() => qs.putMessage(queue, "&".repeat(13107) + "ab"), "message-size");
  });

  it("counts the encoded text: base64 of 49152 bytes is put; of 49153 refused", async () => {
    const log: LogEvent[] = [];
    const binary = new QueueService({
      endpoint: accountUrl(),
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      encodeFunction: QueueMessageFormat.binaryBase64Encode,
      decodeFunction: QueueMessageFormat.binaryBase64Decode,
      logger: (event) => log.push(event),
    });
    await binary.putMessage(queue, new Uint8Array(49152));
    await expectRefused(() => binary.putMessage(queue, new Uint8Array(49153)), "message-size", { attempts: log });
    await binary.close();
  });

  it("applies to updateMessage's content too", async () => {
    const message = await receivedMessage();
    await expectRefused(() => qs.updateMessage(queue, message.id, message.popReceipt, 0, { content: "a".repeat(65537) }), "message-size");
  });
});

describe("visibilityTimeout", () => {
  it("putMessage: 0 and 7 days are accepted; -1 and 7 days + 1 s refused", async () => {
    await qs.putMessage(queue, "v", { visibilityTimeout: 0 });
    await qs.putMessage(queue, "v", { visibilityTimeout: SEVEN_DAYS, timeToLive: -1 });
    await expectRefused(() => qs.putMessage(queue, "v", { visibilityTimeout: -1 }), "whole-seconds");
    await expectRefused(() => qs.putMessage(queue, "v", { visibilityTimeout: SEVEN_DAYS + 1, timeToLive: -1 }), "visibility-timeout");
  });

  it("putMessage: must be less than timeToLive (9 < 10 accepted, 10 refused)", async () => {
    await qs.putMessage(queue, "v", { visibilityTimeout: 9, timeToLive: 10 });
    await expectRefused(() => qs.putMessage(queue, "v", { visibilityTimeout: 10, timeToLive: 10 }), "visibility-within-ttl");
  });

  it("getMessages: 1 s and 7 days are accepted; 0 and 7 days + 1 s refused", async () => {
    await qs.getMessages(queue, { visibilityTimeout: 1 });
    await qs.getMessages(queue, { visibilityTimeout: SEVEN_DAYS });
    await expectRefused(() => qs.getMessages(queue, { visibilityTimeout: 0 }), "visibility-timeout");
    await expectRefused(() => qs.getMessages(queue, { visibilityTimeout: SEVEN_DAYS + 1 }), "visibility-timeout");
  });

  it("updateMessage: 0 and 7 days are accepted; -1 and 7 days + 1 s refused", async () => {
    const message = await receivedMessage(-1);
    const first = await qs.updateMessage(queue, message.id, message.popReceipt, 0);
    const second = await qs.updateMessage(queue, message.id, first.popReceipt, SEVEN_DAYS);
    await expectRefused(() => qs.updateMessage(queue, message.id, second.popReceipt, -1), "whole-seconds");
    await expectRefused(() => qs.updateMessage(queue, message.id, second.popReceipt, SEVEN_DAYS + 1), "visibility-timeout");
  });

  it("a fraction of a second is refused everywhere (whole-seconds)", async () => {
    const message = await receivedMessage();
    await expectRefused(() => qs.putMessage(queue, "v", { visibilityTimeout: 0.5 }), "whole-seconds");
    await expectRefused(() => qs.getMessages(queue, { visibilityTimeout: 1.5 }), "whole-seconds");
    await expectRefused(() => qs.updateMessage(queue, message.id, message.popReceipt, 2.5), "whole-seconds");
  });
});

describe("timeToLive", () => {
  it("-1 and 1 are accepted; 0, -2 and 1.5 refused", async () => {
    await qs.putMessage(queue, "t", { timeToLive: -1 });
    await qs.putMessage(queue, "t", { timeToLive: 1 });
    await expectRefused(() => qs.putMessage(queue, "t", { timeToLive: 0 }), "time-to-live");
    await expectRefused(() => qs.putMessage(queue, "t", { timeToLive: -2 }), "time-to-live");
    await expectRefused(() => qs.putMessage(queue, "t", { timeToLive: 1.5 }), "whole-seconds");
  });
});

describe("numMessages", () => {
  it("1 and 32 are accepted by getMessages and peekMessages; 0, 33 and 1.5 refused", async () => {
    await qs.peekMessages(queue, { numMessages: 1 });
    await qs.peekMessages(queue, { numMessages: 32 });
    await qs.getMessages(queue, { numMessages: 1, visibilityTimeout: 1 });
    await qs.getMessages(queue, { numMessages: 32, visibilityTimeout: 1 });
    for (const numMessages of [0, 33, 1.5]) {
      await expectRefused(() => qs.peekMessages(queue, { numMessages }), "num-messages");
      await expectRefused(() => qs.getMessages(queue, { numMessages }), "num-messages");
    }
  });
});

describe("message id and pop receipt", () => {
  it("must be non-empty strings for updateMessage and deleteMessage", async () => {
    await expectRefused(() => qs.updateMessage(queue, "", "receipt", 0), "message-id");
    await expectRefused(() => qs.updateMessage(queue, "id", "", 0), "pop-receipt");
    await expectRefused(() => qs.deleteMessage(queue, "", "receipt"), "message-id");
    await expectRefused(() => qs.deleteMessage(queue, "id", ""), "pop-receipt");
  });
});
