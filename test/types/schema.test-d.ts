// The raw generated types: the typed client never asks for transport-owned headers or fixed discriminators,
// required query parameters stay required, and metadata is a family of `x-ms-meta-*` headers.
import { describe, expectTypeOf, it } from "vitest";
import type { components, operations, paths } from "../../generated/schema.js";

type Parameters<Id extends keyof operations> = operations[Id]["parameters"];

describe("generated/schema.ts", () => {
  it("Message_Update takes popreceipt and visibilitytimeout (required) and an optional QueueMessage body", () => {
    expectTypeOf<Parameters<"Message_Update">["query"]>().toEqualTypeOf<{
      timeout?: number;
      popreceipt: string;
      visibilitytimeout: number;
    }>();
    expectTypeOf<Parameters<"Message_Update">["path"]>().toEqualTypeOf<{ queue: string; messageid: string }>();
    expectTypeOf<operations["Message_Update"]["requestBody"]>().toEqualTypeOf<
      { content: { "application/xml": { MessageText: string } } } | undefined
    >();
  });

  it("leaves x-ms-version, x-ms-date and x-ms-client-request-id out of every operation", () => {
    expectTypeOf<Parameters<"Messages_Put">["header"]>().toEqualTypeOf<undefined>();
    expectTypeOf<Parameters<"Message_Delete">["header"]>().toEqualTypeOf<undefined>();
  });

  it("leaves the fixed comp/restype/peekonly out of the query (the path key carries them)", () => {
    expectTypeOf<Parameters<"Messages_Peek">["query"]>().toEqualTypeOf<{ timeout?: number; numofmessages?: number } | undefined>();
    expectTypeOf<Parameters<"Service_GetProperties">["query"]>().toEqualTypeOf<{ timeout?: number } | undefined>();
    expectTypeOf<keyof paths>().toEqualTypeOf<
      | "/?comp=list"
      | "/?restype=service&comp=properties"
      | "/?restype=service&comp=stats"
      | "/{queue}"
      | "/{queue}?comp=metadata"
      | "/{queue}?comp=acl"
      | "/{queue}/messages"
      | "/{queue}/messages?peekonly=true"
      | "/{queue}/messages/{messageid}"
    >();
  });

  it("Queue_SetMetadata and Queue_Create accept x-ms-meta-* headers with string values, and nothing else", () => {
    type MetadataHeaders = NonNullable<Parameters<"Queue_SetMetadata">["header"]>;
    expectTypeOf<{ "x-ms-meta-owner": string; "x-ms-meta-k1": string }>().toExtend<MetadataHeaders>();
    expectTypeOf<NonNullable<Parameters<"Queue_Create">["header"]>>().toEqualTypeOf<MetadataHeaders>();
    const ok: MetadataHeaders = { "x-ms-meta-owner": "ops" };
    // @ts-expect-error a header outside the x-ms-meta- family
    const typo: MetadataHeaders = { "x-ms-mta-owner": "ops" };
    // @ts-expect-error metadata values are strings
    const notString: MetadataHeaders = { "x-ms-meta-count": 3 };
    void [ok, typo, notString];
  });

  it("types XML bodies: integers are numbers, root arrays are arrays, attributes are properties", () => {
    expectTypeOf<components["schemas"]["DequeuedMessage"]["DequeueCount"]>().toEqualTypeOf<number>();
    expectTypeOf<components["schemas"]["PeekedMessage"]>().not.toHaveProperty("PopReceipt");
    expectTypeOf<components["schemas"]["SignedIdentifiers"]>().toEqualTypeOf<components["schemas"]["SignedIdentifier"][]>();
    expectTypeOf<components["schemas"]["ListQueuesResult"]["ServiceEndpoint"]>().toEqualTypeOf<string>();
    expectTypeOf<components["schemas"]["StorageError"]>().toExtend<{ Code: string; Message: string }>();
  });
});
