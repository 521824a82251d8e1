import { describe, expect, inject, it } from "vitest";
import { createSharedKeyAuthorizer } from "../../src/auth/shared-key.js";
import { uniqueQueueName } from "../harness/names.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";
import { sendSigned } from "./send-signed.js";

const ACCOUNT = "devstoreaccount1";
const authorize = createSharedKeyAuthorizer(ACCOUNT, DOCUMENTED_EMULATOR_ACCOUNT_KEY);

describe("SharedKey against Azurite", () => {
  it("lists queues with a hand-built, SharedKey-signed request", async () => {
    const { accountUrl } = inject("azurite");
    const response = await sendSigned(authorize, "GET", `${accountUrl}/?comp=list`);
    expect(response.sent.headers["Authorization"]).toMatch(/^SharedKey devstoreaccount1:[A-Za-z0-9+/]{43}=$/);
    expect(response.status).toBe(200);
    expect(response.body).toContain("<EnumerationResults");
  });

  it("signs metadata headers in mixed case and the service's order, and a value with inner spaces", async () => {
    const { accountUrl } = inject("azurite");
    const queue = uniqueQueueName("sk");
    const metadata = { "x-ms-meta-Foo": "One", "x-ms-meta-bar": "two  spaces", "x-ms-meta-a_b": "1", "x-ms-meta-a0": "2", "x-ms-meta-_x": "3", "x-ms-meta-AB": "4" };
    const created = await sendSigned(authorize, "PUT", `${accountUrl}/${queue}`, { headers: metadata });
    expect(created.status, created.body).toBe(201);

    const read = await sendSigned(authorize, "GET", `${accountUrl}/${queue}?comp=metadata&timeout=30`);
    expect(read.status, read.body).toBe(200);
    expect(read.headers["x-ms-meta-foo"]).toBe("One");
    expect(read.headers["x-ms-meta-bar"]).toBe("two  spaces");
    expect(read.headers["x-ms-meta-a_b"]).toBe("1");
  });

  it("signs a header value with surrounding spaces as the server receives it, trimmed", async () => {
    const { accountUrl } = inject("azurite");
    const queue = uniqueQueueName("sk");
    const created = await sendSigned(authorize, "PUT", `${accountUrl}/${queue}`, { headers: { "x-ms-meta-padded": "  value  " } });
    expect(created.status, created.body).toBe(201);
    const read = await sendSigned(authorize, "GET", `${accountUrl}/${queue}?comp=metadata`);
    expect(read.headers["x-ms-meta-padded"]).toBe("value");
  });

  it("signs a POST with an XML body, Content-Type and several query parameters", async () => {
    const { accountUrl } = inject("azurite");
    const queue = uniqueQueueName("sk");
    expect((await sendSigned(authorize, "PUT", `${accountUrl}/${queue}`)).status).toBe(201);
    const sent = await sendSigned(authorize, "POST", `${accountUrl}/${queue}/messages?visibilitytimeout=0&messagettl=3600&timeout=30`, {
      headers: { "Content-Type": "application/xml" },
      body: "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>héllo ✓</MessageText></QueueMessage>",
    });
    expect(sent.status, sent.body).toBe(201);
    const received = await sendSigned(authorize, "GET", `${accountUrl}/${queue}/messages?numofmessages=32&visibilitytimeout=30&timeout=30`);
    expect(received.status).toBe(200);
    expect(received.body).toContain("<MessageText>héllo ✓</MessageText>");
  });

  it("signs query values that need decoding (a prefix with a space and a slash)", async () => {
    const { accountUrl } = inject("azurite");
    const response = await sendSigned(authorize, "GET", `${accountUrl}/?comp=list&prefix=a%20b%2Fc&maxresults=5&include=metadata`);
    expect(response.status, response.body).toBe(200);
    expect(response.body).toContain("<Prefix>a b/c</Prefix>");
  });

  it("signs an empty-body DELETE", async () => {
    const { accountUrl } = inject("azurite");
    const queue = uniqueQueueName("sk");
    expect((await sendSigned(authorize, "PUT", `${accountUrl}/${queue}`)).status).toBe(201);
    expect((await sendSigned(authorize, "DELETE", `${accountUrl}/${queue}`)).status).toBe(204);
  });

  it("signs a request to the path-style secondary (/devstoreaccount1-secondary)", async () => {
    const { origin } = inject("azurite");
    const response = await sendSigned(authorize, "GET", `${origin}/${ACCOUNT}-secondary/?restype=service&comp=stats`);
    expect(response.status, response.body).toBe(200);
    expect(response.body).toContain("<GeoReplication>");
  });

  it("is refused with 403 AuthenticationFailed when signed with another key", async () => {
    const { accountUrl } = inject("azurite");
    const wrongKey = createSharedKeyAuthorizer(ACCOUNT, Buffer.alloc(64, 1).toString("base64"));
    const response = await sendSigned(wrongKey, "GET", `${accountUrl}/?comp=list`);
    expect(response.status).toBe(403);
    expect(response.errorCode).toBe("AuthenticationFailed");
  });

  it("is refused when the query changes after signing: the signature covers it", async () => {
    const { accountUrl } = inject("azurite");
    const response = await sendSigned(authorize, "GET", `${accountUrl}/?comp=list&maxresults=5`, {
      tamper: (signed) => ({ ...signed, url: signed.url.replace("maxresults=5", "maxresults=6") }),
    });
    expect(response.status).toBe(403);
    expect(response.errorCode).toBe("AuthenticationFailed");
  });
});
