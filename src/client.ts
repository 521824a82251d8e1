/**
 * `azqueue/client`: the typed low-level client. Every Queue REST operation, typed from spec/queue.openapi.yaml by
 * openapi-typescript and carried by openapi-fetch over azqueue's own send path (retry, sign, send). Reach for it
 * when you want the REST API as it is (its parameter names, its XML shapes, the full response); `QueueService` from
 * `azqueue` is the friendlier API.
 *
 * @module azqueue/client
 * @example
 * import { createQueueClient } from "azqueue/client";
 * const client = createQueueClient({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING });
 * const { data, error } = await client.GET("/{queue}/messages", {
 *   params: { path: { queue: "jobs" }, query: { numofmessages: 16, visibilitytimeout: 30 } },
 * });
 * await client.close();
 */
import createClient, { type Client } from "openapi-fetch";
import type * as schema from "../generated/schema.js";
import { createTransportFetch } from "./client/fetch-adapter.js";
import { connect, type ConnectionOptions } from "./connect.js";

export type { ConnectionOptions } from "./connect.js";
export type { RetryOptions } from "./transport/retry.js";
export type { ProxyOptions, TlsOptions } from "./platform/sender.js";
export type { TransportLogEvent as LogEvent, TransportLogger as Logger } from "./transport/types.js";
export * from "./errors.js";

/**
 * The Queue REST paths, keyed as the client's `GET`, `PUT`, `POST` and `DELETE` take them, each with its
 * parameters, headers, bodies and responses typed from the spec. The spec (`spec/queue.openapi.yaml`, shipped in
 * the package) documents every one of them; this type, generated from it into `generated/schema.ts`, is what your
 * editor completes from. Use it to name the shape of a call's options or answer in your own code.
 *
 * Keys are the spec's paths; operations Azure tells apart by a query discriminator have it in the key, e.g.
 * `"/{queue}?comp=metadata"` or `"/{queue}/messages?peekonly=true"`.
 *
 * @example
 * import type { paths } from "azqueue/client";
 *
 * type GetMessagesQuery = NonNullable<paths["/{queue}/messages"]["get"]["parameters"]["query"]>;
 * const query: GetMessagesQuery = { numofmessages: 32, visibilitytimeout: 60 };
 */
export type paths = schema.paths;

/**
 * The spec's reusable parts: XML body shapes (`schemas`), parameters, headers and error responses. `data` and
 * `error` of a typed call have these shapes, so name them from here when you pass results around.
 *
 * @example
 * import type { components } from "azqueue/client";
 *
 * type DequeuedMessage = components["schemas"]["DequeuedMessage"];
 * const receipts = (messages: DequeuedMessage[]) => messages.map((message) => message.PopReceipt);
 */
export type components = schema.components;

/**
 * The same operations as {@link paths}, keyed by the spec's operationId (`Messages_Put`, `Message_Update`, ...),
 * the name errors carry in `operationId` and QueueService's methods are documented by.
 *
 * @example
 * import type { QueueOperations } from "azqueue/client";
 *
 * type PutMessageBody = QueueOperations["Messages_Put"]["requestBody"]["content"]["application/xml"];
 * const body: PutMessageBody = { MessageText: "hello" };
 */
export type QueueOperations = schema.operations;

/**
 * What `createQueueClient` takes: where the account is, how to authenticate, and how to send (retry, TLS, proxy,
 * logging). Give one way to locate the account: a `connectionString`, `accountName` (with `accountKey`,
 * `sasToken` or `tokenCredential`), an `endpoint`, or `isEmulated`.
 */
export type QueueClientOptions = ConnectionOptions;

/**
 * An openapi-fetch client over the Queue paths, plus the means to release its connections. Call `GET`, `PUT`,
 * `POST` and `DELETE` with a key of {@link paths}; each resolves with `{ data, error, response }`, where `error` is
 * the service's `StorageError` (`{ Code, Message }`) for an error status. Failures without a usable answer
 * (network, timeout, an unreadable body) reject with azqueue's errors instead.
 *
 * @example
 * import { createQueueClient, type QueueClient } from "azqueue/client";
 *
 * async function queueLength(client: QueueClient, queue: string): Promise<number> {
 *   const { response, error } = await client.GET("/{queue}?comp=metadata", { params: { path: { queue } } });
 *   if (error) throw new Error(`${error.Code}: ${error.Message}`);
 *   return Number(response.headers.get("x-ms-approximate-messages-count"));
 * }
 */
export type QueueClient = Client<paths> & {
  /** The primary endpoint requests go to, e.g. "https://acct.queue.core.windows.net"; never carries a credential. */
  readonly endpoint: string;
  /** Releases pooled connections; a Node process then exits on its own. Calls after it fail. */
  close(): Promise<void>;
  /** `close()`, for `await using client = createQueueClient(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Creates a typed client. The transport supplies `x-ms-version`, `x-ms-date`, `x-ms-client-request-id`,
 * `User-Agent` and `Authorization` on every attempt; typed calls never ask for them. Nothing is sent until the
 * first call.
 *
 * @throws ValidationError for a malformed connection string, endpoint or credential.
 * @example
 * await using client = createQueueClient({ isEmulated: true });
 * await client.PUT("/{queue}", { params: { path: { queue: "jobs" } } });
 * const { data } = await client.GET("/{queue}/messages?peekonly=true", {
 *   params: { path: { queue: "jobs" }, query: { numofmessages: 5 } },
 * });
 * for (const message of data ?? []) console.log(message.MessageId, message.MessageText);
 */
export function createQueueClient(options: QueueClientOptions): QueueClient {
  const connection = connect(options);
  const client = createClient<paths>({
    baseUrl: connection.primary,
    fetch: createTransportFetch(connection, connection.send),
  });
  const close = () => connection.close();
  return Object.assign(client, { endpoint: connection.primary, close, [Symbol.asyncDispose]: close });
}
