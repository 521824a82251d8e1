import { describe, expect, it } from "vitest";
import { createHttpSender } from "#platform/http";
import { operations } from "../../generated/operations.js";
import { operationRequest } from "../../src/operation/build-request.js";
import { createTransport, type TransportOptions } from "../../src/transport/pipeline.js";
import { secondaryUrlFor } from "../../src/transport/secondary-reads.js";
import { NetworkError } from "../../src/errors.js";
import type { Send, WireRequest } from "../../src/transport/types.js";
import { closedPort, reply, useCleanups, type StubHandler } from "./stub-server.js";

const { defer, stub } = useCleanups();

const FAST = { retryDelay: 0.01, maxRetryDelay: 1, random: () => 0.5 };

function transport(primary: string, secondary: string | undefined, options: Partial<TransportOptions> = {}): Send {
  const created = createTransport({
    sender: createHttpSender(),
    authorizer: (request) => request,
    retry: FAST,
    endpoints: { primary, secondary },
    ...options,
  });
  defer(() => created.close());
  return created.send;
}

const statusEach = (statuses: readonly number[]): StubHandler => (_request, response, index) =>
  reply(response, statuses[Math.min(index, statuses.length - 1)]!, ["x-ms-request-id", `rid-${index}`]);

/** A request as the operation runtime makes it, `readOnly` stamped from the spec. */
function operationCall(operationId: string, url: string): WireRequest {
  return operationRequest(operations[operationId as keyof typeof operations], url, {}, undefined, undefined);
}

function peek(base: string): WireRequest {
  return operationCall("Messages_Peek", `${base}/q/messages?peekonly=true`);
}

describe("reads from the secondary endpoint", () => {
  it("retries a read-only operation on the secondary and returns its success", async () => {
    const primary = await stub(statusEach([503]));
    const secondary = await stub(statusEach([200]));
    const response = await transport(`${primary.origin}/acct`, `${secondary.origin}/acct-secondary`)(peek(`${primary.origin}/acct`));
    expect(response.status).toBe(200);
    expect(primary.requests).toHaveLength(1);
    expect(secondary.requests.map((request) => request.url)).toEqual(["/acct-secondary/q/messages?peekonly=true"]);
  });

  it("alternates secondary and primary while both fail, the primary having the last word", async () => {
    const primary = await stub(statusEach([503]));
    const secondary = await stub(statusEach([500]));
    const send = transport(`${primary.origin}/acct`, `${secondary.origin}/acct-secondary`, { retry: { ...FAST, maxTries: 4 } });
    const response = await send(peek(`${primary.origin}/acct`));
    expect(response.status).toBe(503);
    expect(response.headers["x-ms-request-id"]).toBe("rid-1");
    expect(primary.requests).toHaveLength(2);
    expect(secondary.requests).toHaveLength(2);
  });

  it("never sends Messages_Get, which dequeues, to the secondary", async () => {
    const primary = await stub(statusEach([503, 503, 200]));
    const secondary = await stub(statusEach([200]));
    const send = transport(`${primary.origin}/acct`, `${secondary.origin}/acct-secondary`);
    const response = await send(operationCall("Messages_Get", `${primary.origin}/acct/q/messages`));
    expect(response.status).toBe(200);
    expect(primary.requests).toHaveLength(3);
    expect(secondary.requests).toHaveLength(0);
  });

  it("takes a 404 from the secondary as lag: the primary is asked again and the secondary no more", async () => {
    const primary = await stub(statusEach([503, 503, 200]));
    const secondary = await stub(statusEach([404]));
    const send = transport(`${primary.origin}/acct`, `${secondary.origin}/acct-secondary`, { retry: { ...FAST, maxTries: 4 } });
    const response = await send(operationCall("Queue_GetMetadata", `${primary.origin}/acct/q?comp=metadata`));
    expect(response.status).toBe(200);
    expect(primary.requests).toHaveLength(3);
    expect(secondary.requests).toHaveLength(1);
  });

  it("answers with the primary's last outcome, not the secondary's 404, when tries run out", async () => {
    const primary = await stub(statusEach([503]));
    const secondary = await stub(statusEach([404]));
    const send = transport(`${primary.origin}/acct`, `${secondary.origin}/acct-secondary`, { retry: { ...FAST, maxTries: 2 } });
    const response = await send(peek(`${primary.origin}/acct`));
    expect(response.status).toBe(503);
    expect(secondary.requests).toHaveLength(1);
  });

  it("throws the primary's network error when the secondary's 404 is the last answer", async () => {
    const closed = await closedPort();
    const secondary = await stub(statusEach([404]));
    const base = `http://127.0.0.1:${closed}/acct`;
    const send = transport(base, `${secondary.origin}/acct-secondary`, { retry: { ...FAST, maxTries: 2 } });
    await expect(send(peek(base))).rejects.toBeInstanceOf(NetworkError);
    expect(secondary.requests).toHaveLength(1);
  });

  it("gives up on a secondary it cannot reach and keeps retrying the primary", async () => {
    const primary = await stub(statusEach([503, 503, 200]));
    const closed = await closedPort();
    const send = transport(`${primary.origin}/acct`, `http://127.0.0.1:${closed}/acct-secondary`, { retry: { ...FAST, maxTries: 4 } });
    const response = await send(peek(`${primary.origin}/acct`));
    expect(response.status).toBe(200);
    expect(primary.requests).toHaveLength(3);
  });

  it("stays on the primary without a secondary, or with retries off", async () => {
    const primary = await stub(statusEach([503, 200]));
    const secondary = await stub(statusEach([200]));
    expect((await transport(`${primary.origin}/acct`, undefined)(peek(`${primary.origin}/acct`))).status).toBe(200);
    const failing = await stub(statusEach([503]));
    const once = transport(`${failing.origin}/acct`, `${secondary.origin}/acct-secondary`, { retry: { maxTries: 1 } });
    expect((await once(peek(`${failing.origin}/acct`))).status).toBe(503);
    expect(secondary.requests).toHaveLength(0);
  });
});

describe("secondaryUrlFor", () => {
  const endpoints = { primary: "http://127.0.0.1:10001/devstoreaccount1", secondary: "http://127.0.0.1:10001/devstoreaccount1-secondary" };
  const request = (operationId: string | undefined, url: string): WireRequest =>
    operationId === undefined ? { method: "GET", url, headers: {} } : operationCall(operationId, url);

  it.each(["Messages_Peek", "Queue_GetMetadata", "Queue_GetAccessPolicy", "Service_ListQueues", "Service_GetProperties"])(
    "moves %s to the secondary",
    (operationId) => {
      expect(secondaryUrlFor(request(operationId, `${endpoints.primary}/q?comp=x`), endpoints)).toBe(`${endpoints.secondary}/q?comp=x`);
      expect(secondaryUrlFor(request(operationId, `${endpoints.primary}?comp=list`), endpoints)).toBe(`${endpoints.secondary}?comp=list`);
    },
  );

  it.each(["Messages_Get", "Messages_Put", "Message_Delete", "Message_Update", "Queue_Create", "Service_GetStatistics", undefined])(
    "leaves %s where it is",
    (operationId) => {
      expect(secondaryUrlFor(request(operationId, `${endpoints.primary}/q/messages`), endpoints)).toBeUndefined();
    },
  );

  it("does not take a path-style secondary URL for one under the primary", () => {
    expect(secondaryUrlFor(request("Messages_Peek", `${endpoints.secondary}/q/messages`), endpoints)).toBeUndefined();
    expect(secondaryUrlFor(request("Messages_Peek", "http://elsewhere/devstoreaccount1/q"), endpoints)).toBeUndefined();
  });
});
