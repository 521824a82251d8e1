/**
 * `azqueue`: QueueService, the reference QueueService's API for Azure Queue Storage, with its message formats,
 * permission sets and errors. The typed low-level client is `azqueue/client`.
 *
 * @module azqueue
 * @example
 * import { QueueService } from "azqueue";
 * await using qs = QueueService.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING!);
 * await qs.createQueue("jobs");
 * await qs.putMessage("jobs", "hello");
 */
export { QueueService } from "./facade/queue-service.js";
export { QueueMessageFormat, type QueueMessageFormats } from "./facade/message-format.js";
export { AesKeyWrapKey } from "./encryption/aes-key-wrap-key.js";
export { RsaOaepKey, type RsaOaepAlgorithm } from "./encryption/rsa-oaep-key.js";
export type { EncryptionVersion, KeyEncryptionKey, KeyResolver } from "./encryption/types.js";
export type { MaybePromise } from "./maybe-promise.js";
export {
  AccountPermissions,
  QueuePermissions,
  ResourceTypes,
  type AccountPermissionFlags,
  type QueuePermissionFlags,
  type ResourceTypeFlags,
} from "./facade/permissions.js";
export type * from "./facade/types/options.js";
export type * from "./facade/types/queues.js";
export type * from "./facade/types/messages.js";
export type * from "./facade/types/shared-access.js";
export type * from "./facade/types/service-properties.js";
export type { ConnectionOptions } from "./connect.js";
export type { RetryOptions } from "./transport/retry.js";
export type { ProxyOptions, TlsOptions } from "./platform/sender.js";
export type { TransportLogger as Logger } from "./transport/types.js";
export type {
  MessageHandler,
  MessageHandlerContext,
  QueueWorker,
  StopOptions,
  WorkerErrorEvent,
  WorkerErrorSource,
  WorkerStats,
} from "./worker/types.js";
export type { ProcessMessagesOptions } from "./worker/options.js";
export * from "./errors.js";
