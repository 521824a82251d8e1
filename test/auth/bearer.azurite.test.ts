import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createBearerAuthorizer } from "../../src/auth/bearer.js";
import { TokenCredentialError } from "../../src/errors.js";
import { ValidationError } from "../../src/errors.js";
import { uniqueQueueName } from "../harness/names.js";
import { CountingCredential, craftToken, realNowSeconds, startHttpsOAuthAzurite, type HttpsAzurite } from "./https-azurite.js";
import { sendSigned } from "./send-signed.js";

let server: HttpsAzurite;

beforeAll(async () => {
  server = await startHttpsOAuthAzurite();
});

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  vi.useRealTimers();
});

function send(authorize: ReturnType<typeof createBearerAuthorizer>, method: "GET" | "PUT", path: string) {
  return sendSigned(authorize, method, `${server.azurite.accountUrl}${path}`, { dispatcher: server.dispatcher });
}

describe("bearer tokens against Azurite over HTTPS with --oauth basic", () => {
  it("a token is accepted over HTTPS, sent as 'Authorization: Bearer <token>'", async () => {
    expect(server.azurite.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const credential = new CountingCredential();
    const authorize = createBearerAuthorizer(credential);
    const listed = await send(authorize, "GET", "/?comp=list");
    expect(listed.status, listed.body).toBe(200);
    expect(listed.sent.headers["Authorization"]).toBe(`Bearer ${credential.issued[0]}`);
    expect(credential.scopes).toEqual(["https://storage.azure.com/.default"]);

    const created = await send(authorize, "PUT", `/${uniqueQueueName("oauth")}`);
    expect(created.status, created.body).toBe(201);
  });

  it("Azurite really checks the token: expired, wrong audience or unknown issuer is refused", async () => {
    const now = realNowSeconds();
    const cases = [
      { claims: { nbf: now - 7200, iat: now - 7200, exp: now - 3600 }, message: /expired/ },
      { claims: { aud: "https://vault.azure.net" }, message: /audience/ },
      { claims: { iss: "https://issuer.example.com/" }, message: /issuer/ },
    ];
    for (const { claims, message } of cases) {
      // The credential claims a long life, so the refusal is the server's, not a refresh on our side.
      const response = await send(createBearerAuthorizer(new CountingCredential({ claims })), "GET", "/?comp=list");
      expect(response.status, JSON.stringify(claims)).toBe(403);
      expect(response.errorCode).toBe("AuthenticationFailed");
      expect(response.body).toMatch(message);
    }
  });

  it("without a token the request is refused, so the acceptance above is the token's doing", async () => {
    const response = await sendSigned((request) => request, "GET", `${server.azurite.accountUrl}/?comp=list`, { dispatcher: server.dispatcher });
    expect(response.status).toBe(403);
  });

  it("caches the token: several requests, sequential and concurrent, call getToken once", async () => {
    const credential = new CountingCredential({ delayMs: 50 });
    const authorize = createBearerAuthorizer(credential);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => send(authorize, "GET", "/?comp=list")));
    for (let i = 0; i < 3; i++) concurrent.push(await send(authorize, "GET", "/?comp=list"));
    expect(concurrent.map((r) => r.status)).toEqual(Array(11).fill(200));
    expect(credential.calls).toBe(1);
    expect(new Set(concurrent.map((r) => r.sent.headers["Authorization"])).size).toBe(1);
  });

  it("refreshes ahead of expiry: in the margin it keeps the old token while fetching the next, near expiry it waits", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const credential = new CountingCredential({ lifetimeSeconds: 3600 });
    const authorize = createBearerAuthorizer(credential, { refreshBeforeExpirySeconds: 300 });
    const start = Date.now();

    const first = await send(authorize, "GET", "/?comp=list");
    expect(first.status).toBe(200);
    expect(credential.calls).toBe(1);

    vi.setSystemTime(start + 3600_000 - 301_000); // just before the refresh margin
    expect((await send(authorize, "GET", "/?comp=list")).sent.headers["Authorization"]).toBe(`Bearer ${credential.issued[0]}`);
    expect(credential.calls).toBe(1);

    vi.setSystemTime(start + 3600_000 - 200_000); // inside the margin: background refresh, old token still used
    const inMargin = await send(authorize, "GET", "/?comp=list");
    expect(inMargin.status).toBe(200);
    expect(inMargin.sent.headers["Authorization"]).toBe(`Bearer ${credential.issued[0]}`);
    await vi.waitFor(() => expect(credential.calls).toBe(2));
    const afterRefresh = await send(authorize, "GET", "/?comp=list");
    expect(afterRefresh.sent.headers["Authorization"]).toBe(`Bearer ${credential.issued[1]}`);
    expect(afterRefresh.status).toBe(200);

    // The second token was issued at start+3400 s and lives an hour; 10 s before its expiry nothing is reused.
    vi.setSystemTime(start + 3400_000 + 3600_000 - 10_000);
    const nearExpiry = await send(authorize, "GET", "/?comp=list");
    expect(credential.calls).toBe(3);
    expect(nearExpiry.sent.headers["Authorization"]).toBe(`Bearer ${credential.issued[2]}`);
    expect(nearExpiry.status).toBe(200);
  });

  it("honours refreshAfterTimestamp when the token carries one", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const credential = new CountingCredential({ lifetimeSeconds: 3600, refreshAfterSeconds: 600 });
    const authorize = createBearerAuthorizer(credential);
    const start = Date.now();
    await send(authorize, "GET", "/?comp=list");
    vi.setSystemTime(start + 590_000);
    await send(authorize, "GET", "/?comp=list");
    expect(credential.calls).toBe(1);
    vi.setSystemTime(start + 610_000);
    await send(authorize, "GET", "/?comp=list");
    await vi.waitFor(() => expect(credential.calls).toBe(2));
  });

  it("a failed background refresh keeps the valid token in use, and surfaces once the token can no longer be used", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    let failing = false;
    const credential = new CountingCredential({ lifetimeSeconds: 3600, fail: () => (failing ? new Error("AADSTS700082: refresh token expired") : undefined) });
    const authorize = createBearerAuthorizer(credential);
    const start = Date.now();
    await send(authorize, "GET", "/?comp=list");
    failing = true;
    vi.setSystemTime(start + 3600_000 - 100_000);
    const stillValid = await send(authorize, "GET", "/?comp=list");
    expect(stillValid.status).toBe(200);
    await vi.waitFor(() => expect(credential.calls).toBe(2));

    vi.setSystemTime(start + 3600_000 - 5_000);
    const error = await send(authorize, "GET", "/?comp=list").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenCredentialError);
    expect((error as Error).message).toContain("AADSTS700082: refresh token expired");
    expect(inspect(error, { depth: 10 })).not.toContain(credential.issued[0]!);
  });
});

describe("bearer tokens and plain http", () => {
  it("a request to an http:// URL is refused with a ValidationError before any token is fetched or request sent", async () => {
    const { accountUrl } = inject("azurite");
    expect(accountUrl).toMatch(/^http:\/\//);
    const credential = new CountingCredential();
    const authorize = createBearerAuthorizer(credential);
    const error = await sendSigned(authorize, "GET", `${accountUrl}/?comp=list`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("bearer-https");
    expect((error as Error).message).toMatch(/bearer tokens are sent over HTTPS only/);
    expect(credential.calls).toBe(0);
  });

  it("the token appears in no error and not in util.inspect of the authorizer", async () => {
    const credential = new CountingCredential();
    const authorize = createBearerAuthorizer(credential);
    expect((await send(authorize, "GET", "/?comp=list")).status).toBe(200);
    const token = credential.issued[0]!;
    const error = await Promise.resolve(authorize({ method: "GET", url: "http://127.0.0.1:1/devstoreaccount1/?comp=list", headers: {} })).catch((e: unknown) => e);
    for (const rendered of [String(error), inspect(error, { depth: 10 }), inspect(authorize, { showHidden: true, depth: Infinity })]) {
      expect(rendered).not.toContain(token);
      expect(rendered).not.toContain(token.split(".")[1]!.slice(0, 24));
    }
  });

  it("crafted tokens differ per call, so the tests above can tell tokens apart", () => {
    expect(craftToken()).not.toBe(craftToken());
  });
});
