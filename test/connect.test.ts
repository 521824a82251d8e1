import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { inspect } from "node:util";
import { createQueueClient } from "../src/client.js";
import { connect } from "../src/connect.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../src/constants.js";
import { QueueService, ValidationError } from "../src/index.js";
import { AZQUEUE_VERSION } from "../src/transport/user-agent.js";
import { reply, useCleanups } from "./transport/stub-server.js";

const { stub } = useCleanups();

/** A variable no environment sets, read as an application reads AZURE_STORAGE_CONNECTION_STRING. */
const UNSET_VARIABLE = `AZQUEUE_UNSET_${randomBytes(6).toString("hex").toUpperCase()}`;

/** Every way to name an account, as the messages list them. */
const ALTERNATIVES = /accountName with accountKey, sasToken or tokenCredential, or endpoint, or isEmulated: true for the local emulator\.$/;

function validationErrorOf(call: () => unknown): ValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError, but the call returned");
}

describe("no account given", () => {
  it.each([
    ["createQueueClient({})", () => createQueueClient({})],
    ["new QueueService()", () => new QueueService()],
    ["new QueueService({ accountName: '  ' })", () => new QueueService({ accountName: "  " })],
  ])("%s says no account was given and lists the options that give one", (_name, call) => {
    const error = validationErrorOf(call);
    expect(error.rule).toBe("account");
    expect(error.message).toMatch(/^No storage account was given\. Pass connectionString \(for example from the AZURE_STORAGE_CONNECTION_STRING environment variable\), or /);
    expect(error.message).toMatch(ALTERNATIVES);
  });

  it.each([
    ["new QueueService({ connectionString: process.env[unset] })", () => new QueueService({ connectionString: process.env[UNSET_VARIABLE] })],
    ["QueueService.fromConnectionString(process.env[unset])", () => QueueService.fromConnectionString(process.env[UNSET_VARIABLE] as string)],
    ["createQueueClient({ connectionString: process.env[unset] })", () => createQueueClient({ connectionString: process.env[UNSET_VARIABLE] })],
  ])("%s says connectionString is undefined, likely an unset environment variable", (_name, call) => {
    expect(process.env[UNSET_VARIABLE]).toBeUndefined();
    const error = validationErrorOf(call);
    expect(error.rule).toBe("connection-string");
    expect(error.message).toMatch(
      /^connectionString is undefined, and no other option names a storage account\. A common cause is an environment variable that is not set, such as AZURE_STORAGE_CONNECTION_STRING\. Set it, or pass /,
    );
    expect(error.message).toMatch(ALTERNATIVES);
  });

  it.each(["", "   "])("connectionString %j says it is empty, likely a variable set to nothing", (connectionString) => {
    for (const call of [() => new QueueService({ connectionString }), () => createQueueClient({ connectionString })]) {
      const error = validationErrorOf(call);
      expect(error.rule).toBe("connection-string");
      expect(error.message).toMatch(/^connectionString is empty\. A common cause is an environment variable set to nothing, such as AZURE_STORAGE_CONNECTION_STRING\. /);
      expect(error.message).toMatch(ALTERNATIVES);
    }
  });

  it("a connectionString that is not a string says what it is", () => {
    const error = validationErrorOf(() => new QueueService({ connectionString: 42 as unknown as string }));
    expect(error.rule).toBe("connection-string");
    expect(error.message).toBe("connectionString must be a string, not number.");
  });

  it("an undefined connectionString beside options that name the account is no error: those are used", async () => {
    const { accountUrl } = inject("azurite");
    await using qs = new QueueService({
      connectionString: process.env[UNSET_VARIABLE],
      endpoint: accountUrl,
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
    });
    expect(await qs.exists("no-such-queue-here")).toBe(false);
  });
});

describe("the key SAS generation signs with", () => {
  const EMULATOR_STRING = `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=http://127.0.0.1:10001/${EMULATOR_ACCOUNT_NAME}`;

  it.each([
    ["an account key", { accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY }],
    ["a connection string with a key", { connectionString: EMULATOR_STRING }],
    ["UseDevelopmentStorage=true", { connectionString: "UseDevelopmentStorage=true" }],
    ["the emulator without another credential", { isEmulated: true }],
    ["an account key beside a SAS token", { accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, sasToken: "sv=x&sig=y" }],
  ])("is the key requests are signed with: %s", async (_name, options) => {
    const connection = connect(options);
    await connection.close();
    expect(connection.credentialKind).toBe("sharedKey");
    expect(connection.sasGenerator()?.accountName).toBe(EMULATOR_ACCOUNT_NAME);
  });

  it.each([
    ["the emulator with a SAS token", { isEmulated: true, sasToken: "sv=x&sig=y" }],
    ["a SAS connection string", { connectionString: "QueueEndpoint=https://acct.queue.core.windows.net;SharedAccessSignature=sv=x&sig=y" }],
    ["an endpoint alone", { endpoint: "https://acct.queue.core.windows.net" }],
  ])("is none when requests are not signed with a key: %s", async (_name, options) => {
    const connection = connect(options);
    await connection.close();
    expect(connection.credentialKind).not.toBe("sharedKey");
    expect(connection.sasGenerator()).toBeUndefined();
  });

  it("stays out of what util.inspect shows of the connection and of its generator", async () => {
    const connection = connect({ connectionString: EMULATOR_STRING });
    const shown = inspect(connection, { depth: Infinity, showHidden: true }) + inspect(connection.sasGenerator(), { depth: Infinity, showHidden: true });
    await connection.close();
    expect(shown).not.toContain(EMULATOR_ACCOUNT_KEY);
    expect(shown).not.toContain(EMULATOR_ACCOUNT_KEY.slice(0, 16));
  });
});

describe("userAgentPrefix", () => {
  it("puts the application's product token before azqueue's in User-Agent, on every attempt", async () => {
    const server = await stub((_request, response, index) => reply(response, index === 0 ? 503 : 204));
    await using client = createQueueClient({
      endpoint: `${server.origin}/${EMULATOR_ACCOUNT_NAME}`,
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      retry: { retryDelay: 0.001 },
      userAgentPrefix: "orders-worker/2.1",
    });
    await client.DELETE("/{queue}", { params: { path: { queue: "jobs" } } });
    expect(server.requests.map((request) => request.headers["user-agent"])).toEqual(
      Array(2).fill(`orders-worker/2.1 azqueue/${AZQUEUE_VERSION} (Node ${process.versions.node}; ${process.platform})`),
    );
  });

  it.each(["orders\r\nX-Injected: 1", "caf\u00e9/1", 7])("refuses %j, which a User-Agent header cannot carry", (userAgentPrefix) => {
    const error = validationErrorOf(() => createQueueClient({ isEmulated: true, userAgentPrefix: userAgentPrefix as string }));
    expect(error.rule).toBe("userAgentPrefix");
    expect(error.message).toBe('userAgentPrefix must be a string of printable ASCII characters, such as "orders-worker/2.1".');
  });
});
