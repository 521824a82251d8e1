/**
 * The queue service's settings and statistics: logging, metrics and CORS as getQueueServiceProperties gives them and
 * setQueueServiceProperties takes them, and geo-replication as getQueueServiceStats gives it.
 */

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

/** How long logs or metrics are kept, as the service reports it. */
export interface RetentionPolicy {
  /** Whether old data is deleted; when false, it is kept until you delete it. */
  readonly enabled: boolean;
  /** Present when enabled. */
  readonly days?: number;
}

/** A retention policy to set; `days` (1..365) is required when enabled. */
export interface RetentionPolicyInit {
  /** Whether to delete data older than `days`. */
  readonly enabled: boolean;
  /** How many days to keep data, 1..365. */
  readonly days?: number;
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
