/**
 * What QueueService is built with and what every method takes last: the constructor's options (the connection
 * options plus the message codec), the codec pair, the per-call options and the request id and date a call
 * answers with.
 */
import type { ConnectionOptions } from "../../connect.js";
import type { EncryptionVersion, KeyEncryptionKey, KeyResolver } from "../../encryption/types.js";

// The transport's event is the public one: QueueService adds nothing to it, so there is one type to learn.
export type { TransportLogEvent as LogEvent } from "../../transport/types.js";

/**
 * When and to which request the service answered, as the reference's `extract_date_and_request_id` gives it.
 * Methods with nothing else to return resolve with it; keep `requestId` for support requests.
 */
export interface ResponseInfo {
  /** The service's `x-ms-request-id`: quote it when you ask Azure support about this call. */
  readonly requestId: string | undefined;
  /** The service's clock when it answered (the `Date` header); useful to spot clock skew on this machine. */
  readonly date: Date | undefined;
}

/**
 * Options every QueueService method takes, last.
 *
 * @example
 * const controller = new AbortController();
 * process.once("SIGTERM", () => controller.abort());
 * const messages = await qs.getMessages("jobs", {
 *   timeout: 10,
 *   abortSignal: controller.signal,
 *   onResponse: ({ status, requestId }) => console.debug("Messages_Get", status, requestId),
 * });
 */
export interface CallOptions {
  /** Server-side timeout, whole seconds (the service caps it at 30); the client's own bound is `socketTimeout`. */
  readonly timeout?: number;
  /** Cancels the call at once, including a wait between retries, with an `AbortError`. */
  readonly abortSignal?: AbortSignal;
  /**
   * Called once per final response (once per page for listQueues), error statuses included, before the method
   * returns or throws: to record request ids or response times.
   */
  readonly onResponse?: (info: ResponseInfo & { readonly status: number }) => void;
}

// `proxy` stays out: QueueService sets its proxy with setProxy, as the reference does.
/**
 * How to reach and authenticate with the account, how to send, and the message codec. Locate the account with one
 * of `connectionString`, `accountName`, `endpoint` or `isEmulated`. When several credentials are given,
 * `accountKey` wins over `sasToken`, which wins over `tokenCredential`; with none, requests are anonymous.
 *
 * @typeParam T - The message content type the codec takes and gives; `string` by default.
 * @example
 * import { DefaultAzureCredential } from "@azure/identity";
 *
 * const withKey = new QueueService({ accountName: "acct", accountKey: process.env.AZURE_STORAGE_KEY });
 * const withEntraId = new QueueService({ accountName: "acct", tokenCredential: new DefaultAzureCredential() });
 * const local = new QueueService({ isEmulated: true, retry: { maxTries: 1 }, socketTimeout: 5 });
 */
export interface QueueServiceOptions<T = string> extends Omit<ConnectionOptions, "proxy"> {
  /** Turns content into the text the service stores; default `QueueMessageFormat.textXmlEncode`. */
  readonly encodeFunction?: (content: T) => string;
  /** Turns stored text back into content; default `QueueMessageFormat.textXmlDecode`. */
  readonly decodeFunction?: (text: string) => T;
  /** Encrypts messages put and decrypts messages read; see `QueueService.keyEncryptionKey`. */
  readonly keyEncryptionKey?: KeyEncryptionKey | undefined;
  /** Finds the key that decrypts a message by its key id; see `QueueService.keyResolverFunction`. */
  readonly keyResolverFunction?: KeyResolver | undefined;
  /** Refuses plain messages both ways; default false. See `QueueService.requireEncryption`. */
  readonly requireEncryption?: boolean;
  /** `"2.0"` (AES-GCM, the default) or `"1.0"` (AES-CBC). */
  readonly encryptionVersion?: EncryptionVersion;
}

/**
 * Both codec functions: required together when the content type is not `string`. A pair of your own works too, as
 * long as what it stores is text XML can carry (base64 is always safe).
 *
 * @example
 * interface Job { readonly id: number; readonly url: string }
 * const json: MessageCodec<Job> = {
 *   encodeFunction: (job) => QueueMessageFormat.textBase64Encode(JSON.stringify(job)),
 *   decodeFunction: (text) => JSON.parse(QueueMessageFormat.textBase64Decode(text)) as Job,
 * };
 * const jobs = new QueueService({ connectionString, ...json }); // QueueService<Job>
 */
export interface MessageCodec<T> {
  /** Turns content into the text the service stores; it runs before the 64 KiB size check. */
  readonly encodeFunction: (content: T) => string;
  /** Turns stored text back into content, for every message got or peeked. */
  readonly decodeFunction: (text: string) => T;
}

/**
 * The constructor's arguments: options are optional for `string` content (the default codec fits), and must name
 * both codec functions otherwise, which is also what lets `T` be inferred from them.
 */
export type QueueServiceArgs<T> = string extends T
  ? [options?: QueueServiceOptions<T>]
  : [options: QueueServiceOptions<T> & MessageCodec<T>];

/** `fromConnectionString`'s options: everything but the connection string itself. */
export type QueueServiceConnectionStringArgs<T> = string extends T
  ? [options?: Omit<QueueServiceOptions<T>, "connectionString">]
  : [options: Omit<QueueServiceOptions<T>, "connectionString"> & MessageCodec<T>];
