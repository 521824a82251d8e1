import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseConnectionString } from "../../src/auth/connection-string.js";
import { EMULATOR_ACCOUNT_KEY } from "../../src/constants.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";
import { ValidationError } from "../../src/errors.js";

// A well-formed key that is not the emulator's, so a leak of it cannot be mistaken for a public value.
const KEY = Buffer.alloc(64, 7).toString("base64");
const SAS = "sv=2025-11-05&ss=q&srt=sco&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";
const SIGNATURE = "c2VjcmV0LXNpZ25hdHVyZQ";

function expectFailure(text: string, messagePart: RegExp, secrets: readonly string[] = [KEY, SIGNATURE]): ValidationError {
  let caught: unknown;
  try {
    parseConnectionString(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.message).toMatch(messagePart);
  for (const rendered of [error.message, String(error), inspect(error, { depth: 10 }), error.stack ?? ""]) {
    for (const secret of secrets) expect(rendered).not.toContain(secret);
  }
  return error;
}

describe("parseConnectionString: account key form", () => {
  it("builds the production endpoints from protocol, account and suffix", () => {
    const parsed = parseConnectionString(`DefaultEndpointsProtocol=https;AccountName=myacct;AccountKey=${KEY};EndpointSuffix=core.windows.net`);
    expect(parsed).toMatchObject({
      kind: "accountKey",
      accountName: "myacct",
      accountKey: KEY,
      endpoint: "https://myacct.queue.core.windows.net",
      secondaryEndpoint: "https://myacct-secondary.queue.core.windows.net",
      pathStyle: false,
      isDevelopmentStorage: false,
    });
  });

  it("defaults to https and core.windows.net, and honours another suffix and http", () => {
    expect(parseConnectionString(`AccountName=myacct;AccountKey=${KEY}`).endpoint).toBe("https://myacct.queue.core.windows.net");
    const china = parseConnectionString(`DefaultEndpointsProtocol=http;AccountName=myacct;AccountKey=${KEY};EndpointSuffix=core.chinacloudapi.cn`);
    expect(china.endpoint).toBe("http://myacct.queue.core.chinacloudapi.cn");
    expect(china.secondaryEndpoint).toBe("http://myacct-secondary.queue.core.chinacloudapi.cn");
  });

  it("reads setting names in any case, tolerates spaces and a trailing ';', and keeps '=' inside values", () => {
    const parsed = parseConnectionString(` defaultendpointsprotocol = HTTPS ; ACCOUNTNAME=myacct;accountkey=${KEY}; `);
    expect(parsed.accountKey).toBe(KEY);
    expect(KEY.endsWith("==")).toBe(true);
    expect(parsed.endpoint).toBe("https://myacct.queue.core.windows.net");
  });

  it("ignores settings for other services", () => {
    const parsed = parseConnectionString(`AccountName=myacct;AccountKey=${KEY};BlobEndpoint=https://x.blob.core.windows.net/;TableEndpoint=https://x.table.core.windows.net/`);
    expect(parsed.endpoint).toBe("https://myacct.queue.core.windows.net");
  });

  it("uses QueueEndpoint and QueueSecondaryEndpoint as given, without trailing slashes", () => {
    const parsed = parseConnectionString(
      `AccountName=myacct;AccountKey=${KEY};QueueEndpoint=https://queues.example.com/;QueueSecondaryEndpoint=https://queues-2.example.com//`,
    );
    expect(parsed).toMatchObject({ endpoint: "https://queues.example.com", secondaryEndpoint: "https://queues-2.example.com", accountName: "myacct" });
  });

  it("reads an explicit Azurite endpoint as path-style and derives its secondary", () => {
    const parsed = parseConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DOCUMENTED_EMULATOR_ACCOUNT_KEY};QueueEndpoint=http://127.0.0.1:41234/devstoreaccount1;`,
    );
    expect(parsed).toMatchObject({
      endpoint: "http://127.0.0.1:41234/devstoreaccount1",
      secondaryEndpoint: "http://127.0.0.1:41234/devstoreaccount1-secondary",
      pathStyle: true,
    });
  });

  it("keeps both credentials when a string has a key and a SAS token, the key deciding the kind", () => {
    const parsed = parseConnectionString(`AccountName=myacct;AccountKey=${KEY};SharedAccessSignature=${SAS}`);
    expect(parsed.kind).toBe("accountKey");
    expect(parsed.sasToken).toBe(SAS);
  });
});

describe("parseConnectionString: SAS form", () => {
  it("takes QueueEndpoint and SharedAccessSignature, reading the account from the host", () => {
    const parsed = parseConnectionString(`QueueEndpoint=https://myacct.queue.core.windows.net/;SharedAccessSignature=?${SAS}`);
    expect(parsed).toMatchObject({
      kind: "sas",
      accountName: "myacct",
      sasToken: SAS,
      endpoint: "https://myacct.queue.core.windows.net",
      secondaryEndpoint: "https://myacct-secondary.queue.core.windows.net",
      pathStyle: false,
    });
    expect(parsed.accountKey).toBeUndefined();
  });

  it("accepts a custom domain, for which neither account nor secondary can be derived", () => {
    const parsed = parseConnectionString(`QueueEndpoint=https://queues.example.com;SharedAccessSignature=${SAS}`);
    expect(parsed.accountName).toBeUndefined();
    expect(parsed.secondaryEndpoint).toBeUndefined();
  });

  it("builds the endpoint from AccountName when QueueEndpoint is absent", () => {
    expect(parseConnectionString(`AccountName=myacct;SharedAccessSignature=${SAS}`).endpoint).toBe("https://myacct.queue.core.windows.net");
  });
});

describe("parseConnectionString: development storage", () => {
  it("gives the emulator account, its well-known key and the path-style endpoint", () => {
    const parsed = parseConnectionString("UseDevelopmentStorage=true");
    expect(parsed).toMatchObject({
      kind: "accountKey",
      accountName: "devstoreaccount1",
      accountKey: EMULATOR_ACCOUNT_KEY,
      endpoint: "http://127.0.0.1:10001/devstoreaccount1",
      secondaryEndpoint: "http://127.0.0.1:10001/devstoreaccount1-secondary",
      pathStyle: true,
      isDevelopmentStorage: true,
    });
  });

  it("uses the emulator's documented key", () => {
    expect(EMULATOR_ACCOUNT_KEY).toBe(DOCUMENTED_EMULATOR_ACCOUNT_KEY);
  });

  it("reads the flag in any case", () => {
    expect(parseConnectionString("usedevelopmentstorage=TRUE;").isDevelopmentStorage).toBe(true);
  });

  it("sends to the proxy's host on the emulator's port", () => {
    const parsed = parseConnectionString("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://myproxy.local:8888/");
    expect(parsed.endpoint).toBe("http://myproxy.local:10001/devstoreaccount1");
    expect(parsed.secondaryEndpoint).toBe("http://myproxy.local:10001/devstoreaccount1-secondary");
    expect(parsed.pathStyle).toBe(true);
  });

  it("falls through to the other settings when the flag is false", () => {
    expect(parseConnectionString(`UseDevelopmentStorage=false;AccountName=myacct;AccountKey=${KEY}`).isDevelopmentStorage).toBe(false);
  });
});

describe("parseConnectionString: secrets stay out of output", () => {
  it("hides the key and the SAS token from util.inspect and JSON.stringify", () => {
    const parsed = parseConnectionString(`AccountName=myacct;AccountKey=${KEY};SharedAccessSignature=${SAS}`);
    for (const rendered of [inspect(parsed, { depth: 10 }), JSON.stringify(parsed), `${JSON.stringify({ nested: parsed })}`]) {
      expect(rendered).not.toContain(KEY);
      expect(rendered).not.toContain(SIGNATURE);
      expect(rendered).toContain("REDACTED");
      expect(rendered).toContain("myacct");
    }
  });
});

describe("parseConnectionString: malformed input", () => {
  it("refuses an empty string", () => {
    expectFailure("", /empty/);
    expectFailure("  ;  ", /none of the settings/);
  });

  it("refuses a part without '=', naming its position but not its content", () => {
    const error = expectFailure(`AccountName=myacct;${KEY.slice(0, 20)};AccountKey=${KEY}`, /part 2 .* not a Name=value/, [KEY.slice(0, 20)]);
    expect(error.rule).toBe("connection-string");
  });

  it("refuses an unknown protocol", () => {
    expectFailure(`DefaultEndpointsProtocol=ftp;AccountName=myacct;AccountKey=${KEY}`, /DefaultEndpointsProtocol must be https or http/);
  });

  it("refuses an account key without an account name", () => {
    expectFailure(`AccountKey=${KEY}`, /AccountKey but no AccountName/);
  });

  it("refuses a key that is not base64, without quoting it", () => {
    const broken = `${KEY.slice(0, 30)}!!${KEY.slice(32)}`;
    const error = expectFailure(`AccountName=myacct;AccountKey=${broken}`, /account key is not valid base64/, [broken, KEY.slice(0, 30)]);
    expect(error.rule).toBe("account-key");
  });

  it("refuses a truncated key (missing padding)", () => {
    expectFailure(`AccountName=myacct;AccountKey=${KEY.slice(0, -2)}`, /account key is not valid base64/, [KEY.slice(0, -2)]);
  });

  it("refuses a string with no credentials at all", () => {
    expectFailure("AccountName=myacct;EndpointSuffix=core.windows.net", /no credentials/);
    expectFailure("QueueEndpoint=https://myacct.queue.core.windows.net", /no credentials/);
  });

  it("refuses an empty setting, naming it", () => {
    expectFailure("AccountName=myacct;AccountKey=", /AccountKey is empty/);
  });

  it("refuses a setting given twice", () => {
    expectFailure(`AccountName=a1;accountname=a2;AccountKey=${KEY}`, /sets AccountName more than once/);
  });

  it("refuses a SAS token without a signature, without quoting it", () => {
    const unsigned = "sv=2025-11-05&ss=q&srt=sco&sp=rl&se=2030-01-01";
    expectFailure(`QueueEndpoint=https://myacct.queue.core.windows.net;SharedAccessSignature=${unsigned}`, /no signature \(sig=/, [unsigned]);
  });

  it("refuses a SAS string with neither endpoint nor account", () => {
    expectFailure(`SharedAccessSignature=${SAS}`, /needs QueueEndpoint, or AccountName/);
  });

  it("refuses a QueueEndpoint that is not a URL, naming the setting", () => {
    expectFailure(`QueueEndpoint=not a url;SharedAccessSignature=${SAS}`, /QueueEndpoint is not an absolute URL/);
    expectFailure(`QueueEndpoint=ftp://x.example.com;SharedAccessSignature=${SAS}`, /QueueEndpoint must use https or http/);
  });

  it("refuses development storage mixed with account settings", () => {
    expectFailure(`UseDevelopmentStorage=true;AccountName=myacct;AccountKey=${KEY}`, /takes no other settings .*AccountName, AccountKey/);
    expectFailure("UseDevelopmentStorage=yes", /must be true or false/);
  });
});
