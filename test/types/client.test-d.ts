import { describe, expectTypeOf, it } from "vitest";
import { createQueueClient } from "../../src/client.js";
import type { components } from "../../src/client.js";

const client = createQueueClient({ isEmulated: true });
const path = { queue: "jobs", messageid: "id" };

describe("typed client calls", () => {
  it("compile without the transport-owned headers and discriminators", () => {
    void client.PUT("/{queue}/messages/{messageid}", {
      params: { path, query: { popreceipt: "receipt", visibilitytimeout: 30 } },
      body: { MessageText: "hello" },
    });
    void client.GET("/{queue}?comp=metadata", { params: { path: { queue: "jobs" } } });
    void client.GET("/?comp=list", { params: { query: { prefix: "a", maxresults: 10, include: "metadata" } } });
    void client.PUT("/{queue}?comp=metadata", { params: { path: { queue: "jobs" }, header: { "x-ms-meta-Color": "red" } } });
  });

  it("type their answers from the spec", async () => {
    const { data } = await client.GET("/{queue}/messages", { params: { path: { queue: "jobs" } } });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["DequeuedMessage"][] | undefined>();
    expectTypeOf<NonNullable<typeof data>[number]["DequeueCount"]>().toEqualTypeOf<number>();
    const deleted = await client.DELETE("/{queue}", { params: { path: { queue: "jobs" } } });
    expectTypeOf(deleted.error).exclude<undefined>().toHaveProperty("Code").toEqualTypeOf<string>();
  });

  it("reject a missing required query parameter: popreceipt on update", () => {
    void client.PUT("/{queue}/messages/{messageid}", {
      // @ts-expect-error popreceipt is required
      params: { path, query: { visibilitytimeout: 30 } },
      body: { MessageText: "hello" },
    });
  });

  it("reject a mistyped parameter", () => {
    void client.GET("/{queue}/messages", {
      // @ts-expect-error numofmessages is a number
      params: { path: { queue: "jobs" }, query: { numofmessages: "32" } },
    });
  });

  it("reject an unknown parameter", () => {
    void client.GET("/{queue}/messages", {
      // @ts-expect-error peekonly is part of the path key, not a parameter
      params: { path: { queue: "jobs" }, query: { peekonly: "true" } },
    });
    void client.PUT("/{queue}/messages/{messageid}", {
      // @ts-expect-error the message path needs its messageid
      params: { path: { queue: "jobs" }, query: { popreceipt: "r", visibilitytimeout: 0 } },
    });
  });

  it("reject a wrong body shape", () => {
    void client.POST("/{queue}/messages", {
      params: { path: { queue: "jobs" } },
      // @ts-expect-error the element is MessageText
      body: { Text: "hello" },
    });
  });

  it("reject a metadata value that is not a string", () => {
    void client.PUT("/{queue}?comp=metadata", {
      // @ts-expect-error metadata values are strings
      params: { path: { queue: "jobs" }, header: { "x-ms-meta-count": 5 } },
    });
  });

  it("reject an unknown path key", () => {
    // @ts-expect-error there is no such operation
    void client.GET("/{queue}/messages/{messageid}", { params: { path } });
  });
});

describe("client options", () => {
  it("take the retry options users set, not the retry step's test seams", () => {
    createQueueClient({ isEmulated: true, retry: { maxTries: 6, retryDelay: 0.5, maxRetryDelay: 30 } });
    // @ts-expect-error the jitter source is pinned by the transport's tests only
    createQueueClient({ isEmulated: true, retry: { random: () => 0.5 } });
    // @ts-expect-error prepareAttempt takes the transport's internal WireRequest
    createQueueClient({ isEmulated: true, retry: { prepareAttempt: (request: unknown) => request } });
  });

  it("take a userAgentPrefix, a string", () => {
    createQueueClient({ isEmulated: true, userAgentPrefix: "orders-worker/2.1" });
    // @ts-expect-error the prefix is the product token's text
    createQueueClient({ isEmulated: true, userAgentPrefix: { name: "orders-worker", version: "2.1" } });
  });
});
