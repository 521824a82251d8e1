/**
 * The span attributes azqueue records, named as OpenTelemetry's semantic conventions name them (messaging spans,
 * with the Azure `az.*` attributes), and the values that describe Azure Queue Storage. Only names, numbers, codes
 * and host names: never a URL, a header value, a key, a SAS signature or a token.
 *
 * It imports nothing of azqueue's: a lazy chunk that shared a module with the program's entry would make a bundler
 * split that module into one more chunk the program loads to run (see client-span.ts).
 */

export const ATTR_MESSAGING_SYSTEM = "messaging.system";
export const ATTR_DESTINATION_NAME = "messaging.destination.name";
export const ATTR_OPERATION_TYPE = "messaging.operation.type";
export const ATTR_OPERATION_NAME = "messaging.operation.name";
export const ATTR_MESSAGE_ID = "messaging.message.id";
export const ATTR_SERVER_ADDRESS = "server.address";
export const ATTR_SERVER_PORT = "server.port";
export const ATTR_HTTP_STATUS = "http.response.status_code";
export const ATTR_ERROR_TYPE = "error.type";
export const ATTR_AZ_NAMESPACE = "az.namespace";
export const ATTR_AZ_REQUEST_ID = "az.service_request_id";

/**
 * The conventions list no value for Azure Queue Storage (only `servicebus`, `eventhubs` and `eventgrid` for Azure),
 * so a custom one, in the snake_case of `aws_sqs` and `gcp_pubsub`, that cannot be taken for Service Bus queues.
 */
export const MESSAGING_SYSTEM = "azure_queue_storage";

/**
 * How many times the message has been received, the service's DequeueCount. System-specific attributes are named
 * `messaging.<system>.message.<property>` (`messaging.servicebus.message.delivery_count`,
 * `messaging.gcp_pubsub.message.delivery_attempt`), and the service calls this one the dequeue count.
 */
export const ATTR_DEQUEUE_COUNT = `messaging.${MESSAGING_SYSTEM}.message.dequeue_count`;

/** The Azure resource provider, as Azure SDKs record it. */
export const AZ_NAMESPACE = "Microsoft.Storage";

/** The span's answer to "what kind of messaging operation", by the spec's operationId; absent where none applies. */
const OPERATION_TYPES: Readonly<Record<string, "send" | "receive" | "settle">> = {
  Messages_Put: "send",
  Messages_Get: "receive",
  // A pull of messages by a consumer, as Service Bus's `peek` is typed `receive`.
  Messages_Peek: "receive",
  // A new visibility deadline for a received message: Azure's form of Pub/Sub's modack, typed `settle`; the worker
  // renews and releases leases with it.
  Message_Update: "settle",
  Message_Delete: "settle",
};

/**
 * The messaging operation type of an operation, or undefined for queue and service management.
 *
 * @example
 * operationType("Messages_Put"); // "send"
 */
export function operationType(operationId: string): "send" | "receive" | "settle" | undefined {
  return OPERATION_TYPES[operationId];
}

/**
 * `server.address` and, when not the scheme's default, `server.port` of an endpoint URL. The host only: an endpoint
 * never carries a credential, and the path (the emulator's account name) is not wanted here.
 *
 * @example
 * serverAttributes("http://127.0.0.1:10001/devstoreaccount1"); // { "server.address": "127.0.0.1", "server.port": 10001 }
 */
export function serverAttributes(endpoint: string): Record<string, string | number> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return {};
  }
  // URL.hostname keeps the brackets of an IPv6 literal; the conventions want the address alone.
  const address = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return url.port === "" ? { [ATTR_SERVER_ADDRESS]: address } : { [ATTR_SERVER_ADDRESS]: address, [ATTR_SERVER_PORT]: Number(url.port) };
}

/**
 * `error.type` of a failure: the service's error code when it sent one (`QueueNotFound`), else the error's class
 * name (`NetworkError`, `TimeoutError`), else the conventions' `_OTHER`.
 *
 * @example
 * errorType(new TimeoutError("...")); // "TimeoutError"
 */
export function errorType(error: unknown): string {
  // AzureHttpError's errorCode, read without importing the class (see above).
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  if (typeof code === "string") return code;
  if (error instanceof Error && error.name !== "") return error.name;
  return "_OTHER";
}

/**
 * A status description for a failure: azqueue's errors are made to carry no secret (errors.ts), and a handler's own
 * error is the application's; anything that is not an Error is described by its type only.
 *
 * @example
 * errorDescription(new Error("boom")); // "boom"
 */
export function errorDescription(error: unknown): string {
  return error instanceof Error ? error.message : typeof error;
}
