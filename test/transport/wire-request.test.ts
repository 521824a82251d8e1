import { describe, expect, it } from "vitest";
import type { WireRequest } from "../../src/transport/types.js";
import { copyRequest, withHeader } from "../../src/transport/wire-request.js";

// Required<>: a field added to WireRequest fails this file's typecheck until it is set here, and then the
// assertions below fail until copyRequest carries it.
const full: Required<WireRequest> = {
  method: "PUT",
  url: "https://account.queue.core.windows.net/orders/messages/id?popreceipt=r",
  headers: { "x-ms-meta-Owner": "ops" },
  body: new Uint8Array([60, 47, 62]),
  operationId: "Message_Update",
  readOnly: true,
  signal: new AbortController().signal,
  attemptTimeoutMs: 5_000,
  attempt: 2,
};

describe("copyRequest", () => {
  it("carries every field of the request over, unchanged, into a new object", () => {
    const copy = copyRequest(full, full.url, full.headers);
    expect(copy).not.toBe(full);
    expect(copy).toStrictEqual(full);
    expect(Object.keys(copy).sort()).toEqual(Object.keys(full).sort());
  });

  it("changes only the URL, headers, attempt and time bound it is given", () => {
    const headers = { Authorization: "SharedKey account:sig" };
    const copy = copyRequest(full, "http://127.0.0.1:10001/devstoreaccount1/orders", headers, 3, 250);
    expect(copy).toStrictEqual({ ...full, url: "http://127.0.0.1:10001/devstoreaccount1/orders", headers, attempt: 3, attemptTimeoutMs: 250 });
    expect(copy.headers).toBe(headers);
    expect(copy.body).toBe(full.body);
    expect(copy.signal).toBe(full.signal);
  });

  it("leaves the request it copies untouched", () => {
    const before = { ...full, headers: { ...full.headers } };
    copyRequest(full, "https://elsewhere.example/", {}, 9, 1);
    expect(full).toStrictEqual(before);
  });
});

describe("withHeader", () => {
  it("sets the header once, dropping it under any other letter case, and keeps every other header and field", () => {
    const request: WireRequest = { ...full, headers: { authorization: "old", "x-ms-date": "d", AUTHORIZATION: "older", "x-ms-meta-Owner": "ops" } };
    const signed = withHeader(request, "Authorization", "SharedKey account:sig");
    expect(signed.headers).toStrictEqual({ "x-ms-date": "d", "x-ms-meta-Owner": "ops", Authorization: "SharedKey account:sig" });
    expect(signed).toStrictEqual({ ...request, headers: signed.headers });
    expect(request.headers).toStrictEqual({ authorization: "old", "x-ms-date": "d", AUTHORIZATION: "older", "x-ms-meta-Owner": "ops" });
  });
});
