/**
 * The scanner reads what a real server writes: Azurite's answers to put, peek and get (a full page of 32, and an
 * empty queue) are read by the scanner itself, not handed to the parser, and give what the parser alone gives.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { operations } from "../../generated/operations.js";
import type { OperationSpec } from "../../src/operation/operation-spec.js";
import { connect } from "../../src/connect.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { buildOperationRequest, type OperationInput } from "../../src/operation/build-request.js";
import { scanMessageList } from "../../src/xml/message-list-scanner.js";
import { parseWithFastXmlParser } from "../../src/xml/xml-library.js";
import { uniqueQueueName } from "../harness/names.js";

const connection = connect({ endpoint: inject("azurite").accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
afterAll(() => connection.close());

const utf8 = new TextDecoder();

// Text Azurite escapes in every way it does: CR as a reference, markup, a reference look-alike, quotes, non-ASCII.
const TRICKY_TEXT = "  00123\r\nline two\r&amp; <tag attr=\"v\" b='w'> ]]> true\t😀 é 中文  ";

/** Sends one operation and returns its body as the scanner sees it, after checking the status. */
async function bodyOf(op: OperationSpec, input: OperationInput): Promise<string> {
  const response = await connection.send(await buildOperationRequest(connection.primary, op, input));
  expect(response.status, `${op.operationId} status`).toBe(op.successStatuses[0]);
  return utf8.decode(response.body);
}

/** The scanner's reading of `text`, which must exist and equal the parser's. */
function scanned(text: string, op: OperationSpec): Record<string, unknown>[] {
  const doc = op.responseBody!;
  const value = scanMessageList(text, doc);
  expect(value, `${op.operationId}: the scanner read the body`).toBeDefined();
  expect(value).toStrictEqual(parseWithFastXmlParser(text, doc));
  return value!;
}

describe("message-list scanner against Azurite", () => {
  it("reads Azurite's put, peek and get answers, full pages and empty ones", async () => {
    const queue = uniqueQueueName("scan");
    await bodyOf(operations.Queue_Create, { path: { queue } });

    const empty = await bodyOf(operations.Messages_Get, { path: { queue }, query: { numofmessages: 32 } });
    expect(scanned(empty, operations.Messages_Get)).toEqual([]);
    expect(scanned(await bodyOf(operations.Messages_Peek, { path: { queue } }), operations.Messages_Peek)).toEqual([]);

    const texts = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? `${TRICKY_TEXT}${i}` : `m${i}`));
    const ids: unknown[] = [];
    for (const text of texts) {
      const put = await bodyOf(operations.Messages_Put, { path: { queue }, body: { MessageText: text } });
      const [enqueued] = scanned(put, operations.Messages_Put);
      expect(Object.keys(enqueued!).sort()).toEqual(["ExpirationTime", "InsertionTime", "MessageId", "PopReceipt", "TimeNextVisible"]);
      ids.push(enqueued!.MessageId);
    }

    const peeked = scanned(await bodyOf(operations.Messages_Peek, { path: { queue }, query: { numofmessages: 32 } }), operations.Messages_Peek);
    expect(peeked.map((message) => message.MessageText)).toEqual(texts);
    expect(peeked.map((message) => message.DequeueCount)).toEqual(texts.map(() => 0));

    const received = scanned(await bodyOf(operations.Messages_Get, { path: { queue }, query: { numofmessages: 32 } }), operations.Messages_Get);
    expect(received.map((message) => message.MessageId)).toEqual(ids);
    expect(received.map((message) => message.MessageText)).toEqual(texts);
    expect(received.every((message) => message.DequeueCount === 1 && typeof message.PopReceipt === "string")).toBe(true);

    await bodyOf(operations.Queue_Delete, { path: { queue } });
  });
});
