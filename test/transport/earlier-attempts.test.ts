import { afterEach, describe, expect, it } from "vitest";
import { createHttpSender } from "#platform/http";
import { createTransport } from "../../src/transport/pipeline.js";
import { attemptMayHaveTakenEffect, earlierAttemptMayHaveSucceeded } from "../../src/transport/earlier-attempts.js";
import { AbortError, NetworkError, TimeoutError } from "../../src/errors.js";
import type { Send, WireResponse } from "../../src/transport/types.js";
import { reply, startStubServer, type StubHandler } from "./stub-server.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function send(handler: StubHandler): Promise<WireResponse> {
  const server = await startStubServer(handler);
  const created = createTransport({ sender: createHttpSender(), authorizer: (request) => request, retry: { retryDelay: 0.01, random: () => 0.5 } });
  cleanups.push(() => created.close(), () => server.close());
  const transportSend: Send = created.send;
  return transportSend({
    method: "DELETE",
    url: `${server.origin}/acct/q/messages/id?popreceipt=r`,
    headers: {},
    operationId: "Message_Delete",
    attemptTimeoutMs: 300,
  });
}

describe("a final response notes an earlier attempt that may have succeeded", () => {
  it("after a connection reset that came once the request had arrived", async () => {
    const response = await send((_request, response, index, raw) => (index === 0 ? raw.socket.destroy() : reply(response, 404)));
    expect(response.status).toBe(404);
    expect(earlierAttemptMayHaveSucceeded(response)).toBe(true);
  });

  it("after an attempt that timed out", async () => {
    const response = await send((_request, response, index) => {
      if (index > 0) reply(response, 404);
    });
    expect(earlierAttemptMayHaveSucceeded(response)).toBe(true);
  });

  it.each([500, 502, 504, 408])("after a %i", async (status) => {
    const response = await send((_request, response, index) => reply(response, index === 0 ? status : 204));
    expect(response.status).toBe(204);
    expect(earlierAttemptMayHaveSucceeded(response)).toBe(true);
  });

  it.each([503, 429])("not after a %i, which refuses the work", async (status) => {
    const response = await send((_request, response, index) => reply(response, index === 0 ? status : 404));
    expect(response.status).toBe(404);
    expect(earlierAttemptMayHaveSucceeded(response)).toBe(false);
  });

  it("not on a first answer", async () => {
    const response = await send((_request, response) => reply(response, 404));
    expect(earlierAttemptMayHaveSucceeded(response)).toBe(false);
  });
});

describe("attemptMayHaveTakenEffect", () => {
  it("counts network errors and timeouts, not aborts", () => {
    expect(attemptMayHaveTakenEffect({ error: new NetworkError("reset") })).toBe(true);
    expect(attemptMayHaveTakenEffect({ error: new TimeoutError("slow") })).toBe(true);
    expect(attemptMayHaveTakenEffect({ error: new AbortError("stop") })).toBe(false);
  });
});
