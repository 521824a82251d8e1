/**
 * Calls whose first attempt did the work but whose answer was lost: what the retry meets, and what the caller is
 * told. A put enqueues twice (documented); a delete is a success; an update fails with an error that says an
 * earlier attempt may have succeeded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureHttpError } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { faultWhen, isRequestFor, noFaults, type FaultKind } from "./fault-proxy.js";
import { startFaultRig, type FaultRig } from "./fault-service.js";

let rig: FaultRig;
beforeAll(async () => {
  rig = await startFaultRig();
});
afterAll(async () => {
  await rig?.close();
});

async function queueWith(...contents: string[]): Promise<string> {
  const queue = uniqueQueueName("lost");
  await rig.direct.createQueue(queue);
  for (const content of contents) await rig.direct.putMessage(queue, content);
  return queue;
}

// Both ways a response goes missing after the service did the work: the connection reset, or the answer held back
// past the per-try timeout.
const LOST: readonly Extract<FaultKind, "resetAfterForward" | "stall">[] = ["resetAfterForward", "stall"];

describe.each(LOST)("a response lost by %s", (kind) => {
  it("makes a retried putMessage enqueue twice, and the call succeed", async () => {
    const queue = await queueWith();
    rig.proxy.setSchedule(faultWhen(isRequestFor("Messages_Put"), { kind }, 1));
    const put = await rig.service().putMessage(queue, "once");
    rig.proxy.setSchedule(noFaults);
    expect(put.content).toBe("once");
    const stored = await rig.direct.peekMessages(queue, { numMessages: 32 });
    expect(stored.map((message) => message.content)).toEqual(["once", "once"]);
    expect(stored.map((message) => message.id)).toContain(put.id);
  });

  it("makes deleteMessage succeed although its retry answers 404 MessageNotFound", async () => {
    const queue = await queueWith("job");
    const qs = rig.service();
    const [message] = await qs.getMessages(queue);
    rig.proxy.setSchedule(faultWhen(isRequestFor("Message_Delete"), { kind }, 1));
    const before = rig.proxy.injected[kind];
    const info = await qs.deleteMessage(queue, message!.id, message!.popReceipt);
    rig.proxy.setSchedule(noFaults);
    expect(rig.proxy.injected[kind]).toBe(before + 1);
    expect(info.requestId).toEqual(expect.any(String));
    expect((await rig.direct.getQueueMetadata(queue)).approximateMessageCount).toBe(0);
  });

  it("makes updateMessage fail with an AzureHttpError saying the earlier attempt may have succeeded", async () => {
    const queue = await queueWith("draft");
    const qs = rig.service();
    const [message] = await qs.getMessages(queue);
    rig.proxy.setSchedule(faultWhen(isRequestFor("Message_Update"), { kind }, 1));
    const error = await qs.updateMessage(queue, message!.id, message!.popReceipt, 0, { content: "final" }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    rig.proxy.setSchedule(noFaults);
    expect(error).toBeInstanceOf(AzureHttpError);
    const httpError = error as AzureHttpError;
    expect(httpError.earlierAttemptMayHaveSucceeded).toBe(true);
    expect(httpError.errorCode).toBe("PopReceiptMismatch");
    expect(httpError.message).toMatch(/earlier attempt got no answer and may have succeeded/);
    // It did: the message carries the new content and is visible again (visibility timeout 0).
    const [updated] = await rig.direct.peekMessages(queue);
    expect(updated?.content).toBe("final");
  });
});

describe("errors that owe nothing to a lost response", () => {
  it("a delete with a stale pop receipt still fails, without the note", async () => {
    const queue = await queueWith("job");
    const qs = rig.service();
    const [first] = await qs.getMessages(queue, { visibilityTimeout: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await qs.getMessages(queue);
    const error = await qs.deleteMessage(queue, first!.id, first!.popReceipt).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AzureHttpError);
    expect((error as AzureHttpError).earlierAttemptMayHaveSucceeded).toBe(false);
    expect((error as AzureHttpError).message).not.toMatch(/earlier attempt/);
  });

  it("a delete of a message that is gone fails with 404 when no attempt was lost", async () => {
    const queue = await queueWith("job");
    const qs = rig.service();
    const [message] = await qs.getMessages(queue);
    await qs.deleteMessage(queue, message!.id, message!.popReceipt);
    const error = await qs.deleteMessage(queue, message!.id, message!.popReceipt).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ statusCode: 404, errorCode: "MessageNotFound", earlierAttemptMayHaveSucceeded: false });
  });
});
