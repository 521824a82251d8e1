/**
 * QueueService: the reference QueueService's API in camelCase, on the generated request builders and the shared
 * send path. The class holds the connection, the message-content pipeline and the SAS generator; each area of the API
 * lives in its own module (queues, access policies, service properties, listing, messages, SAS).
 */
import type { SasGenerator } from "../auth/sas-generate.js";
import { connect, type Connection } from "../connect.js";
import { ValidationError } from "../errors.js";
import { encryptionFromOptions } from "../encryption/settings.js";
import type { EncryptionVersion, KeyEncryptionKey, KeyResolver } from "../encryption/types.js";
import { getQueueAcl, setQueueAcl } from "./access-policies.js";
import { listQueues } from "./list-queues.js";
import { codecFromOptions, createMessageContent, type MessageContent } from "./message-content.js";
import { clearMessages, deleteMessage, getMessages, peekMessages, putMessage, updateMessage } from "./messages.js";
import { createQueue, deleteQueue, getQueueMetadata, queueExists, setQueueMetadata } from "./queues.js";
import { getQueueServiceProperties, getQueueServiceStats, setQueueServiceProperties } from "./service-properties.js";
import { accountSharedAccessSignature, queueSharedAccessSignature, requireSasGenerator } from "./shared-access-signatures.js";
import type {
  EnqueuedMessage,
  GetMessagesOptions,
  PeekMessagesOptions,
  PeekedMessage,
  PutMessageOptions,
  ReceivedMessage,
  UpdateMessageOptions,
  UpdatedMessage,
} from "./types/messages.js";
import type {
  CallOptions,
  QueueServiceArgs,
  QueueServiceConnectionStringArgs,
  QueueServiceOptions,
  ResponseInfo,
} from "./types/options.js";
import type {
  CreateQueueOptions,
  DeleteQueueOptions,
  ListQueuesOptions,
  QueueListing,
  QueueMetadata,
} from "./types/queues.js";
import type { ProcessMessagesOptions } from "../worker/options.js";
import { startWorker } from "../worker/start-worker.js";
import type { MessageHandler, QueueWorker, StoredTextMessages } from "../worker/types.js";
import type { ServiceProperties, ServicePropertiesInit, ServiceStats } from "./types/service-properties.js";
import type {
  AccessPolicy,
  AccessPolicyInit,
  AccountPermissionsInput,
  AccountSasOptions,
  QueueSasOptions,
  ResourceTypesInput,
} from "./types/shared-access.js";

// The lease worker receives through a codec-free view of the service (content is the stored text) and decodes each
// message with the service's current `decodeFunction` itself, so that a poisoned message is copied to the poison
// queue byte for byte: encoding decoded content again need not give the same text (another base64 padding, another
// XML escape, a codec that is not a bijection). The view shares the service's connection, so it closes with it.
const STORED_TEXT: MessageContent<string> = createMessageContent<string>({ encodeFunction: (text) => text, decodeFunction: (text) => text });

// Assigned in the class's static block, the only place that may read a service's private connection; internal,
// never exported from a public entry.
let storedTextOf: <T>(service: QueueService<T>) => StoredTextMessages;

/** The codec-free view of `service`, for the worker (see above). */
export function storedTextMessages<T>(service: QueueService<T>): StoredTextMessages {
  return storedTextOf(service);
}

const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * A client for one storage account's Queue service.
 *
 * `T` is the message content type: `string` by default (XML-escaped text, as the reference stores it), or whatever
 * `encodeFunction`/`decodeFunction` take and give, e.g. `Uint8Array` with the binary base64 format.
 *
 * One instance serves any number of concurrent calls and reuses its connections: create one per account and share
 * it. `util.inspect` shows its account, endpoints and kind of credential, never the credential.
 *
 * Methods check their arguments first and throw `ValidationError` before any request. After that, an error status
 * is an `AzureHttpError` (`AzureMissingResourceHttpError` for 404, `AzureConflictHttpError` for 409); retries that
 * run out without an answer end in `NetworkError` or `TimeoutError` (a request sent may have been carried out);
 * the call's `abortSignal` ends it with `AbortError`; a failing token credential gives `TokenCredentialError`; and
 * an answer that cannot be read is a `ResponseParseError`. Each method's `@throws` says when.
 *
 * @example
 * await using qs = new QueueService({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING });
 * await qs.createQueue("jobs");
 * await qs.putMessage("jobs", "hello");
 * for (const message of await qs.getMessages("jobs", { numMessages: 16 })) {
 *   console.log(message.content);
 *   await qs.deleteMessage("jobs", message.id, message.popReceipt);
 * }
 */
export class QueueService<T = string> {
  /** Turns content into the text the service stores; assignable, as in the reference. */
  encodeFunction: (content: T) => string;
  /** Turns stored text back into content; assignable, as in the reference. */
  decodeFunction: (text: string) => T;
  /**
   * When set, every message put or updated with content is encrypted: a fresh content key per message, wrapped by
   * this key (see `AesKeyWrapKey`, `RsaOaepKey`); messages read are decrypted with it unless a
   * `keyResolverFunction` is set. Assignable, as in the reference.
   */
  keyEncryptionKey: KeyEncryptionKey | undefined;
  /** Finds the key that decrypts a message by the key id in its envelope; takes precedence over `keyEncryptionKey`. */
  keyResolverFunction: KeyResolver | undefined;
  /**
   * Refuses to put a message without a `keyEncryptionKey` (ValidationError, before any request) and to return a
   * message that is not encrypted (DecryptionError).
   */
  requireEncryption: boolean;
  /** The envelope protocol of messages put: `"2.0"` (AES-GCM, the default) or `"1.0"` (AES-CBC, the reference's). */
  encryptionVersion: EncryptionVersion;

  // Private so that util.inspect, JSON.stringify and property enumeration never reach a credential.
  readonly #connection: Connection;
  readonly #sas: SasGenerator | undefined;
  readonly #content: MessageContent<T>;

  /**
   * Checks the options and prepares the connection pool; nothing is sent before the first call.
   *
   * @param options - Where the account is, how to authenticate and send, and the codec. Optional for `string`
   *   content; with any other content type, `encodeFunction` and `decodeFunction` are required.
   * @throws ValidationError for a malformed connection string, endpoint, credential or option, before anything is
   *   sent.
   * @example
   * new QueueService({ accountName: "acct", accountKey: process.env.KEY });
   * new QueueService({ isEmulated: true });
   * new QueueService({ endpoint: "https://acct.queue.core.windows.net", sasToken });
   * new QueueService({
   *   isEmulated: true,
   *   encodeFunction: QueueMessageFormat.binaryBase64Encode,
   *   decodeFunction: QueueMessageFormat.binaryBase64Decode,
   * }); // QueueService<Uint8Array>
   */
  constructor(...[options = {}]: QueueServiceArgs<T>) {
    const given: QueueServiceOptions<T> = options;
    if (given === null || typeof given !== "object") throw new ValidationError("options", "QueueService options must be an object");
    const codec = codecFromOptions(given);
    this.#connection = connect(given);
    this.encodeFunction = codec.encodeFunction;
    this.decodeFunction = codec.decodeFunction;
    const encryption = encryptionFromOptions(given);
    this.keyEncryptionKey = encryption.keyEncryptionKey;
    this.keyResolverFunction = encryption.keyResolverFunction;
    this.requireEncryption = encryption.requireEncryption;
    this.encryptionVersion = encryption.encryptionVersion;
    this.#sas = this.#connection.sasGenerator();
    this.#content = createMessageContent<T>(this);
  }

  static {
    storedTextOf = (service) => {
      const connection = service.#connection;
      return {
        createQueue: (queueName, options) => createQueue(connection, queueName, options),
        putMessage: (queueName, text, options) => putMessage(connection, STORED_TEXT, queueName, text, options),
        getMessages: (queueName, options) => getMessages(connection, STORED_TEXT, queueName, options),
        updateMessage: (queueName, messageId, popReceipt, visibilityTimeout, options) =>
          updateMessage(connection, STORED_TEXT, queueName, messageId, popReceipt, visibilityTimeout, options),
        deleteMessage: (queueName, messageId, popReceipt, options) => deleteMessage(connection, queueName, messageId, popReceipt, options),
      };
    };
  }

  /** The account's name, when the options or the endpoint name it. */
  get accountName(): string | undefined {
    return this.#connection.accountName;
  }

  /** The primary endpoint requests go to, e.g. "https://acct.queue.core.windows.net"; never carries a credential. */
  get primaryEndpoint(): string {
    return this.#connection.primary;
  }

  /** The read-only secondary endpoint, when known. */
  get secondaryEndpoint(): string | undefined {
    return this.#connection.secondary;
  }

  /**
   * A service for the account a connection string describes, as `new QueueService({ connectionString })`.
   *
   * @param connectionString - The account key or SAS form, or `UseDevelopmentStorage=true`.
   * @param options - Everything else the constructor takes; the codec functions are required for non-string content.
   * @throws ValidationError for a malformed connection string or option.
   * @example
   * const qs = QueueService.fromConnectionString("UseDevelopmentStorage=true");
   */
  static fromConnectionString<T = string>(connectionString: string, ...[options]: QueueServiceConnectionStringArgs<T>): QueueService<T> {
    const merged = { ...options, connectionString } as QueueServiceOptions<T>;
    return new (QueueService as new (options: QueueServiceOptions<T>) => QueueService<T>)(merged);
  }

  /**
   * Queue_Create. True when created, false when the queue exists (with equal or other metadata).
   *
   * @throws ValidationError for a bad queue name, metadata or `timeout`, before any request.
   * @throws AzureConflictHttpError (409 QueueAlreadyExists) with `failOnExist` when the queue exists;
   *   AzureHttpError for another error status, e.g. 403 for a credential that may not create queues.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.createQueue("jobs", { metadata: { owner: "billing" } });
   */
  createQueue(queueName: string, options?: CreateQueueOptions): Promise<boolean> {
    return createQueue(this.#connection, queueName, options);
  }

  /**
   * Queue_Delete. True when deleted, false when the queue did not exist.
   *
   * @throws ValidationError for a bad queue name or `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) with `failNotExist` when it did not; AzureHttpError
   *   for another error status.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.deleteQueue("jobs");
   */
  deleteQueue(queueName: string, options?: DeleteQueueOptions): Promise<boolean> {
    return deleteQueue(this.#connection, queueName, options);
  }

  /**
   * Whether the queue exists (Queue_GetMetadata).
   *
   * @throws ValidationError for a bad queue name or `timeout`, before any request.
   * @throws AzureHttpError for an error status other than 404 QueueNotFound (which gives `false`), e.g. 403.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * if (!(await qs.exists("jobs"))) await qs.createQueue("jobs");
   */
  exists(queueName: string, options?: CallOptions): Promise<boolean> {
    return queueExists(this.#connection, queueName, options);
  }

  /**
   * Service_ListQueues, lazily: returns at once, requests pages while iterated.
   *
   * @throws ValidationError at once for bad options.
   * @throws While iterated: AzureHttpError for an error status, ResponseParseError for a page that cannot be
   *   read, NetworkError or TimeoutError when retries run out unanswered, AbortError when `abortSignal` fires.
   * @example
   * for await (const queue of qs.listQueues({ prefix: "jobs-", includeMetadata: true })) console.log(queue.name);
   * const firstTen = qs.listQueues({ numResults: 10 });
   * for await (const queue of firstTen) console.log(queue.name);
   * const rest = qs.listQueues({ marker: firstTen.nextMarker });
   */
  listQueues(options?: ListQueuesOptions): QueueListing {
    return listQueues(this.#connection, options);
  }

  /**
   * Queue_GetMetadata: the metadata (names as the server sent them) and the approximate message count.
   *
   * @throws ValidationError for a bad queue name or `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status; ResponseParseError when the message count header is missing or not a number.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const { metadata, approximateMessageCount } = await qs.getQueueMetadata("jobs");
   */
  getQueueMetadata(queueName: string, options?: CallOptions): Promise<QueueMetadata> {
    return getQueueMetadata(this.#connection, queueName, options);
  }

  /**
   * Queue_SetMetadata: replaces the metadata; none given clears it.
   *
   * @throws ValidationError for a bad queue name, a metadata name that is not a C# identifier, a value that is not
   *   printable ASCII, or a bad `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.setQueueMetadata("jobs", { owner: "billing" });
   */
  setQueueMetadata(queueName: string, metadata?: Readonly<Record<string, string>>, options?: CallOptions): Promise<ResponseInfo> {
    return setQueueMetadata(this.#connection, queueName, metadata, options);
  }

  /**
   * Queue_GetAccessPolicy: the stored access policies by id.
   *
   * @throws ValidationError for a bad queue name or `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status; ResponseParseError for a policy list or date that cannot be read.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const policies = await qs.getQueueAcl("jobs"); // { readers: { permission: "r", expiry: Date } }
   */
  getQueueAcl(queueName: string, options?: CallOptions): Promise<Record<string, AccessPolicy>> {
    return getQueueAcl(this.#connection, queueName, options);
  }

  /**
   * Queue_SetAccessPolicy: replaces the stored access policies (at most 5); none given removes them.
   *
   * @throws ValidationError for more than 5 policies, an id longer than 64 characters, an unknown permission
   *   letter, a date that does not parse, or a bad queue name or `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.setQueueAcl("jobs", { readers: { permission: QueuePermissions.READ, expiry: "2027-01-01T00:00:00Z" } });
   */
  setQueueAcl(queueName: string, signedIdentifiers?: Readonly<Record<string, AccessPolicyInit>>, options?: CallOptions): Promise<ResponseInfo> {
    return setQueueAcl(this.#connection, queueName, signedIdentifiers, options);
  }

  /**
   * Service_GetProperties: logging, metrics and CORS settings of the account's Queue service.
   *
   * @throws ValidationError for a bad `timeout`, before any request.
   * @throws AzureHttpError for an error status, e.g. 403 for a SAS without service-level access;
   *   ResponseParseError for settings that cannot be read.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const { cors } = await qs.getQueueServiceProperties();
   */
  getQueueServiceProperties(options?: CallOptions): Promise<ServiceProperties> {
    return getQueueServiceProperties(this.#connection, options);
  }

  /**
   * Service_SetProperties: sets the parts given and keeps the others.
   *
   * @throws ValidationError for a retention policy without 1..365 days, enabled metrics without `includeApis`,
   *   more than 5 CORS rules or a malformed one, or a bad `timeout`, before any request.
   * @throws AzureHttpError for an error status, e.g. 403 for a SAS without service-level access.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.setQueueServiceProperties({ cors: [{ allowedOrigins: ["https://app.example"], allowedMethods: ["GET"] }] });
   */
  setQueueServiceProperties(properties: ServicePropertiesInit, options?: CallOptions): Promise<ResponseInfo> {
    return setQueueServiceProperties(this.#connection, properties, options);
  }

  /**
   * Service_GetStatistics, from the secondary endpoint (geo-redundant accounts with read access).
   *
   * @throws ValidationError when no secondary endpoint is known, or for a bad `timeout`, before any request.
   * @throws AzureHttpError for an error status, e.g. when the account has no read-access geo-redundancy;
   *   ResponseParseError when the answer has no GeoReplication element or an unreadable sync time.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const { geoReplication } = await qs.getQueueServiceStats(); // { status: "live", lastSyncTime: Date }
   */
  getQueueServiceStats(options?: CallOptions): Promise<ServiceStats> {
    return getQueueServiceStats(this.#connection, options);
  }

  /**
   * An account SAS for the queue service (query string without `?`); needs the account key.
   *
   * @throws ValidationError when the service has no account key, or for an unknown resource type or permission
   *   letter, a date that does not parse, or a bad ip, protocol or version. Nothing is sent, so nothing else.
   * @example
   * const sasToken = qs.generateAccountSharedAccessSignature("sco", "rl", new Date(Date.now() + 3_600_000));
   * const reader = new QueueService({ endpoint, sasToken });
   */
  generateAccountSharedAccessSignature(
    resourceTypes: ResourceTypesInput,
    permission: AccountPermissionsInput,
    expiry: Date | string,
    options?: AccountSasOptions,
  ): string {
    return accountSharedAccessSignature(requireSasGenerator(this.#sas), resourceTypes, permission, expiry, options);
  }

  /**
   * A queue SAS (query string without `?`), ad hoc or through a stored access policy `id`; needs the account key.
   *
   * @throws ValidationError when the service has no account key, or for a bad queue name, an unknown permission
   *   letter, a date that does not parse, a missing permission or expiry without `id`, or a bad ip, protocol or
   *   version. Nothing is sent, so nothing else.
   * @example
   * const sasToken = qs.generateQueueSharedAccessSignature("jobs", { permission: "ap", expiry: "2027-01-01" });
   */
  generateQueueSharedAccessSignature(queueName: string, options?: QueueSasOptions): string {
    return queueSharedAccessSignature(requireSasGenerator(this.#sas), queueName, options);
  }

  /**
   * Messages_Put: encodes `content`, checks its size (64 KiB of UTF-8) and puts it at the back of the queue.
   *
   * @throws ValidationError for a bad queue name, visibility timeout (0..7 days), time to live (-1 or >= 1 s) or
   *   `timeout`, a visibility timeout not less than the time to live, content `encodeFunction` refuses, or encoded
   *   text over 64 KiB of UTF-8, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status; ResponseParseError for an answer without the new message.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const { id, popReceipt } = await qs.putMessage("jobs", "hello", { visibilityTimeout: 10, timeToLive: -1 });
   */
  putMessage(queueName: string, content: T, options?: PutMessageOptions): Promise<EnqueuedMessage<T>> {
    return putMessage(this.#connection, this.#content, queueName, content, options);
  }

  /**
   * Messages_Get: takes up to `numMessages` (1..32) messages, hidden for `visibilityTimeout` seconds.
   *
   * @throws ValidationError for a bad queue name, `numMessages`, visibility timeout (1 s..7 days) or `timeout`,
   *   before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status; ResponseParseError for a message list that cannot be read, or content
   *   `decodeFunction` cannot read (e.g. put with another format); the service has taken the messages all the
   *   same, and they reappear when their visibility timeout ends.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const messages = await qs.getMessages("jobs", { numMessages: 32, visibilityTimeout: 60 });
   */
  getMessages(queueName: string, options?: GetMessagesOptions): Promise<ReceivedMessage<T>[]> {
    return getMessages(this.#connection, this.#content, queueName, options);
  }

  /**
   * Messages_Peek: reads up to `numMessages` (1..32) visible messages without hiding them.
   *
   * @throws ValidationError for a bad queue name, `numMessages` or `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status; ResponseParseError for a message list that cannot be read, or content
   *   `decodeFunction` cannot read.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const [next] = await qs.peekMessages("jobs");
   */
  peekMessages(queueName: string, options?: PeekMessagesOptions): Promise<PeekedMessage<T>[]> {
    return peekMessages(this.#connection, this.#content, queueName, options);
  }

  /**
   * Message_Update: a new visibility timeout and optionally new content; use the returned pop receipt afterwards.
   *
   * @throws ValidationError for a bad queue name, an empty message id or pop receipt, a visibility timeout
   *   outside 0..7 days, content `encodeFunction` refuses or encoded text over 64 KiB, before any request.
   * @throws AzureMissingResourceHttpError (404 MessageNotFound or QueueNotFound); AzureHttpError for another error
   *   status, typically 400 PopReceiptMismatch for a stale pop receipt, with `earlierAttemptMayHaveSucceeded`
   *   when an unanswered earlier attempt may have made the update; ResponseParseError for an answer without the
   *   new pop receipt or time.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * const { popReceipt } = await qs.updateMessage("jobs", message.id, message.popReceipt, 60, { content: "retry" });
   */
  updateMessage(
    queueName: string,
    messageId: string,
    popReceipt: string,
    visibilityTimeout: number,
    options?: UpdateMessageOptions<T>,
  ): Promise<UpdatedMessage<T>> {
    return updateMessage(this.#connection, this.#content, queueName, messageId, popReceipt, visibilityTimeout, options);
  }

  /**
   * Message_Delete, with the pop receipt of the latest getMessages or updateMessage.
   *
   * @throws ValidationError for a bad queue name, an empty message id or pop receipt, or a bad `timeout`, before
   *   any request.
   * @throws AzureMissingResourceHttpError (404 MessageNotFound or QueueNotFound), unless an unanswered earlier
   *   attempt deleted the message; AzureHttpError for another error status, typically 400 PopReceiptMismatch
   *   for a stale pop receipt.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.deleteMessage("jobs", message.id, message.popReceipt);
   */
  deleteMessage(queueName: string, messageId: string, popReceipt: string, options?: CallOptions): Promise<ResponseInfo> {
    return deleteMessage(this.#connection, queueName, messageId, popReceipt, options);
  }

  /**
   * Messages_Clear: deletes every message of the queue.
   *
   * @throws ValidationError for a bad queue name or `timeout`, before any request.
   * @throws AzureMissingResourceHttpError (404 QueueNotFound) when the queue does not exist; AzureHttpError for
   *   another error status, e.g. 500 OperationTimedOut for a queue too large to clear at once: call it again.
   * @throws NetworkError or TimeoutError when retries run out unanswered; AbortError when `abortSignal` fires.
   * @example
   * await qs.clearMessages("jobs");
   */
  clearMessages(queueName: string, options?: CallOptions): Promise<ResponseInfo> {
    return clearMessages(this.#connection, queueName, options);
  }

  /**
   * The lease worker: receives messages of `queueName` and runs `handler` on each, up to `concurrency` at once.
   * While a handler runs, its message's lease (`visibilityTimeout`) is renewed at half its length with the newest
   * pop receipt. When the handler resolves, the message is deleted; when it throws, the message is released
   * (visible again after `retryDelay`), and on its `maxDequeueCount`-th delivery its stored text is copied to the
   * poison queue as is and the original deleted. A lease the service ends (another consumer got the message) aborts
   * the handler's `signal` with `LeaseLostError`, and the message is left alone. Errors go to `onError`, never
   * thrown; `stop()` ends the worker without losing a message. Messages are decoded with `decodeFunction`, read
   * for each message. Uses `Messages_Get`, `Message_Update` and `Message_Delete`, and for poison messages `Queue_Create` and
   * `Messages_Put`.
   *
   * @throws ValidationError for a bad queue name, handler or option (e.g. `batchSize` outside 1..32, a
   *   `visibilityTimeout` under 1 s or over 7 days), before anything is received.
   * @example
   * const worker = qs.processMessages("jobs", async (message, { signal }) => {
   *   await fetch("https://example.com/hook", { method: "POST", body: message.content, signal });
   * }, { concurrency: 16, visibilityTimeout: 30, onError: ({ source, error }) => console.error(source, error) });
   * process.once("SIGTERM", () => void worker.stop({ timeout: 30 }));
   */
  processMessages(queueName: string, handler: MessageHandler<T>, options?: ProcessMessagesOptions): QueueWorker {
    return startWorker(storedTextOf(this), (text) => this.#content.decode(text), queueName, handler, options);
  }

  /**
   * Node: sends later requests through an HTTP proxy (HTTPS tunnelled with CONNECT), with Basic authentication
   * when `user` is given. Without a call, HTTP(S)_PROXY and NO_PROXY from the environment apply.
   *
   * @throws ValidationError for a malformed host or port, or where proxies are not ours to set (browsers, `fetch`).
   * @example
   * qs.setProxy("proxy.internal", 3128, "svc", process.env.PROXY_PASSWORD);
   */
  setProxy(host: string, port: number, user?: string, password?: string): void {
    if (password !== undefined && user === undefined) {
      throw new ValidationError("proxy", "a proxy password needs a user");
    }
    this.#connection.setProxy({
      host,
      port,
      ...(user === undefined ? {} : { username: user }),
      ...(password === undefined ? {} : { password }),
    });
  }

  /**
   * Releases pooled connections; a Node process then exits on its own. Calls after it fail. `await using` calls it
   * for you at the end of the block. It never rejects, and calling it again is harmless.
   *
   * @example
   * const qs = new QueueService({ connectionString });
   * try {
   *   await qs.putMessage("jobs", "hello");
   * } finally {
   *   await qs.close();
   * }
   */
  close(): Promise<void> {
    return this.#connection.close();
  }

  /** `close()`, for `await using qs = new QueueService(...)`: the connections are released when the block ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * What util.inspect shows: where the service is and which kind of credential it uses, never the credential.
   *
   * @internal
   */
  [INSPECT](): string {
    const { accountName, primary, secondary, credentialKind } = this.#connection;
    return `QueueService ${JSON.stringify({ accountName, primary, secondary, credentialKind })}`;
  }
}
