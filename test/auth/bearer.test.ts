import { inspect } from "node:util";
import type { TokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { createBearerAuthorizer } from "../../src/auth/bearer.js";
import { STORAGE_SCOPE } from "../../src/constants.js";
import { TokenCredentialError } from "../../src/errors.js";
import { AzureException, ValidationError } from "../../src/errors.js";
import { CountingCredential } from "./https-azurite.js";

const HTTPS_REQUEST = { method: "GET", url: "https://acct.queue.core.windows.net/?comp=list", headers: { authorization: "old", "x-ms-date": "d" } } as const;

describe("createBearerAuthorizer", () => {
  it("asks for the storage scope unless told otherwise, and replaces any Authorization header", async () => {
    const credential = new CountingCredential();
    const signed = await createBearerAuthorizer(credential)(HTTPS_REQUEST);
    expect(credential.scopes).toEqual([STORAGE_SCOPE]);
    expect(signed.headers).toEqual({ "x-ms-date": "d", Authorization: `Bearer ${credential.issued[0]}` });

    const custom = new CountingCredential();
    await createBearerAuthorizer(custom, { scope: "https://acct.queue.core.windows.net/.default" })(HTTPS_REQUEST);
    expect(custom.scopes).toEqual(["https://acct.queue.core.windows.net/.default"]);
  });

  it("turns a failing getToken into a TokenCredentialError naming the cause", async () => {
    const cause = new Error("ManagedIdentityCredential: no managed identity endpoint found");
    cause.name = "CredentialUnavailableError";
    const error = await Promise.resolve(createBearerAuthorizer(new CountingCredential({ fail: () => cause }))(HTTPS_REQUEST)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenCredentialError);
    expect(error).toBeInstanceOf(AzureException);
    expect((error as Error).message).toBe(
      `the token credential could not get a token for ${STORAGE_SCOPE}: CredentialUnavailableError: ManagedIdentityCredential: no managed identity endpoint found`,
    );
    expect((error as Error).cause).toBe(cause);
  });

  it("turns a null token into a TokenCredentialError", async () => {
    const nullCredential: TokenCredential = { getToken: async () => null };
    await expect(createBearerAuthorizer(nullCredential)(HTTPS_REQUEST)).rejects.toThrow(new TokenCredentialError(`the token credential returned no token for ${STORAGE_SCOPE}`));
  });

  it("tries again on the next request after a failure", async () => {
    let failures = 1;
    const credential = new CountingCredential({ fail: () => (failures-- > 0 ? new Error("transient") : undefined) });
    const authorize = createBearerAuthorizer(credential);
    await expect(authorize(HTTPS_REQUEST)).rejects.toBeInstanceOf(TokenCredentialError);
    await expect(authorize(HTTPS_REQUEST)).resolves.toMatchObject({ headers: { Authorization: `Bearer ${credential.issued[0]}` } });
    expect(credential.calls).toBe(2);
  });

  it("refuses what is not a credential and a negative refresh margin", () => {
    expect(() => createBearerAuthorizer({} as TokenCredential)).toThrow(ValidationError);
    expect(() => createBearerAuthorizer(new CountingCredential(), { refreshBeforeExpirySeconds: -1 })).toThrow(/refreshBeforeExpirySeconds/);
  });

  it("refuses http:// in any letter case", async () => {
    const credential = new CountingCredential();
    const error = await Promise.resolve(createBearerAuthorizer(credential)({ ...HTTPS_REQUEST, url: "HTTP://acct.queue.core.windows.net/" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(inspect(error)).toContain("bearer tokens are sent over HTTPS only");
    expect(credential.calls).toBe(0);
  });
});
