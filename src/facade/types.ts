/**
 * The public shapes of QueueService: what its methods take and return. Names follow the reference QueueService in
 * camelCase; dates are `Date`s, times sent to the service whole seconds.
 */
import type { TokenCredential } from "@azure/core-auth";
import type { RetryOptions } from "../transport/retry.js";
import type { TlsOptions } from "../platform/sender.js";
import type { TransportLogEvent } from "../transport/types.js";
import type { AccountPermissions, QueuePermissions, ResourceTypes } from "./permissions.js";

// The transport's event is the public one: QueueService adds nothing to it, so there is one type to learn.
export type { TransportLogEvent as LogEvent } from "../transport/types.js";

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
export interface QueueServiceOptions<T = string> {
  /**
   * The storage account: SharedKey signs with it (with `accountKey`), and without `endpoint` it names the host,
   * `https://{accountName}.queue.{endpointSuffix}`.
   */
  readonly accountName?: string;
  /**
   * Base64 account key: requests are signed with SharedKey, and the SAS methods can sign. Wins over `sasToken`
   * when both are given.
   */
  readonly accountKey?: string;
  /** A SAS token (with or without the leading `?`), appended to every request. */
  readonly sasToken?: string;
  /**
   * The local emulator (Azurite): its account and endpoint (`http://127.0.0.1:10001/devstoreaccount1`), signed
   * with its well-known key.
   */
  readonly isEmulated?: boolean;
  /** Scheme of endpoints built from `accountName`; default "https". */
  readonly protocol?: "https" | "http";
  /** The domain of endpoints built from `accountName`, for other clouds; default "core.windows.net". */
  readonly endpointSuffix?: string;
  /** The primary queue endpoint, e.g. "https://acct.queue.core.windows.net" or a path-style emulator URL. */
  readonly endpoint?: string;
  /** The read-only secondary endpoint, which read retries may use; derived from the primary when possible. */
  readonly secondaryEndpoint?: string;
  /**
   * An Azure Storage connection string: the account key or SAS form, or `UseDevelopmentStorage=true`. It overrides
   * every other location and credential option, as in the reference QueueService.
   */
  readonly connectionString?: string;
  /** Seconds one attempt may take on the client (fractions allowed); default 30. A slower attempt is retried. */
  readonly socketTimeout?: number;
  /**
   * Bearer tokens (Microsoft Entra ID, e.g. from `@azure/identity`), cached and refreshed before they expire;
   * HTTPS only. The identity needs a data role such as "Storage Queue Data Contributor".
   */
  readonly tokenCredential?: TokenCredential;
  /** How calls retry transient failures; by default 4 tries in all, with jittered waits of about 0.4, 0.8, 1.6 s. */
  readonly retry?: RetryOptions;
  /** Node: TLS settings, e.g. `{ ca }` for a self-signed emulator certificate. */
  readonly tls?: TlsOptions;
  /** A fetch to send with instead of the platform default; response header names then come back lower-case. */
  readonly fetch?: typeof globalThis.fetch;
  /** Called with one event per attempt (operation, attempt, status, duration, request id); never with a secret. */
  readonly logger?: (event: TransportLogEvent) => void;
  /** Turns content into the text the service stores; default `QueueMessageFormat.textXmlEncode`. */
  readonly encodeFunction?: (content: T) => string;
  /** Turns stored text back into content; default `QueueMessageFormat.textXmlDecode`. */
  readonly decodeFunction?: (text: string) => T;
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

/** Options of `createQueue`. */
export interface CreateQueueOptions extends CallOptions {
  /** Name-value pairs to store with the queue, e.g. an owner; names are C# identifiers, values printable ASCII. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Throw `AzureConflictHttpError` (409 QueueAlreadyExists) instead of returning false when the queue exists. */
  readonly failOnExist?: boolean;
}

/** Options of `deleteQueue`. */
export interface DeleteQueueOptions extends CallOptions {
  /** Throw `AzureMissingResourceHttpError` instead of returning false when the queue does not exist. */
  readonly failNotExist?: boolean;
}

/** Options of `listQueues`: which queues, and where to start. */
export interface ListQueuesOptions extends CallOptions {
  /** Only queues whose names start with this. */
  readonly prefix?: string;
  /** Stop after this many queues (at least 1); `nextMarker` then tells where to go on. */
  readonly numResults?: number;
  /** Fill in each queue's `metadata`. */
  readonly includeMetadata?: boolean;
  /** Start where an earlier listing's `nextMarker` left off. */
  readonly marker?: string;
}

/** How `QueueListing.byPage` pages: their size, and where to resume. */
export interface ListQueuesPageSettings {
  /** Queues per page, 1..5000 (sent as `maxresults`); default: the service's (5000). */
  readonly maxPageSize?: number;
  /** A page's `continuationToken` (or a `nextMarker`): start there instead of at the listing's `marker`. */
  readonly continuationToken?: string;
}

/** One page of queues, with the token of the page after it (undefined on the last page). */
export type QueuePage = Queue[] & {
  /** Pass it as `byPage({ continuationToken })` to resume after this page, e.g. in a later request of yours. */
  readonly continuationToken: string | undefined;
};

/**
 * What `listQueues` returns: iterate it for queues (each `for await` starts again from `marker`), or `byPage()` for
 * pages. Nothing is requested before iteration begins.
 *
 * @example
 * // A paged listing for an HTTP API of yours: 100 queues per request, resumed from the caller's token.
 * async function queuePage(token?: string) {
 *   const pages = qs.listQueues({ prefix: "jobs-" }).byPage({ maxPageSize: 100, continuationToken: token });
 *   for await (const page of pages) return { names: page.map((queue) => queue.name), next: page.continuationToken };
 *   return { names: [], next: undefined };
 * }
 */
export interface QueueListing extends AsyncIterable<Queue> {
  /** Set when the last iteration stopped at `numResults` while the service had more: pass it as `marker`. */
  readonly nextMarker?: string;
  /**
   * The listing page by page, as the service sends them: one request per page.
   *
   * @throws ValidationError at once for a `maxPageSize` outside 1..5000.
   */
  byPage(settings?: ListQueuesPageSettings): AsyncIterable<QueuePage>;
}

/** Options of `putMessage`. */
export interface PutMessageOptions extends CallOptions {
  /** Seconds before the message becomes visible, 0..7 days (less than `timeToLive`): to schedule it; default 0. */
  readonly visibilityTimeout?: number;
  /** Seconds the message lives, at least 1, or -1 for ever; default 7 days. */
  readonly timeToLive?: number;
}

/** Options of `getMessages`. */
export interface GetMessagesOptions extends CallOptions {
  /** How many messages to take at most, 1..32; default 1. Fewer come back when fewer are visible. */
  readonly numMessages?: number;
  /**
   * Seconds the messages stay invisible to other consumers, 1 s..7 days; default 30 s. Choose more than processing
   * takes, or extend it with `updateMessage`: an expired timeout lets another consumer take the message.
   */
  readonly visibilityTimeout?: number;
}

/** Options of `peekMessages`. */
export interface PeekMessagesOptions extends CallOptions {
  /** How many messages to read at most, 1..32; default 1. */
  readonly numMessages?: number;
}

/** Options of `updateMessage`. */
export interface UpdateMessageOptions<T = string> extends CallOptions {
  /** New content, e.g. progress to resume from; the message keeps its content when this is left out. */
  readonly content?: T;
}

/** Service-side SAS restrictions shared by account and queue signatures. */
export interface SasRestrictions {
  /** When the signature becomes valid: a Date or an ISO 8601 string. */
  readonly start?: Date | string;
  /** An IP address or range (`168.1.5.60-168.1.5.70`) requests must come from. */
  readonly ip?: string;
  /** `"https"` or `"https,http"` (the service's default). */
  readonly protocol?: "https" | "https,http";
  /** The signed version (`sv`); default the pinned service version. */
  readonly version?: string;
}

/**
 * Options of `generateAccountSharedAccessSignature`, beyond its resource types, permission and expiry.
 *
 * @example
 * const sas = qs.generateAccountSharedAccessSignature("sco", "rl", new Date(Date.now() + 3_600_000), {
 *   ip: "203.0.113.0-203.0.113.255",
 *   protocol: "https",
 * });
 */
export type AccountSasOptions = SasRestrictions;

/**
 * What a queue SAS grants and for how long: ad hoc (`permission` and `expiry`), or through a stored access policy
 * (`id`), which you can revoke later by changing the queue's ACL.
 *
 * @example
 * await qs.setQueueAcl("jobs", { producers: { permission: "a", expiry: "2027-01-01T00:00:00Z" } });
 * const sas = qs.generateQueueSharedAccessSignature("jobs", { id: "producers" });
 */
export interface QueueSasOptions extends SasRestrictions {
  /** What the signature allows (`"raup"` letters); required unless `id` names a stored policy that has it. */
  readonly permission?: string | QueuePermissions;
  /** When the signature stops working; required unless `id` names a stored policy that has it. */
  readonly expiry?: Date | string;
  /** The id of a stored access policy (setQueueAcl) the signature refers to. */
  readonly id?: string;
}

/** What `generateAccountSharedAccessSignature` accepts for its resource types: a set or its letters, e.g. `"sco"`. */
export type ResourceTypesInput = ResourceTypes | string;
/** What `generateAccountSharedAccessSignature` accepts for its permission: a set or its letters, e.g. `"rl"`. */
export type AccountPermissionsInput = AccountPermissions | string;

/** A queue as `listQueues` gives it. */
export interface Queue {
  /** The queue's name, to pass to the other methods. */
  readonly name: string;
  /** Present when listed with `includeMetadata`. */
  readonly metadata?: Record<string, string>;
}

/** What `getQueueMetadata` gives: the queue's metadata and how many messages it holds. */
export interface QueueMetadata {
  /** The metadata, names as the service sent them (lower-case under `fetch`; compare them case-insensitively). */
  readonly metadata: Record<string, string>;
  /**
   * About how many messages the queue holds: never fewer than there are, but it may count expired ones. Good for
   * scaling consumers, not for exact accounting.
   */
  readonly approximateMessageCount: number;
}

/** A stored access policy as the service returns it. */
export interface AccessPolicy {
  /** The permission letters it grants, in `raup` order; absent when the SAS must carry them. */
  readonly permission?: string;
  /** When signatures referring to it become valid; absent when the SAS must carry it or none applies. */
  readonly start?: Date;
  /** When signatures referring to it stop working; absent when the SAS must carry it. */
  readonly expiry?: Date;
}

/**
 * A stored access policy as given to setQueueAcl. Parts left out must then be in each SAS that refers to the
 * policy; parts given here cannot be.
 *
 * @example
 * await qs.setQueueAcl("jobs", {
 *   readers: { permission: QueuePermissions.READ.or(QueuePermissions.PROCESS), expiry: "2027-01-01T00:00:00Z" },
 *   producers: { permission: "a" }, // each SAS names its own expiry
 * });
 */
export interface AccessPolicyInit {
  /** The permission letters (`"raup"`) or a `QueuePermissions`. */
  readonly permission?: string | QueuePermissions;
  /** When signatures referring to it become valid: a Date or an ISO 8601 string (no offset means UTC). */
  readonly start?: Date | string;
  /** When signatures referring to it stop working: a Date or an ISO 8601 string (no offset means UTC). */
  readonly expiry?: Date | string;
}

/** How long logs or metrics are kept, as the service reports it. */
export interface RetentionPolicy {
  /** Whether old data is deleted; when false, it is kept until you delete it. */
  readonly enabled: boolean;
  /** Present when enabled. */
  readonly days?: number;
}

/** Storage Analytics logging of the queue service, as the service reports it. */
export interface Logging {
  /** The Storage Analytics version, "1.0". */
  readonly version: string;
  /** Whether delete requests are logged. */
  readonly delete: boolean;
  /** Whether read requests are logged. */
  readonly read: boolean;
  /** Whether write requests are logged. */
  readonly write: boolean;
  /** How long the logs are kept. */
  readonly retentionPolicy: RetentionPolicy;
}

/** Hourly or minute metrics of the queue service, as the service reports them. */
export interface Metrics {
  /** The Storage Analytics version, "1.0". */
  readonly version: string;
  /** Whether metrics are collected. */
  readonly enabled: boolean;
  /** Present when enabled. */
  readonly includeApis?: boolean;
  /** How long the metrics are kept. */
  readonly retentionPolicy: RetentionPolicy;
}

/** A CORS rule of the queue service, as the service reports it: which browser pages may call it. */
export interface CorsRule {
  /** Origins allowed to call, e.g. `https://app.example`, or `*`. */
  readonly allowedOrigins: string[];
  /** HTTP methods allowed, e.g. `GET`, `PUT`. */
  readonly allowedMethods: string[];
  /** Request headers a browser may send; may end in `*` (e.g. `x-ms-meta-*`). */
  readonly allowedHeaders: string[];
  /** Response headers a browser may read. */
  readonly exposedHeaders: string[];
  /** Seconds a browser may cache the preflight answer. */
  readonly maxAgeInSeconds: number;
}

/** The queue service's logging, metrics and CORS settings, as getQueueServiceProperties returns them. */
export interface ServiceProperties {
  /** Storage Analytics logging; absent when the service sent none. */
  readonly logging?: Logging;
  /** Hourly aggregated metrics; absent when the service sent none. */
  readonly hourMetrics?: Metrics;
  /** Per-minute metrics; absent when the service sent none. */
  readonly minuteMetrics?: Metrics;
  /** The CORS rules; absent when the service sent none. */
  readonly cors?: CorsRule[];
}

/** Replication statistics, as getQueueServiceStats returns them. */
export interface ServiceStats {
  /** The state of replication to the secondary region. */
  readonly geoReplication: {
    /** `live` when the secondary is in service, `bootstrap` while it is first copied, `unavailable` otherwise. */
    readonly status: "live" | "bootstrap" | "unavailable" | (string & {});
    /**
     * Writes before this time are readable from the secondary; later ones may not be yet. Undefined while
     * bootstrapping.
     */
    readonly lastSyncTime: Date | undefined;
  };
}

/** A message as `peekMessages` gives it: readable, but not yours to delete or update. */
export interface PeekedMessage<T = string> {
  /** The message's id, for `updateMessage` and `deleteMessage`. */
  readonly id: string;
  /** When the message was put. */
  readonly insertionTime: Date;
  /** When the message expires and disappears from the queue. */
  readonly expirationTime: Date;
  /**
   * How many times the message has been got. A high count marks a message that keeps failing: move it aside (a
   * "poison" queue) instead of retrying for ever.
   */
  readonly dequeueCount: number;
  /** The content, through `decodeFunction`. */
  readonly content: T;
}

/**
 * A message as `getMessages` gives it: hidden from other consumers until `timeNextVisible`. Delete it when done,
 * or update it to keep it longer.
 *
 * @example
 * for (const message of await qs.getMessages("jobs", { numMessages: 32, visibilityTimeout: 300 })) {
 *   if (message.dequeueCount > 5) {
 *     await qs.putMessage("jobs-poison", message.content);
 *     await qs.deleteMessage("jobs", message.id, message.popReceipt);
 *   }
 * }
 */
export interface ReceivedMessage<T = string> extends PeekedMessage<T> {
  /** Proof that you hold the message, for `deleteMessage` and `updateMessage`; each update gives a new one. */
  readonly popReceipt: string;
  /** When the message becomes visible again, and another consumer may take it. */
  readonly timeNextVisible: Date;
}

/** What `putMessage` gives: the new message's id, times and pop receipt. */
export interface EnqueuedMessage<T = string> {
  /** The message's id. */
  readonly id: string;
  /** When the message was put. */
  readonly insertionTime: Date;
  /** When the message expires. */
  readonly expirationTime: Date;
  /** Lets you update or delete the message you put, e.g. to cancel it before it becomes visible. */
  readonly popReceipt: string;
  /** When the message becomes visible to consumers. */
  readonly timeNextVisible: Date;
  /** The content that was put. */
  readonly content: T;
}

/** What `updateMessage` gives: the pop receipt to use from now on, and when the message reappears. */
export interface UpdatedMessage<T = string> {
  /** The message's id. */
  readonly id: string;
  /** The new pop receipt; the one the update was made with no longer works. */
  readonly popReceipt: string;
  /** When the message becomes visible again. */
  readonly timeNextVisible: Date;
  /** Present when the update sent new content. */
  readonly content?: T;
}

/** A retention policy to set; `days` (1..365) is required when enabled. */
export interface RetentionPolicyInit {
  /** Whether to delete data older than `days`. */
  readonly enabled: boolean;
  /** How many days to keep data, 1..365. */
  readonly days?: number;
}

/** Logging to set; what is left out takes the reference's defaults (version "1.0", false, no retention). */
export interface LoggingInit {
  /** The Storage Analytics version; "1.0", the only one. */
  readonly version?: string;
  /** Log delete requests. */
  readonly delete?: boolean;
  /** Log read requests. */
  readonly read?: boolean;
  /** Log write requests. */
  readonly write?: boolean;
  /** How long to keep the logs. */
  readonly retentionPolicy?: RetentionPolicyInit;
}

/** Metrics to set; `includeApis` is required when enabled, as the service requires. */
export interface MetricsInit {
  /** The Storage Analytics version; "1.0", the only one. */
  readonly version?: string;
  /** Collect metrics. */
  readonly enabled?: boolean;
  /** Also collect them per API operation, not only for the whole service. */
  readonly includeApis?: boolean;
  /** How long to keep the metrics. */
  readonly retentionPolicy?: RetentionPolicyInit;
}

/** A CORS rule to set; lists are joined with commas on the wire. */
export interface CorsRuleInit {
  /** Origins allowed to call, e.g. `https://app.example`, or `*`. */
  readonly allowedOrigins: readonly string[];
  /** HTTP methods allowed, e.g. `GET`, `PUT`. */
  readonly allowedMethods: readonly string[];
  /** Request headers a browser may send; may end in `*` (e.g. `x-ms-meta-*`). */
  readonly allowedHeaders?: readonly string[];
  /** Response headers a browser may read. */
  readonly exposedHeaders?: readonly string[];
  /** Seconds a browser may cache the preflight answer; default 0. */
  readonly maxAgeInSeconds?: number;
}

/**
 * The service properties to set. A part left out keeps its current setting on the service; `cors: []` removes
 * every CORS rule. A `ServiceProperties` read with getQueueServiceProperties is accepted as it is.
 *
 * @example
 * await qs.setQueueServiceProperties({
 *   logging: { read: true, write: true, delete: true, retentionPolicy: { enabled: true, days: 7 } },
 *   hourMetrics: { enabled: true, includeApis: true, retentionPolicy: { enabled: true, days: 30 } },
 * });
 */
export interface ServicePropertiesInit {
  /** Storage Analytics logging to set. */
  readonly logging?: LoggingInit;
  /** Hourly metrics to set. */
  readonly hourMetrics?: MetricsInit;
  /** Per-minute metrics to set. */
  readonly minuteMetrics?: MetricsInit;
  /** The CORS rules (at most 5), replacing all current ones. */
  readonly cors?: readonly CorsRuleInit[];
}
