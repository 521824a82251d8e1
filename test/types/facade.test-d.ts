import { describe, expectTypeOf, it } from "vitest";
import {
  AccountPermissions,
  QueueMessageFormat,
  QueuePermissions,
  QueueService,
  ResourceTypes,
  type EnqueuedMessage,
  type PeekedMessage,
  type Queue,
  type QueueListing,
  type QueuePage,
  type ReceivedMessage,
  type ResponseInfo,
  type ServiceProperties,
  type ServiceStats,
  type UpdatedMessage,
} from "../../src/index.js";

const binaryCodec = { encodeFunction: QueueMessageFormat.binaryBase64Encode, decodeFunction: QueueMessageFormat.binaryBase64Decode };

describe("QueueService's content type", () => {
  it("is string by default, with or without options", () => {
    expectTypeOf(new QueueService()).toEqualTypeOf<QueueService<string>>();
    expectTypeOf(new QueueService({ isEmulated: true })).toEqualTypeOf<QueueService<string>>();
    expectTypeOf(QueueService.fromConnectionString("UseDevelopmentStorage=true")).toEqualTypeOf<QueueService<string>>();
  });

  it("is inferred from encodeFunction and decodeFunction", () => {
    const binary = new QueueService({ isEmulated: true, ...binaryCodec });
    expectTypeOf(binary).toEqualTypeOf<QueueService<Uint8Array>>();
    expectTypeOf(QueueService.fromConnectionString("UseDevelopmentStorage=true", binaryCodec)).toEqualTypeOf<QueueService<Uint8Array>>();
    const jobs = new QueueService({
      encodeFunction: (job: { id: number }) => JSON.stringify(job),
      decodeFunction: (text: string) => JSON.parse(text) as { id: number },
    });
    expectTypeOf(jobs).toEqualTypeOf<QueueService<{ id: number }>>();
  });

  it("string formats other than the default keep string", () => {
    const base64 = new QueueService({ encodeFunction: QueueMessageFormat.textBase64Encode, decodeFunction: QueueMessageFormat.textBase64Decode });
    expectTypeOf(base64).toEqualTypeOf<QueueService<string>>();
    // One string function alone is fine: the other default fits.
    expectTypeOf(new QueueService({ encodeFunction: QueueMessageFormat.noEncode })).toEqualTypeOf<QueueService<string>>();
  });

  it("needs both functions when it is not string", () => {
    // @ts-expect-error decodeFunction is missing
    new QueueService({ encodeFunction: QueueMessageFormat.binaryBase64Encode });
    // @ts-expect-error encodeFunction is missing
    new QueueService({ decodeFunction: QueueMessageFormat.binaryBase64Decode });
    // @ts-expect-error options with both functions are required for Uint8Array
    new QueueService<Uint8Array>();
    // @ts-expect-error the default codec does not fit Uint8Array
    new QueueService<Uint8Array>({ isEmulated: true });
    // @ts-expect-error decodeFunction is missing
    QueueService.fromConnectionString("UseDevelopmentStorage=true", { encodeFunction: QueueMessageFormat.binaryBase64Encode });
  });

  it("refuses functions that disagree on the type", () => {
    // @ts-expect-error binary encode with text decode
    new QueueService({ encodeFunction: QueueMessageFormat.binaryBase64Encode, decodeFunction: QueueMessageFormat.textXmlDecode });
  });

  it("types put, get, peek and update content", async () => {
    const binary = new QueueService(binaryCodec);
    expectTypeOf(binary.putMessage("q", new Uint8Array([1]))).resolves.toEqualTypeOf<EnqueuedMessage<Uint8Array>>();
    // @ts-expect-error a binary service takes bytes
    void binary.putMessage("q", "text");
    expectTypeOf(await binary.getMessages("q")).toEqualTypeOf<ReceivedMessage<Uint8Array>[]>();
    expectTypeOf(await binary.peekMessages("q")).toEqualTypeOf<PeekedMessage<Uint8Array>[]>();
    expectTypeOf(await binary.updateMessage("q", "id", "receipt", 0, { content: new Uint8Array() })).toEqualTypeOf<UpdatedMessage<Uint8Array>>();
    // @ts-expect-error update content is bytes too
    void binary.updateMessage("q", "id", "receipt", 0, { content: "text" });
    const text = new QueueService();
    // @ts-expect-error a string service takes text
    void text.putMessage("q", new Uint8Array());
  });

  it("keeps encodeFunction and decodeFunction assignable, within the type", () => {
    const text = new QueueService();
    text.encodeFunction = QueueMessageFormat.textBase64Encode;
    text.decodeFunction = QueueMessageFormat.noDecode;
    // @ts-expect-error a string service cannot take a bytes encoder
    text.encodeFunction = QueueMessageFormat.binaryBase64Encode;
    // @ts-expect-error nor a bytes decoder
    text.decodeFunction = QueueMessageFormat.binaryBase64Decode;
  });
});

describe("QueueService options", () => {
  it("reject a misspelt or mistyped constructor option", () => {
    // @ts-expect-error accountname is not an option (accountName is)
    new QueueService({ accountname: "acct" });
    // @ts-expect-error socketTimeout is a number of seconds
    new QueueService({ isEmulated: true, socketTimeout: "30" });
    // @ts-expect-error protocol is "https" or "http"
    new QueueService({ accountName: "acct", protocol: "ftp" });
    // @ts-expect-error connectionString belongs in the first argument of fromConnectionString
    QueueService.fromConnectionString("UseDevelopmentStorage=true", { connectionString: "x" });
  });

  it("reject a misspelt or mistyped method option", () => {
    const qs = new QueueService();
    // @ts-expect-error failOnExists is not an option (failOnExist is)
    void qs.createQueue("q", { failOnExists: true });
    // @ts-expect-error metadata values are strings
    void qs.createQueue("q", { metadata: { retries: 3 } });
    // @ts-expect-error numMessages is a number
    void qs.getMessages("q", { numMessages: "32" });
    // @ts-expect-error peekMessages has no visibilityTimeout
    void qs.peekMessages("q", { visibilityTimeout: 30 });
    // @ts-expect-error visibilityTimeout is required by updateMessage
    void qs.updateMessage("q", "id", "receipt");
    // @ts-expect-error timeout is a number of seconds
    void qs.clearMessages("q", { timeout: "5" });
    // @ts-expect-error abortSignal is an AbortSignal
    void qs.exists("q", { abortSignal: new AbortController() });
    // @ts-expect-error include is not a listQueues option (includeMetadata is)
    qs.listQueues({ include: "metadata" });
    // @ts-expect-error pageSize is not a byPage setting (maxPageSize is)
    qs.listQueues().byPage({ pageSize: 10 });
    // @ts-expect-error cors lists are arrays
    void qs.setQueueServiceProperties({ cors: [{ allowedOrigins: "*", allowedMethods: ["GET"] }] });
    // @ts-expect-error protocol is "https" or "https,http"
    qs.generateAccountSharedAccessSignature("s", "l", new Date(), { protocol: "http" });
    // @ts-expect-error permission is a string or QueuePermissions
    qs.generateQueueSharedAccessSignature("q", { permission: 5 });
  });

  it("accept every documented option", async () => {
    const qs = new QueueService({
      accountName: "acct",
      accountKey: "a2V5",
      sasToken: "sv=x&sig=y",
      isEmulated: false,
      protocol: "https",
      endpointSuffix: "core.windows.net",
      endpoint: "https://acct.queue.core.windows.net",
      secondaryEndpoint: "https://acct-secondary.queue.core.windows.net",
      socketTimeout: 2.5,
      retry: { maxTries: 3 },
      tls: { rejectUnauthorized: true },
      fetch: globalThis.fetch,
      logger: (event) => {
        expectTypeOf(event.operation).toEqualTypeOf<string>();
        expectTypeOf(event.duration).toEqualTypeOf<number>();
      },
    });
    const call = { timeout: 5, abortSignal: AbortSignal.timeout(1000), onResponse: (info: ResponseInfo & { status: number }) => void info };
    expectTypeOf(await qs.createQueue("q", { metadata: { a: "b" }, failOnExist: true, ...call })).toEqualTypeOf<boolean>();
    expectTypeOf(await qs.deleteQueue("q", { failNotExist: true, ...call })).toEqualTypeOf<boolean>();
    expectTypeOf(await qs.exists("q", call)).toEqualTypeOf<boolean>();
    expectTypeOf(await qs.getQueueMetadata("q", call)).toEqualTypeOf<{ readonly metadata: Record<string, string>; readonly approximateMessageCount: number }>();
    expectTypeOf(await qs.setQueueMetadata("q", { a: "b" }, call)).toEqualTypeOf<ResponseInfo>();
    expectTypeOf((await qs.getQueueAcl("q", call))["id"]!.expiry).toEqualTypeOf<Date | undefined>();
    await qs.setQueueAcl("q", { id: { permission: QueuePermissions.READ, start: new Date(), expiry: "2030-01-01" } }, call);
    expectTypeOf(await qs.getQueueServiceProperties(call)).toEqualTypeOf<ServiceProperties>();
    await qs.setQueueServiceProperties(await qs.getQueueServiceProperties(), call);
    expectTypeOf(await qs.getQueueServiceStats(call)).toEqualTypeOf<ServiceStats>();
    expectTypeOf((await qs.getQueueServiceStats()).geoReplication.lastSyncTime).toEqualTypeOf<Date | undefined>();
    expectTypeOf(await qs.putMessage("q", "x", { visibilityTimeout: 0, timeToLive: -1, ...call })).toEqualTypeOf<EnqueuedMessage<string>>();
    expectTypeOf(await qs.getMessages("q", { numMessages: 32, visibilityTimeout: 30, ...call })).toEqualTypeOf<ReceivedMessage<string>[]>();
    expectTypeOf(await qs.peekMessages("q", { numMessages: 32, ...call })).toEqualTypeOf<PeekedMessage<string>[]>();
    expectTypeOf(await qs.updateMessage("q", "id", "receipt", 30, { content: "y", ...call })).toEqualTypeOf<UpdatedMessage<string>>();
    expectTypeOf(await qs.deleteMessage("q", "id", "receipt", call)).toEqualTypeOf<ResponseInfo>();
    expectTypeOf(await qs.clearMessages("q", call)).toEqualTypeOf<ResponseInfo>();
    expectTypeOf(qs.generateAccountSharedAccessSignature(ResourceTypes.SERVICE, AccountPermissions.LIST, new Date(), { start: "2026-01-01", ip: "1.2.3.4", protocol: "https", version: "2025-11-05" })).toEqualTypeOf<string>();
    expectTypeOf(qs.generateQueueSharedAccessSignature("q", { permission: "raup", expiry: new Date(), start: new Date(), id: "policy", ip: "1.2.3.4", protocol: "https,http", version: "2025-11-05" })).toEqualTypeOf<string>();
    expectTypeOf(qs.setProxy("proxy", 3128, "user", "password")).toEqualTypeOf<void>();
    expectTypeOf(qs.close()).toEqualTypeOf<Promise<void>>();
  });
});

describe("listQueues", () => {
  it("returns a listing at once: queues, pages and nextMarker", async () => {
    const qs = new QueueService();
    const listing = qs.listQueues({ prefix: "a", numResults: 10, includeMetadata: true, marker: "m", timeout: 5 });
    expectTypeOf(listing).toEqualTypeOf<QueueListing>();
    expectTypeOf(listing).toExtend<AsyncIterable<Queue>>();
    expectTypeOf(listing.nextMarker).toEqualTypeOf<string | undefined>();
    for await (const page of listing.byPage({ maxPageSize: 100, continuationToken: "t" })) {
      expectTypeOf(page).toEqualTypeOf<QueuePage>();
      expectTypeOf(page).toExtend<Queue[]>();
      expectTypeOf(page.continuationToken).toEqualTypeOf<string | undefined>();
    }
    // @ts-expect-error nextMarker is read-only
    listing.nextMarker = "x";
  });
});
