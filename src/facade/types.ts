/**
 * The public shapes of QueueService: what its methods take and return. Names follow the reference QueueService in
 * camelCase; dates are `Date`s, times sent to the service whole seconds.
 */
import type { TokenCredential } from "@azure/core-auth";
import type { RetryOptions } from "../transport/retry.js";
import type { TlsOptions, TransportLogEvent } from "../transport/types.js";
import type { AccountPermissions, QueuePermissions, ResourceTypes } from "./permissions.js";

/** What the reference's `extract_date_and_request_id` gives for a response. */
export interface ResponseInfo {
  readonly requestId: string | undefined;
  readonly date: Date | undefined;
}

/** Options every method takes. */
export interface CallOptions {
  /** Server-side timeout, whole seconds (the service caps it at 30). */
  readonly timeout?: number;
  /** Cancels the call at once, including a wait between retries, with an `AbortError`. */
  readonly abortSignal?: AbortSignal;
  /** Called once per final response (once per page for listQueues). */
  readonly onResponse?: (info: ResponseInfo & { readonly status: number }) => void;
}

/** One event per attempt (operation, attempt, status, duration in seconds, request id); never carries a secret. */
export type LogEvent = TransportLogEvent;

/** How to reach and authenticate with the account, plus the message codec. */
export interface QueueServiceOptions<T = string> {
  readonly accountName?: string;
  readonly accountKey?: string;
  readonly sasToken?: string;
  readonly isEmulated?: boolean;
  readonly protocol?: "https" | "http";
  readonly endpointSuffix?: string;
  readonly endpoint?: string;
  readonly secondaryEndpoint?: string;
  readonly connectionString?: string;
  /** Seconds one attempt may take on the client (fractions allowed). */
  readonly socketTimeout?: number;
  readonly tokenCredential?: TokenCredential;
  readonly retry?: RetryOptions;
  /** Node: TLS settings, e.g. `{ ca }` for a self-signed emulator certificate. */
  readonly tls?: TlsOptions;
  /** A fetch to send with instead of the platform default; response header names then come back lower-case. */
  readonly fetch?: typeof globalThis.fetch;
  readonly logger?: (event: LogEvent) => void;
  /** Turns content into the text the service stores; default `QueueMessageFormat.textXmlEncode`. */
  readonly encodeFunction?: (content: T) => string;
  /** Turns stored text back into content; default `QueueMessageFormat.textXmlDecode`. */
  readonly decodeFunction?: (text: string) => T;
}

/** Both codec functions: required together when the content type is not `string`. */
export interface MessageCodec<T> {
  readonly encodeFunction: (content: T) => string;
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

export interface CreateQueueOptions extends CallOptions {
  readonly metadata?: Readonly<Record<string, string>>;
  /** Throw `AzureConflictHttpError` (409 QueueAlreadyExists) instead of returning false when the queue exists. */
  readonly failOnExist?: boolean;
}

export interface DeleteQueueOptions extends CallOptions {
  /** Throw `AzureMissingResourceHttpError` instead of returning false when the queue does not exist. */
  readonly failNotExist?: boolean;
}

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

export interface ListQueuesPageSettings {
  /** Queues per page, 1..5000 (sent as `maxresults`); default: the service's (5000). */
  readonly maxPageSize?: number;
  /** A page's `continuationToken` (or a `nextMarker`): start there instead of at the listing's `marker`. */
  readonly continuationToken?: string;
}

/** One page of queues, with the token of the page after it (undefined on the last page). */
export type QueuePage = Queue[] & { readonly continuationToken: string | undefined };

/**
 * What `listQueues` returns: iterate it for queues (each `for await` starts again from `marker`), or `byPage()` for
 * pages. Nothing is requested before iteration begins.
 */
export interface QueueListing extends AsyncIterable<Queue> {
  /** Set when the last iteration stopped at `numResults` while the service had more: pass it as `marker`. */
  readonly nextMarker?: string;
  byPage(settings?: ListQueuesPageSettings): AsyncIterable<QueuePage>;
}

export interface PutMessageOptions extends CallOptions {
  /** Seconds before the message becomes visible, 0..7 days; default 0. */
  readonly visibilityTimeout?: number;
  /** Seconds the message lives, at least 1, or -1 for ever; default 7 days. */
  readonly timeToLive?: number;
}

export interface GetMessagesOptions extends CallOptions {
  /** 1..32; default 1. */
  readonly numMessages?: number;
  /** Seconds the messages stay invisible, 1 s..7 days; default 30 s. */
  readonly visibilityTimeout?: number;
}

export interface PeekMessagesOptions extends CallOptions {
  /** 1..32; default 1. */
  readonly numMessages?: number;
}

export interface UpdateMessageOptions<T = string> extends CallOptions {
  /** New content; the message keeps its content when this is left out. */
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

export type AccountSasOptions = SasRestrictions;

export interface QueueSasOptions extends SasRestrictions {
  /** Required unless `id` names a stored policy that has it. */
  readonly permission?: string | QueuePermissions;
  /** Required unless `id` names a stored policy that has it. */
  readonly expiry?: Date | string;
  /** The id of a stored access policy (setQueueAcl) the signature refers to. */
  readonly id?: string;
}

/** What `generateAccountSharedAccessSignature` accepts for its first three arguments. */
export type ResourceTypesInput = ResourceTypes | string;
export type AccountPermissionsInput = AccountPermissions | string;

export interface Queue {
  readonly name: string;
  /** Present when listed with `includeMetadata`. */
  readonly metadata?: Record<string, string>;
}

export interface QueueMetadata {
  readonly metadata: Record<string, string>;
  readonly approximateMessageCount: number;
}

/** A stored access policy as the service returns it. */
export interface AccessPolicy {
  readonly permission?: string;
  readonly start?: Date;
  readonly expiry?: Date;
}

/** A stored access policy as given to setQueueAcl. */
export interface AccessPolicyInit {
  readonly permission?: string | QueuePermissions;
  readonly start?: Date | string;
  readonly expiry?: Date | string;
}

export interface RetentionPolicy {
  readonly enabled: boolean;
  /** Present when enabled. */
  readonly days?: number;
}

export interface Logging {
  readonly version: string;
  readonly delete: boolean;
  readonly read: boolean;
  readonly write: boolean;
  readonly retentionPolicy: RetentionPolicy;
}

export interface Metrics {
  readonly version: string;
  readonly enabled: boolean;
  /** Present when enabled. */
  readonly includeApis?: boolean;
  readonly retentionPolicy: RetentionPolicy;
}

export interface CorsRule {
  readonly allowedOrigins: string[];
  readonly allowedMethods: string[];
  readonly allowedHeaders: string[];
  readonly exposedHeaders: string[];
  readonly maxAgeInSeconds: number;
}

export interface ServiceProperties {
  readonly logging?: Logging;
  readonly hourMetrics?: Metrics;
  readonly minuteMetrics?: Metrics;
  readonly cors?: CorsRule[];
}

export interface ServiceStats {
  readonly geoReplication: {
    readonly status: "live" | "bootstrap" | "unavailable" | (string & {});
    readonly lastSyncTime: Date | undefined;
  };
}

export interface PeekedMessage<T = string> {
  readonly id: string;
  readonly insertionTime: Date;
  readonly expirationTime: Date;
  readonly dequeueCount: number;
  readonly content: T;
}

export interface ReceivedMessage<T = string> extends PeekedMessage<T> {
  readonly popReceipt: string;
  readonly timeNextVisible: Date;
}

export interface EnqueuedMessage<T = string> {
  readonly id: string;
  readonly insertionTime: Date;
  readonly expirationTime: Date;
  readonly popReceipt: string;
  readonly timeNextVisible: Date;
  /** The content that was put. */
  readonly content: T;
}

export interface UpdatedMessage<T = string> {
  readonly id: string;
  readonly popReceipt: string;
  readonly timeNextVisible: Date;
  /** Present when the update sent new content. */
  readonly content?: T;
}

/** A retention policy to set; `days` (1..365) is required when enabled. */
export interface RetentionPolicyInit {
  readonly enabled: boolean;
  readonly days?: number;
}

/** Logging to set; what is left out takes the reference's defaults (version "1.0", false, no retention). */
export interface LoggingInit {
  readonly version?: string;
  readonly delete?: boolean;
  readonly read?: boolean;
  readonly write?: boolean;
  readonly retentionPolicy?: RetentionPolicyInit;
}

/** Metrics to set; `includeApis` is required when enabled, as the service requires. */
export interface MetricsInit {
  readonly version?: string;
  readonly enabled?: boolean;
  readonly includeApis?: boolean;
  readonly retentionPolicy?: RetentionPolicyInit;
}

/** A CORS rule to set; lists are joined with commas on the wire. */
export interface CorsRuleInit {
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders?: readonly string[];
  readonly exposedHeaders?: readonly string[];
  /** Default 0. */
  readonly maxAgeInSeconds?: number;
}

/**
 * The service properties to set. A part left out keeps its current setting on the service; `cors: []` removes
 * every CORS rule. A `ServiceProperties` read with getQueueServiceProperties is accepted as it is.
 */
export interface ServicePropertiesInit {
  readonly logging?: LoggingInit;
  readonly hourMetrics?: MetricsInit;
  readonly minuteMetrics?: MetricsInit;
  readonly cors?: readonly CorsRuleInit[];
}
