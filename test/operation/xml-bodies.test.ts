/**
 * The operation layer's XML bodies against Azurite: messages and message lists are written and read without waiting
 * on a promise (the hand-written writer and scanner), every other document once the XML library is loaded, and an
 * error's body still yields its code and message, through invokeOperation and through the typed client alike.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { createQueueClient } from "../../src/client.js";
import { connect } from "../../src/connect.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { AzureHttpError, ResponseParseError } from "../../src/errors.js";
import { buildOperationRequest } from "../../src/operation/build-request.js";
import { invokeOperation } from "../../src/operation/invoke.js";
import { readOperationResponse } from "../../src/operation/read-response.js";
import type { WireResponse } from "../../src/transport/types.js";
import { uniqueQueueName } from "../harness/names.js";

const options = { endpoint: inject("azurite").accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY };
const connection = connect(options);
const client = createQueueClient(options);
afterAll(async () => {
  await connection.close();
  await client.close();
});

const MISSING_MESSAGE = "00000000-0000-0000-0000-000000000000";

function response(status: number, body: string, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { "x-ms-request-id": "r-1", ...headers }, rawHeaderNames: [], body: new TextEncoder().encode(body) };
}

describe("request bodies", () => {
  it("a message is built without a promise; an access policy once the builder is loaded", async () => {
    const put = buildOperationRequest(connection.primary, operations.Messages_Put, { path: { queue: "q" }, body: { MessageText: "a<b" } });
    expect(put).not.toBeInstanceOf(Promise);
    expect(new TextDecoder().decode((put as { body: Uint8Array }).body)).toBe(
      '<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>a&lt;b</MessageText></QueueMessage>',
    );
    const acl = buildOperationRequest(connection.primary, operations.Queue_SetAccessPolicy, { path: { queue: "q" }, body: [{ Id: "p", AccessPolicy: { Permission: "r" } }] });
    expect(acl).toBeInstanceOf(Promise);
    const built = await acl;
    expect(built.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(new TextDecoder().decode(built.body)).toBe(
      '<?xml version="1.0" encoding="utf-8"?><SignedIdentifiers><SignedIdentifier><Id>p</Id><AccessPolicy><Permission>r</Permission></AccessPolicy></SignedIdentifier></SignedIdentifiers>',
    );
  });

  it("a value that is no message is refused before any request, writer or builder", async () => {
    await expect(invokeOperation(connection, operations.Messages_Put, { path: { queue: "q" }, body: { MessageText: 5 } })).rejects.toMatchObject({
      name: "ValidationError",
      rule: "xml-value",
    });
    await expect(invokeOperation(connection, operations.Messages_Put, { path: { queue: "q" }, body: { MessageText: "\u0000" } })).rejects.toMatchObject({
      name: "ValidationError",
      rule: "xml-chars",
    });
    await expect(invokeOperation(connection, operations.Queue_SetAccessPolicy, { path: { queue: "q" }, body: [{}] })).rejects.toMatchObject({
      name: "ValidationError",
      rule: "xml-value",
    });
  });
});

describe("response bodies", () => {
  it("a message list is read without a promise; other documents once the parser is loaded", async () => {
    const list = "<QueueMessagesList></QueueMessagesList>";
    const peeked = readOperationResponse(operations.Messages_Peek, response(200, list));
    expect(peeked).not.toBeInstanceOf(Promise);
    expect(peeked).toMatchObject({ status: 200, body: [], requestId: "r-1" });
    const noBody = readOperationResponse(operations.Message_Delete, response(204, ""));
    expect(noBody).not.toBeInstanceOf(Promise);
    const policy = "<SignedIdentifiers><SignedIdentifier><Id>p</Id><AccessPolicy><Permission>r</Permission></AccessPolicy></SignedIdentifier></SignedIdentifiers>";
    const acl = readOperationResponse(operations.Queue_GetAccessPolicy, response(200, policy));
    expect(acl).toBeInstanceOf(Promise);
    expect(await acl).toMatchObject({ status: 200, body: [{ Id: "p", AccessPolicy: { Permission: "r" } }] });
  });

  it("a success body that does not fit is a ResponseParseError naming the operation, status and request id", async () => {
    const error = await Promise.resolve(readOperationResponse(operations.Messages_Get, response(200, "<QueueMessagesList><QueueMessage>"))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ statusCode: 200, requestId: "r-1" });
    expect((error as Error).message).toBe("Messages_Get: expected a <QueueMessagesList> document, but the body ends before </QueueMessagesList> (truncated?)");
  });

  it("an error body is read leniently: an HTML page gives no detail, never a parse error", async () => {
    const error = await Promise.resolve(readOperationResponse(operations.Messages_Get, response(502, "<html><body>Bad Gateway"))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AzureHttpError);
    expect(error).toMatchObject({ statusCode: 502, errorCode: undefined });
    expect((error as Error).message).toBe("Messages_Get failed with status 502. Request id r-1.");
  });
});

describe("error bodies from Azurite", () => {
  it("invokeOperation's AzureHttpError carries the service's code and message", async () => {
    const queue = uniqueQueueName("opxml");
    await invokeOperation(connection, operations.Queue_Create, { path: { queue } });
    const error = await invokeOperation(connection, operations.Message_Delete, {
      path: { queue, messageid: MISSING_MESSAGE },
      query: { popreceipt: "AAAA" },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AzureHttpError);
    expect(error).toMatchObject({ statusCode: 404, errorCode: "MessageNotFound" });
    expect((error as Error).message).toMatch(/^Message_Delete failed with status 404 \(MessageNotFound\): The specified message does not exist\. Request id [\w-]+\.$/);
    await invokeOperation(connection, operations.Queue_Delete, { path: { queue } });
  });

  it("the typed client's error is the StorageError document", async () => {
    const queue = uniqueQueueName("opxml");
    await client.PUT("/{queue}", { params: { path: { queue } } });
    const { error, response: answer } = await client.DELETE("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: MISSING_MESSAGE }, query: { popreceipt: "AAAA" } },
    });
    expect(answer.status).toBe(404);
    expect(error).toMatchObject({ Code: "MessageNotFound", Message: expect.stringMatching(/^The specified message does not exist\.\nRequestId:/) });
    await client.DELETE("/{queue}", { params: { path: { queue } } });
  });
});
