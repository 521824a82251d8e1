import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueClient } from "../../src/client.js";
import { NetworkError, ValidationError } from "../../src/errors.js";
import { CountingCredential, startHttpsOAuthAzurite, type HttpsAzurite } from "../auth/https-azurite.js";
import { uniqueQueueName } from "../harness/names.js";

let https: HttpsAzurite;
beforeAll(async () => {
  https = await startHttpsOAuthAzurite();
});
afterAll(() => https.stop());

describe("typed client with a token credential", () => {
  it("authenticates with bearer tokens over HTTPS, trusting a self-signed certificate through tls.ca", async () => {
    const credential = new CountingCredential();
    await using client = createQueueClient({ endpoint: https.azurite.accountUrl, tokenCredential: credential, tls: { ca: https.ca } });
    const queue = uniqueQueueName("bearer");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    const put = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "signed by a token" } });
    expect(put.response.status).toBe(201);
    const { data } = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(data?.[0]?.MessageText).toBe("signed by a token");
    // One token, cached across the calls.
    expect(credential.calls).toBe(1);
  });

  it("fails the TLS handshake with a NetworkError when the certificate is not trusted", async () => {
    await using client = createQueueClient({ endpoint: https.azurite.accountUrl, tokenCredential: new CountingCredential(), retry: { maxTries: 1 } });
    await expect(client.GET("/?comp=list")).rejects.toBeInstanceOf(NetworkError);
  });

  it("refuses to send a bearer token over plain http before any token is fetched", async () => {
    const credential = new CountingCredential();
    await using client = createQueueClient({ endpoint: "http://127.0.0.1:9/devstoreaccount1", tokenCredential: credential });
    await expect(client.GET("/?comp=list")).rejects.toBeInstanceOf(ValidationError);
    expect(credential.calls).toBe(0);
  });
});
