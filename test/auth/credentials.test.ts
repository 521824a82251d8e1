import { describe, expect, it } from "vitest";
import { resolveAuthorizer } from "../../src/auth/credentials.js";
import { ValidationError } from "../../src/errors.js";
import type { WireRequest } from "../../src/transport/types.js";
import { CountingCredential } from "./https-azurite.js";

const KEY = Buffer.alloc(64, 3).toString("base64");
const SAS = "sv=2025-11-05&ss=q&srt=sco&sp=rl&se=2030-01-01&sig=abc%3D";
const REQUEST: WireRequest = { method: "GET", url: "https://acct.queue.core.windows.net/?comp=list", headers: { "x-ms-date": "Mon, 01 Jan 2024 00:00:00 GMT" } };

describe("resolveAuthorizer", () => {
  it("prefers the account key over a SAS token and a token credential", async () => {
    const credential = new CountingCredential();
    const { kind, authorize } = resolveAuthorizer({ accountName: "acct", accountKey: KEY, sasToken: SAS, tokenCredential: credential });
    expect(kind).toBe("sharedKey");
    const signed = await authorize(REQUEST);
    expect(signed.headers["Authorization"]).toMatch(/^SharedKey acct:/);
    expect(signed.url).toBe(REQUEST.url);
    expect(credential.calls).toBe(0);
  });

  it("prefers a SAS token over a token credential", async () => {
    const credential = new CountingCredential();
    const { kind, authorize } = resolveAuthorizer({ sasToken: SAS, tokenCredential: credential });
    expect(kind).toBe("sas");
    const signed = await authorize(REQUEST);
    expect(signed.url).toBe(`${REQUEST.url}&${SAS}`);
    expect(signed.headers["Authorization"]).toBeUndefined();
    expect(credential.calls).toBe(0);
  });

  it("uses a token credential when it is the only one", async () => {
    const credential = new CountingCredential();
    const { kind, authorize } = resolveAuthorizer({ accountName: "acct", tokenCredential: credential });
    expect(kind).toBe("bearer");
    expect((await authorize(REQUEST)).headers["Authorization"]).toBe(`Bearer ${credential.issued[0]}`);
  });

  it("is anonymous without credentials: the request goes unchanged", async () => {
    const { kind, authorize } = resolveAuthorizer({ accountName: "acct" });
    expect(kind).toBe("anonymous");
    expect(await authorize(REQUEST)).toBe(REQUEST);
  });

  it("refuses an account key without an account name, and a malformed chosen credential", () => {
    expect(() => resolveAuthorizer({ accountKey: KEY })).toThrow(new ValidationError("account-name", "an account key needs the account name, and none was given or found in the endpoint"));
    expect(() => resolveAuthorizer({ accountName: "acct", accountKey: "not base64!" })).toThrow(/not valid base64/);
    expect(() => resolveAuthorizer({ sasToken: "sv=1&sp=r" })).toThrow(/no signature/);
  });
});
