import { describe, expect, it } from "vitest";
import { parseStorageError } from "../../src/xml/storage-error.js";

describe("parseStorageError", () => {
  it("reads the code and the first line of the message, as Azurite sends them", async () => {
    // Azurite's body for a stale pop receipt: indented, the request id and time appended to the message.
    const body =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Error>\n  <Code>PopReceiptMismatch</Code>\n' +
      "  <Message>The specified pop receipt did not match the pop receipt for a dequeued message.\n" +
      "RequestId:087df63b-883f-4879-b0b6-2af8870378aa\nTime:2026-11-22T11:25:20.603Z</Message>\n</Error>";
    expect(await parseStorageError(body)).toEqual({
      code: "PopReceiptMismatch",
      message: "The specified pop receipt did not match the pop receipt for a dequeued message.",
    });
  });

  it("handles CRLF line ends and extra detail elements", async () => {
    const body = "<Error><Code>OutOfRangeQueryParameterValue</Code><Message>One of the query parameters is out of range.\r\nRequestId:1</Message><QueryParameterName>numofmessages</QueryParameterName></Error>";
    expect(await parseStorageError(body)).toEqual({ code: "OutOfRangeQueryParameterValue", message: "One of the query parameters is out of range." });
  });

  it.each([
    ["", {}],
    ["   ", {}],
    ["<html><body>502 Bad Gateway</body></html>", {}],
    ["<!DOCTYPE html><html></html>", {}],
    ["<Error><Code>QueueNotFound</Code><Message>The specified", {}],
    ["<Error><Code>QueueNotFound</Code></Error>", { code: "QueueNotFound" }],
    ["<Error><Message>only a message</Message></Error>", { message: "only a message" }],
    ["<Error><Code></Code><Message/></Error>", {}],
    ["<Error><Code><Nested/></Code></Error>", {}],
    ['<Error lang="en"><Code a="1">X</Code></Error>', { code: "X" }],
    ['{"odata.error":{"code":"X"}}', {}],
    ["<Error/>", {}],
    ["Service Unavailable", {}],
    ["<Error><Code>X</Code></Error><Error><Code>Y</Code></Error>", {}],
  ])("never rejects: %j", async (body, expected) => {
    expect(await parseStorageError(body)).toEqual(expected);
  });
});
