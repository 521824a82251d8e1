import { inspect } from "node:util";
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
} from "@azure/storage-queue";
import { describe, expect, inject, it } from "vitest";
import { redactUrl } from "../../src/auth/redact.js";
import { createSasAuthorizer, normalizeSasToken } from "../../src/auth/sas-token.js";
import { SERVICE_VERSION } from "../../src/constants.js";
import { ValidationError } from "../../src/errors.js";
import type { WireRequest } from "../../src/transport/types.js";
import { uniqueQueueName } from "../harness/names.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";
import { sendSigned } from "./send-signed.js";

const TOKEN = "sv=2025-11-05&ss=q&srt=sco&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=U0VDUkVUU0lHTkFUVVJF%3D";

function urlAfter(token: string, url: string): string {
  const signed = createSasAuthorizer(token)({ method: "GET", url, headers: {} }) as WireRequest;
  return signed.url;
}

/** An account SAS for the emulator account, made by the official library (the test's independent source). */
function emulatorAccountSas(permissions: string, version: string = SERVICE_VERSION): string {
  return generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 60 * 60 * 1000),
      permissions: AccountSASPermissions.parse(permissions),
      resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
      services: AccountSASServices.parse("q").toString(),
      version,
    },
    new StorageSharedKeyCredential("devstoreaccount1", DOCUMENTED_EMULATOR_ACCOUNT_KEY),
  ).toString();
}

describe("createSasAuthorizer", () => {
  it("appends the token as the query, dropping a leading '?'", () => {
    expect(urlAfter(`?${TOKEN}`, "https://acct.queue.core.windows.net/jobs/messages")).toBe(`https://acct.queue.core.windows.net/jobs/messages?${TOKEN}`);
  });

  it("appends after '&' when the URL has a query, and after nothing when it ends in '?' or '&'", () => {
    expect(urlAfter(TOKEN, "https://a.queue.core.windows.net/?comp=list")).toBe(`https://a.queue.core.windows.net/?comp=list&${TOKEN}`);
    expect(urlAfter(TOKEN, "https://a.queue.core.windows.net/?")).toBe(`https://a.queue.core.windows.net/?${TOKEN}`);
    expect(urlAfter(TOKEN, "https://a.queue.core.windows.net/?comp=list&")).toBe(`https://a.queue.core.windows.net/?comp=list&${TOKEN}`);
  });

  it("leaves headers, method and body as they are", () => {
    const body = new Uint8Array([1, 2, 3]);
    const request: WireRequest = { method: "PUT", url: "https://a.queue.core.windows.net/q", headers: { "x-ms-date": "d" }, body };
    const signed = createSasAuthorizer(TOKEN)(request) as WireRequest;
    expect(signed).toEqual({ ...request, url: `${request.url}?${TOKEN}` });
    expect(request.url).toBe("https://a.queue.core.windows.net/q");
  });

  it("refuses malformed tokens with a ValidationError that never quotes them", () => {
    const bad = [
      "",
      "?",
      "sv=2025-11-05&sp=rl&se=2030-01-01",
      "just-some-secret-text",
      "sv=2025-11-05&&sig=abc",
      "sv=2025-11-05 &sig=abc",
      "sv=2025-11-05&sig=abc#frag",
      "https://a.queue.core.windows.net/?sv=2025-11-05&sig=abc",
    ];
    for (const token of bad) {
      let caught: unknown;
      try {
        createSasAuthorizer(token);
      } catch (error) {
        caught = error;
      }
      expect(caught, token).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).rule).toBe("sas-token");
      if (token.length > 3) {
        for (const rendered of [(caught as Error).message, inspect(caught)]) expect(rendered).not.toContain(token.replace(/^\?/, ""));
      }
    }
  });

  it("normalizes to the token without '?' or surrounding spaces", () => {
    expect(normalizeSasToken(`  ?${TOKEN} `)).toBe(TOKEN);
  });
});

describe("redactUrl", () => {
  it("replaces the signature and other secret-bearing values, keeping the rest", () => {
    expect(redactUrl(`https://a.queue.core.windows.net/q/messages?numofmessages=5&${TOKEN}`)).toBe(
      "https://a.queue.core.windows.net/q/messages?numofmessages=5&sv=2025-11-05&ss=q&srt=sco&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=REDACTED",
    );
    expect(redactUrl("https://h/x?SIG=a&AccountKey=b&access_token=c&client_secret=d&Signature=e&popreceipt=f")).toBe(
      "https://h/x?SIG=REDACTED&AccountKey=REDACTED&access_token=REDACTED&client_secret=REDACTED&Signature=REDACTED&popreceipt=f",
    );
  });

  it("replaces user-info and drops nothing else", () => {
    expect(redactUrl("https://user:p%40ss@h:8443/a/b?x=1")).toBe("https://REDACTED@h:8443/a/b?x=1");
    expect(redactUrl("https://h/a/b")).toBe("https://h/a/b");
  });

  it("works on text that is not a valid URL", () => {
    expect(redactUrl("not a url?sig=%%%&x=y")).toBe("not a url?sig=REDACTED&x=y");
    expect(redactUrl("https://h/?%E0%A4%A=sig&sig")).toBe("https://h/?%E0%A4%A=sig&sig");
  });

  it("drops a fragment", () => {
    expect(redactUrl("https://h/q?sig=abc#sig=abc")).toBe("https://h/q?sig=REDACTED");
  });
});

describe("SAS token against Azurite", () => {
  it("an account SAS made by the official library is accepted through createSasAuthorizer", async () => {
    const { accountUrl } = inject("azurite");
    const authorize = createSasAuthorizer(emulatorAccountSas("rwdlacup"));
    const listed = await sendSigned(authorize, "GET", `${accountUrl}/?comp=list&maxresults=5`);
    expect(listed.sent.url).toMatch(/\?comp=list&maxresults=5&sv=.*&sig=/);
    expect(listed.status, listed.body).toBe(200);

    const queue = uniqueQueueName("sas");
    expect((await sendSigned(authorize, "PUT", `${accountUrl}/${queue}`)).status).toBe(201);
    const put = await sendSigned(authorize, "POST", `${accountUrl}/${queue}/messages`, {
      headers: { "Content-Type": "application/xml" },
      body: "<QueueMessage><MessageText>via sas</MessageText></QueueMessage>",
    });
    expect(put.status, put.body).toBe(201);
  });

  it("a SAS without the needed permission is refused by the service, not by us", async () => {
    const { accountUrl } = inject("azurite");
    const readOnly = createSasAuthorizer(emulatorAccountSas("rl"));
    const response = await sendSigned(readOnly, "PUT", `${accountUrl}/${uniqueQueueName("sas")}`);
    expect(response.status).toBe(403);
    expect(response.errorCode).toMatch(/^Authorization/);
  });

  it("a SAS with a forged signature is refused", async () => {
    const { accountUrl } = inject("azurite");
    const forged = emulatorAccountSas("rwdlacup").replace(/sig=[^&]+/, `sig=${encodeURIComponent(Buffer.alloc(32, 9).toString("base64"))}`);
    const response = await sendSigned(createSasAuthorizer(forged), "GET", `${accountUrl}/?comp=list`);
    expect(response.status).toBe(403);
  });
});
