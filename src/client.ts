/**
 * `azqueue/client`: the typed low-level client. Every Queue REST operation, typed from spec/queue.openapi.yaml by
 * openapi-typescript and carried by openapi-fetch over azqueue's own send path (retry, sign, send).
 *
 * @example
 * import { createQueueClient } from "azqueue/client";
 * const client = createQueueClient({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING });
 * const { data, error } = await client.GET("/{queue}/messages", {
 *   params: { path: { queue: "jobs" }, query: { numofmessages: 16, visibilitytimeout: 30 } },
 * });
 * await client.close();
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createTransportFetch } from "./client/fetch-adapter.js";
import { connect, type ConnectionOptions } from "./connect.js";

export type { paths, components, operations as QueueOperations } from "../generated/schema.js";
export type { ConnectionOptions } from "./connect.js";
export * from "./errors.js";

export type QueueClientOptions = ConnectionOptions;

/** An openapi-fetch client over the Queue paths, plus the means to release its connections. */
export type QueueClient = Client<paths> & {
  /** The primary endpoint requests go to. */
  readonly endpoint: string;
  /** Releases pooled connections; a Node process then exits on its own. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Creates a typed client. The transport supplies `x-ms-version`, `x-ms-date`, `x-ms-client-request-id`,
 * `User-Agent` and `Authorization` on every attempt; typed calls never ask for them.
 *
 * @throws ValidationError for a malformed connection string, endpoint or credential.
 * @example
 * await using client = createQueueClient({ isEmulated: true });
 * await client.PUT("/{queue}", { params: { path: { queue: "jobs" } } });
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
