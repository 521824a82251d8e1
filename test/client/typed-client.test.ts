import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { createQueueClient, ValidationError, type QueueClient } from "../../src/client.js";
import { uniqueQueueName } from "../harness/names.js";

let client: QueueClient;

beforeAll(() => {
  const { accountUrl } = inject("azurite");
  client = createQueueClient({ endpoint: accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY });
});
afterAll(() => client.close());

async function newQueue(): Promise<string> {
  const queue = uniqueQueueName("tc");
  const { response } = await client.PUT("/{queue}", { params: { path: { queue } } });
  expect(response.status).toBe(201);
  return queue;
}

describe("typed client: queues", () => {
  it("Queue_Create answers 201, then 204 for the same metadata and 409 QueueAlreadyExists for other metadata", async () => {
    const queue = uniqueQueueName("tc");
    const header = { "x-ms-meta-color": "red" } as const;
    expect((await client.PUT("/{queue}", { params: { path: { queue }, header } })).response.status).toBe(201);
    expect((await client.PUT("/{queue}", { params: { path: { queue }, header } })).response.status).toBe(204);
    const conflict = await client.PUT("/{queue}", { params: { path: { queue }, header: { "x-ms-meta-color": "blue" } } });
    expect(conflict.response.status).toBe(409);
    expect(conflict.error?.Code).toBe("QueueAlreadyExists");
    expect(conflict.response.headers.get("x-ms-error-code")).toBe("QueueAlreadyExists");
  });

  it("Queue_SetMetadata then Queue_GetMetadata round-trips metadata and reports the message count", async () => {
    const queue = await newQueue();
    const set = await client.PUT("/{queue}?comp=metadata", {
      params: { path: { queue }, header: { "x-ms-meta-alpha": "A", "x-ms-meta-beta": "B b" } },
    });
    expect(set.response.status).toBe(204);
    const got = await client.GET("/{queue}?comp=metadata", { params: { path: { queue } } });
    expect(got.response.status).toBe(200);
    expect(got.response.headers.get("x-ms-meta-alpha")).toBe("A");
    expect(got.response.headers.get("x-ms-meta-beta")).toBe("B b");
    expect(got.response.headers.get("x-ms-approximate-messages-count")).toBe("0");
  });

  it("Queue_GetMetadata on a missing queue answers 404 QueueNotFound as a typed StorageError", async () => {
    const { data, error, response } = await client.GET("/{queue}?comp=metadata", { params: { path: { queue: uniqueQueueName("missing") } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(response.headers.get("x-ms-request-id")).toMatch(/\S/);
    // HEAD-like responses carry no body; the code still comes through the header.
    expect(error?.Code ?? response.headers.get("x-ms-error-code")).toBe("QueueNotFound");
  });

  it("Queue_SetAccessPolicy then Queue_GetAccessPolicy round-trips the signed identifiers", async () => {
    const queue = await newQueue();
    const identifiers = [
      { Id: "read-only", AccessPolicy: { Start: "2026-01-01T00:00:00.0000000Z", Expiry: "2027-01-01T00:00:00.0000000Z", Permission: "r" } },
      { Id: "process", AccessPolicy: { Permission: "raup" } },
    ];
    const set = await client.PUT("/{queue}?comp=acl", { params: { path: { queue } }, body: identifiers });
    expect(set.response.status).toBe(204);
    const got = await client.GET("/{queue}?comp=acl", { params: { path: { queue } } });
    expect(got.response.status).toBe(200);
    expect(got.data?.map((identifier) => identifier.Id)).toEqual(["read-only", "process"]);
    expect(got.data?.[0]?.AccessPolicy?.Permission).toBe("r");
    expect(got.data?.[0]?.AccessPolicy?.Expiry).toMatch(/^2027-01-01T00:00:00/);
  });

  it("Service_ListQueues pages with prefix, maxresults and metadata", async () => {
    const prefix = uniqueQueueName("pg");
    for (const suffix of ["a", "b", "c"]) {
      await client.PUT("/{queue}", { params: { path: { queue: `${prefix}-${suffix}` }, header: { "x-ms-meta-Suffix": suffix } } });
    }
    const first = await client.GET("/?comp=list", { params: { query: { prefix, maxresults: 2, include: "metadata" } } });
    expect(first.response.status).toBe(200);
    expect(first.data?.Queues?.map((queue) => queue.Name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(first.data?.MaxResults).toBe(2);
    expect(first.data?.NextMarker).not.toBe("");
    const second = await client.GET("/?comp=list", { params: { query: { prefix, maxresults: 2, marker: first.data?.NextMarker } } });
    expect(second.data?.Queues?.map((queue) => queue.Name)).toEqual([`${prefix}-c`]);
    expect(second.data?.NextMarker).toBe("");
    const metadata = first.data?.Queues?.[0]?.Metadata ?? {};
    expect(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value])).toEqual([["suffix", "a"]]);
  });

  it("Queue_Delete answers 204, then 404 for the deleted queue", async () => {
    const queue = await newQueue();
    expect((await client.DELETE("/{queue}", { params: { path: { queue } } })).response.status).toBe(204);
    const again = await client.DELETE("/{queue}", { params: { path: { queue } } });
    expect(again.response.status).toBe(404);
    expect(again.error?.Code).toBe("QueueNotFound");
  });
});

describe("typed client: messages", () => {
  it("Messages_Put, Messages_Peek, Messages_Get, Message_Update, Message_Delete and Messages_Clear work end to end", async () => {
    const queue = await newQueue();
    const texts = ["00123", "true", "  spaced  ", "line\r\nbreak", "a &amp; <b>"];
    for (const text of texts) {
      const put = await client.POST("/{queue}/messages", {
        params: { path: { queue }, query: { messagettl: -1 } },
        body: { MessageText: text },
      });
      expect(put.response.status).toBe(201);
      expect(put.data?.[0]?.MessageId).toMatch(/\S/);
      expect(put.data?.[0]?.ExpirationTime).toBe("Fri, 31 Dec 9999 23:59:59 GMT");
    }

    const peeked = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue }, query: { numofmessages: 32 } } });
    expect(peeked.data?.map((message) => message.MessageText)).toEqual(texts);
    expect(peeked.data?.[0]?.DequeueCount).toBe(0);

    const got = await client.GET("/{queue}/messages", { params: { path: { queue }, query: { numofmessages: 2, visibilitytimeout: 30 } } });
    expect(got.data).toHaveLength(2);
    const [first, second] = got.data!;
    expect(first?.MessageText).toBe("00123");
    expect(first?.DequeueCount).toBe(1);

    const updated = await client.PUT("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: first!.MessageId }, query: { popreceipt: first!.PopReceipt, visibilitytimeout: 0 } },
      body: { MessageText: "updated\r" },
    });
    expect(updated.response.status).toBe(204);
    const newReceipt = updated.response.headers.get("x-ms-popreceipt");
    expect(newReceipt).toMatch(/\S/);
    expect(updated.response.headers.get("x-ms-time-next-visible")).toMatch(/GMT$/);

    const stale = await client.DELETE("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: first!.MessageId }, query: { popreceipt: first!.PopReceipt } },
    });
    expect(stale.response.status).toBe(400);
    expect(stale.error?.Code).toBe("PopReceiptMismatch");

    const deleted = await client.DELETE("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: first!.MessageId }, query: { popreceipt: newReceipt! } },
    });
    expect(deleted.response.status).toBe(204);
    expect(second?.MessageText).toBe("true");

    const cleared = await client.DELETE("/{queue}/messages", { params: { path: { queue } } });
    expect(cleared.response.status).toBe(204);
    const empty = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue } } });
    expect(empty.data).toEqual([]);
  });

  it("Messages_Put over 64 KiB of UTF-8 is refused by the service with 413 RequestBodyTooLarge", async () => {
    const queue = await newQueue();
    const { error, response } = await client.POST("/{queue}/messages", {
      params: { path: { queue } },
      body: { MessageText: "x".repeat(64 * 1024 + 1) },
    });
    expect(response.status).toBe(413);
    expect(error?.Code ?? response.headers.get("x-ms-error-code")).toBe("RequestBodyTooLarge");
  });
});

describe("typed client: service", () => {
  it("Service_SetProperties then Service_GetProperties round-trips logging, metrics and CORS", async () => {
    const before = await client.GET("/?restype=service&comp=properties");
    expect(before.response.status).toBe(200);
    const properties = {
      ...before.data!,
      Cors: [{ AllowedOrigins: "https://example.com", AllowedMethods: "GET,PUT", AllowedHeaders: "x-ms-meta-*", ExposedHeaders: "x-ms-*", MaxAgeInSeconds: 60 }],
    };
    const set = await client.PUT("/?restype=service&comp=properties", { body: properties });
    expect(set.response.status).toBe(202);
    const after = await client.GET("/?restype=service&comp=properties");
    expect(after.data?.Cors?.[0]?.AllowedOrigins).toBe("https://example.com");
    expect(after.data?.Cors?.[0]?.MaxAgeInSeconds).toBe(60);
    expect(typeof after.data?.Logging?.Read).toBe("boolean");
    await client.PUT("/?restype=service&comp=properties", { body: { ...before.data!, Cors: [] } });
  });

  it("Service_GetStatistics goes to the secondary endpoint and reports geo-replication", async () => {
    const { data, response } = await client.GET("/?restype=service&comp=stats");
    // The primary answers 400 InvalidQueryParameterValue: a 200 is the secondary's answer.
    expect(response.status).toBe(200);
    expect(data?.GeoReplication?.Status).toBe("live");
    expect(data?.GeoReplication?.LastSyncTime).toMatch(/GMT$/);
  });

  it("Service_GetStatistics without a secondary endpoint is a ValidationError, nothing sent", async () => {
    const attempts: unknown[] = [];
    await using customDomain = createQueueClient({
      endpoint: "https://queues.example.invalid",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      logger: (event) => attempts.push(event),
    });
    const error = await customDomain.GET("/?restype=service&comp=stats").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("secondary-endpoint");
    expect((error as ValidationError).message).toBe(
      "Service_GetStatistics is served by the secondary endpoint only, and none is configured; give secondaryEndpoint",
    );
    expect(attempts).toEqual([]);
  });
});
