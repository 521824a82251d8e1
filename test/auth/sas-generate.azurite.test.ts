/**
 * Generated SAS tokens against Azurite, through the typed client: accepted for what they allow, refused with 403
 * and the service's error code for the rest. What Azurite 3.35 answers (src/queue/authentication/*SASAuthenticator):
 * a signature that does not match, an expired or not-yet-valid SAS and an unknown stored policy id are
 * `AuthenticationFailed`; then it checks the protocol (`AuthorizationProtocolMismatch`), for an account SAS the
 * service (`AuthorizationServiceMismatch`) and resource type (`AuthorizationResourceTypeMismatch`), and last the
 * permission (`AuthorizationPermissionMismatch`). It does not check the client's IP, so `sip` is only shown to be
 * signed correctly.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSasGenerator, type SasGenerator } from "../../src/auth/sas-generate.js";
import { createQueueClient, type QueueClient } from "../../src/client.js";
import { EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { uniqueQueueName } from "../harness/names.js";
import { DOCUMENTED_EMULATOR_ACCOUNT_KEY } from "./emulator-account.js";
import { startHttpsOAuthAzurite } from "./https-azurite.js";

const HOUR = 60 * 60 * 1000;

let accountUrl: string;
let sharedKey: QueueClient;
let sas: SasGenerator;
const sasClients: QueueClient[] = [];

beforeAll(() => {
  accountUrl = inject("azurite").accountUrl;
  sharedKey = createQueueClient({ endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: DOCUMENTED_EMULATOR_ACCOUNT_KEY });
  sas = createSasGenerator(EMULATOR_ACCOUNT_NAME, DOCUMENTED_EMULATOR_ACCOUNT_KEY);
});
afterAll(async () => {
  await Promise.all([sharedKey.close(), ...sasClients.map((client) => client.close())]);
});

function clientWith(sasToken: string): QueueClient {
  const client = createQueueClient({ endpoint: accountUrl, sasToken });
  sasClients.push(client);
  return client;
}

/** A fresh queue holding one message, made with SharedKey. */
async function queueWithMessage(prefix: string): Promise<string> {
  const queue = uniqueQueueName(prefix);
  expect((await sharedKey.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
  const put = await sharedKey.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "seed" } });
  expect(put.response.status).toBe(201);
  return queue;
}

function expectRefused(response: Response, errorCode: string): void {
  expect(response.status).toBe(403);
  expect(response.headers.get("x-ms-error-code")).toBe(errorCode);
}

const inAnHour = () => new Date(Date.now() + HOUR);

describe("account SAS against Azurite", () => {
  it("list and read: lists queues and peeks, but may not put (AuthorizationPermissionMismatch)", async () => {
    const queue = await queueWithMessage("asas");
    const client = clientWith(sas.accountSas({ permissions: "lr", resourceTypes: "sco", expiry: inAnHour() }));

    const listed = await client.GET("/?comp=list", { params: { query: { prefix: queue } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data?.Queues?.map((entry) => entry.Name)).toEqual([queue]);

    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(peeked.response.status).toBe(200);
    expect(peeked.data?.map((message) => message.MessageText)).toEqual(["seed"]);

    const put = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "no" } });
    expectRefused(put.response, "AuthorizationPermissionMismatch");
    expect(put.error?.Code).toBe("AuthorizationPermissionMismatch");
  });

  it("every permission on every resource type: a queue's whole life, messages included", async () => {
    const client = clientWith(sas.accountSas({ permissions: "rwdlacup", resourceTypes: "sco", expiry: inAnHour(), start: new Date(Date.now() - HOUR) }));
    const queue = uniqueQueueName("asas");
    expect((await client.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
    expect((await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "a" } })).response.status).toBe(201);
    const got = await client.GET("/{queue}/messages", { params: { path: { queue }, query: { visibilitytimeout: 30 } } });
    expect(got.response.status).toBe(200);
    const message = got.data![0]!;
    const updated = await client.PUT("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: message.MessageId }, query: { popreceipt: message.PopReceipt, visibilitytimeout: 0 } },
      body: { MessageText: "b" },
    });
    expect(updated.response.status).toBe(204);
    const deleted = await client.DELETE("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: message.MessageId }, query: { popreceipt: updated.response.headers.get("x-ms-popreceipt")! } },
    });
    expect(deleted.response.status).toBe(204);
    expect((await client.DELETE("/{queue}/messages", { params: { path: { queue } } })).response.status).toBe(204);
    expect((await client.DELETE("/{queue}", { params: { path: { queue } } })).response.status).toBe(204);
  });

  it("only the service resource type: lists queues, but a message operation is AuthorizationResourceTypeMismatch", async () => {
    const queue = await queueWithMessage("asas");
    const client = clientWith(sas.accountSas({ permissions: "rwdlacup", resourceTypes: "s", expiry: inAnHour() }));
    expect((await client.GET("/?comp=list", { params: { query: { prefix: queue } } })).response.status).toBe(200);
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expectRefused(peeked.response, "AuthorizationResourceTypeMismatch");
  });

  it("a SAS for the blob service only is AuthorizationServiceMismatch", async () => {
    const client = clientWith(sas.accountSas({ permissions: "rl", resourceTypes: "sco", services: "b", expiry: inAnHour() }));
    expectRefused((await client.GET("/?comp=list", {})).response, "AuthorizationServiceMismatch");
  });

  it("an expired SAS, and one not yet valid, are AuthenticationFailed", async () => {
    const expired = clientWith(sas.accountSas({ permissions: "rl", resourceTypes: "sco", expiry: new Date(Date.now() - 60_000) }));
    expectRefused((await expired.GET("/?comp=list", {})).response, "AuthenticationFailed");
    const early = clientWith(sas.accountSas({ permissions: "rl", resourceTypes: "sco", start: inAnHour(), expiry: new Date(Date.now() + 2 * HOUR) }));
    expectRefused((await early.GET("/?comp=list", {})).response, "AuthenticationFailed");
  });

  it("protocol https over plain http is AuthorizationProtocolMismatch; https,http is accepted", async () => {
    const httpsOnly = clientWith(sas.accountSas({ permissions: "rl", resourceTypes: "sco", expiry: inAnHour(), protocol: "https" }));
    expectRefused((await httpsOnly.GET("/?comp=list", {})).response, "AuthorizationProtocolMismatch");
    const both = clientWith(sas.accountSas({ permissions: "rl", resourceTypes: "sco", expiry: inAnHour(), protocol: "https,http" }));
    expect((await both.GET("/?comp=list", {})).response.status).toBe(200);
  });

  it("an ip range and an older signed version (2020-02-10, no encryption-scope line) verify", async () => {
    for (const values of [
      { ip: "127.0.0.1" },
      { ip: "10.0.0.0-192.168.255.255" },
      { version: "2020-02-10" },
      { version: "2015-04-05", ip: "127.0.0.1-127.0.0.1", protocol: "https,http" as const },
    ]) {
      const client = clientWith(sas.accountSas({ permissions: "l", resourceTypes: "s", expiry: inAnHour(), ...values }));
      expect((await client.GET("/?comp=list", {})).response.status, JSON.stringify(values)).toBe(200);
    }
  });

  it("the signature covers the permissions: widening sp in the token is AuthenticationFailed", async () => {
    const queue = await queueWithMessage("asas");
    const token = sas.accountSas({ permissions: "r", resourceTypes: "sco", expiry: inAnHour() });
    expect(token).toContain("&sp=r&");
    const widened = clientWith(token.replace("&sp=r&", "&sp=ra&"));
    const put = await widened.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "no" } });
    expectRefused(put.response, "AuthenticationFailed");
  });
});

describe("queue SAS against Azurite", () => {
  it("raup: put, receive, update and delete messages on its queue; refused on another queue (AuthenticationFailed)", async () => {
    const queue = await queueWithMessage("qsas");
    const other = await queueWithMessage("qsas");
    const client = clientWith(sas.queueSas({ queueName: queue, permissions: "raup", expiry: inAnHour() }));

    expect((await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "mine" } })).response.status).toBe(201);
    const got = await client.GET("/{queue}/messages", { params: { path: { queue }, query: { numofmessages: 1, visibilitytimeout: 30 } } });
    expect(got.response.status).toBe(200);
    const message = got.data![0]!;
    expect(message.MessageText).toBe("seed");
    const updated = await client.PUT("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: message.MessageId }, query: { popreceipt: message.PopReceipt, visibilitytimeout: 0 } },
      body: { MessageText: "seed, updated" },
    });
    expect(updated.response.status).toBe(204);
    const deleted = await client.DELETE("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: message.MessageId }, query: { popreceipt: updated.response.headers.get("x-ms-popreceipt")! } },
    });
    expect(deleted.response.status).toBe(204);
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue }, query: { numofmessages: 32 } } });
    expect(peeked.data?.map((entry) => entry.MessageText)).toEqual(["mine"]);

    expectRefused((await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue: other } } })).response, "AuthenticationFailed");
    const put = await client.POST("/{queue}/messages", { params: { path: { queue: other } }, body: { MessageText: "not yours" } });
    expectRefused(put.response, "AuthenticationFailed");
  });

  it("r only: peeks, but put and receive are AuthorizationPermissionMismatch", async () => {
    const queue = await queueWithMessage("qsas");
    const client = clientWith(sas.queueSas({ queueName: queue, permissions: "r", expiry: inAnHour(), start: new Date(Date.now() - HOUR) }));
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(peeked.response.status).toBe(200);
    expect(peeked.data?.[0]?.MessageText).toBe("seed");
    expectRefused((await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "no" } })).response, "AuthorizationPermissionMismatch");
    expectRefused((await client.GET("/{queue}/messages", { params: { path: { queue } } })).response, "AuthorizationPermissionMismatch");
  });

  it("a stored access policy named by id grants what the policy says: peek yes, put AuthorizationPermissionMismatch", async () => {
    const queue = await queueWithMessage("qsas");
    const policy = {
      Id: "read-only",
      AccessPolicy: { Start: new Date(Date.now() - HOUR).toISOString(), Expiry: inAnHour().toISOString(), Permission: "r" },
    };
    expect((await sharedKey.PUT("/{queue}?comp=acl", { params: { path: { queue } }, body: [policy] })).response.status).toBe(204);

    const token = sas.queueSas({ queueName: queue, identifier: "read-only" });
    expect(token).toMatch(/^sv=[\d-]+&si=read-only&sig=[^&]+$/);
    const client = clientWith(token);
    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(peeked.response.status).toBe(200);
    expect(peeked.data?.[0]?.MessageText).toBe("seed");
    expectRefused((await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "no" } })).response, "AuthorizationPermissionMismatch");

    const unknown = clientWith(sas.queueSas({ queueName: queue, identifier: "no-such-policy" }));
    expectRefused((await unknown.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } })).response, "AuthenticationFailed");
  });

  it("an expired queue SAS is AuthenticationFailed; protocol https over http is AuthorizationProtocolMismatch", async () => {
    const queue = await queueWithMessage("qsas");
    const expired = clientWith(sas.queueSas({ queueName: queue, permissions: "r", expiry: new Date(Date.now() - 60_000) }));
    expectRefused((await expired.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } })).response, "AuthenticationFailed");
    const httpsOnly = clientWith(sas.queueSas({ queueName: queue, permissions: "r", expiry: inAnHour(), protocol: "https" }));
    expectRefused((await httpsOnly.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } })).response, "AuthorizationProtocolMismatch");
  });

  it("a queue SAS with an ip range and version 2020-02-10 verifies", async () => {
    const queue = await queueWithMessage("qsas");
    const client = clientWith(sas.queueSas({ queueName: queue, permissions: "r", expiry: inAnHour(), ip: "127.0.0.0-127.255.255.255", version: "2020-02-10" }));
    expect((await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } })).response.status).toBe(200);
  });

  it("a queue SAS does not reach service-level operations: listing queues is refused", async () => {
    const queue = await queueWithMessage("qsas");
    const client = clientWith(sas.queueSas({ queueName: queue, permissions: "raup", expiry: inAnHour() }));
    expectRefused((await client.GET("/?comp=list", {})).response, "AuthenticationFailed");
  });
});

describe("https-only SAS over HTTPS", () => {
  it("an account SAS and a queue SAS with protocol https are accepted by an HTTPS Azurite", async () => {
    const server = await startHttpsOAuthAzurite();
    const tls = { ca: server.ca };
    const endpoint = server.azurite.accountUrl;
    const owner = createQueueClient({ endpoint, accountName: EMULATOR_ACCOUNT_NAME, accountKey: DOCUMENTED_EMULATOR_ACCOUNT_KEY, tls });
    const account = createQueueClient({ endpoint, tls, sasToken: sas.accountSas({ permissions: "l", resourceTypes: "s", expiry: inAnHour(), protocol: "https" }) });
    try {
      expect(endpoint).toMatch(/^https:/);
      const queue = uniqueQueueName("https");
      expect((await owner.PUT("/{queue}", { params: { path: { queue } } })).response.status).toBe(201);
      const listed = await account.GET("/?comp=list", { params: { query: { prefix: queue } } });
      expect(listed.response.status).toBe(200);
      expect(listed.data?.Queues?.map((entry) => entry.Name)).toEqual([queue]);

      const queueSas = createQueueClient({ endpoint, tls, sasToken: sas.queueSas({ queueName: queue, permissions: "a", expiry: inAnHour(), protocol: "https" }) });
      try {
        const put = await queueSas.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: "over tls" } });
        expect(put.response.status).toBe(201);
      } finally {
        await queueSas.close();
      }
    } finally {
      await Promise.all([owner.close(), account.close()]);
      await server.stop();
    }
  });
});
