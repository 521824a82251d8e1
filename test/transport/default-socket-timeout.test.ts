import { describe, expect, it } from "vitest";
import { createTransport, DEFAULT_SOCKET_TIMEOUT } from "../../src/transport/pipeline.js";
import type { HttpSender, WireRequest } from "../../src/transport/types.js";

function recordingSender(seen: WireRequest[]): HttpSender {
  return {
    send: (request) => {
      seen.push(request);
      return Promise.resolve({ status: 200, headers: {}, rawHeaderNames: [], body: new Uint8Array() });
    },
    close: () => Promise.resolve(),
  };
}

describe("per-attempt timeout", () => {
  it("bounds every attempt by DEFAULT_SOCKET_TIMEOUT unless socketTimeout or the request says otherwise", async () => {
    const seen: WireRequest[] = [];
    const defaults = createTransport({ sender: recordingSender(seen), authorizer: (request) => request });
    await defaults.send({ method: "GET", url: "http://127.0.0.1:1/acct", headers: {} });
    const configured = createTransport({ sender: recordingSender(seen), authorizer: (request) => request, socketTimeout: 2.5 });
    await configured.send({ method: "GET", url: "http://127.0.0.1:1/acct", headers: {} });
    await configured.send({ method: "GET", url: "http://127.0.0.1:1/acct", headers: {}, attemptTimeoutMs: 70 });
    expect(seen.map((request) => request.attemptTimeoutMs)).toEqual([DEFAULT_SOCKET_TIMEOUT * 1000, 2500, 70]);
    expect(DEFAULT_SOCKET_TIMEOUT).toBe(30);
  });
});
