/**
 * Account-level settings for QueueService: Service_GetProperties, Service_SetProperties and Service_GetStatistics,
 * between the service's documents and the reference's shapes (CORS lists as arrays here, comma-joined on the wire).
 */
import { LIMITS } from "../constants.js";
import { operations } from "../../generated/operations.js";
import type { components } from "../../generated/schema.js";
import { ResponseParseError, ValidationError } from "../errors.js";
import { callOperation, responseInfo, type FacadeConnection } from "./call.js";
import { parseServiceDate } from "./dates.js";
import type { CallOptions, ResponseInfo } from "./types/options.js";
import type {
  CorsRule,
  CorsRuleInit,
  LoggingInit,
  Metrics,
  MetricsInit,
  RetentionPolicy,
  RetentionPolicyInit,
  ServiceProperties,
  ServicePropertiesInit,
  ServiceStats,
} from "./types/service-properties.js";

type Wire = components["schemas"];

/** The only Storage Analytics version there is; the reference fills it in too. */
const ANALYTICS_VERSION = "1.0";

/** Service_GetProperties. */
export async function getQueueServiceProperties(connection: FacadeConnection, options?: CallOptions): Promise<ServiceProperties> {
  const result = await callOperation<Wire["StorageServiceProperties"]>(connection, operations.Service_GetProperties, {}, options);
  const wire = result.body!;
  return {
    ...(wire.Logging
      ? {
          logging: {
            version: wire.Logging.Version,
            delete: wire.Logging.Delete,
            read: wire.Logging.Read,
            write: wire.Logging.Write,
            retentionPolicy: fromWireRetention(wire.Logging.RetentionPolicy),
          },
        }
      : {}),
    ...(wire.HourMetrics ? { hourMetrics: fromWireMetrics(wire.HourMetrics) } : {}),
    ...(wire.MinuteMetrics ? { minuteMetrics: fromWireMetrics(wire.MinuteMetrics) } : {}),
    ...(wire.Cors ? { cors: wire.Cors.map(fromWireCorsRule) } : {}),
  };
}

/**
 * Service_SetProperties. Only the parts given are sent, so the service keeps the others as they are.
 *
 * @throws ValidationError for a retention policy without 1..365 days, enabled metrics without `includeApis`, more
 *   than 5 CORS rules or a malformed one, before anything is sent.
 */
export async function setQueueServiceProperties(
  connection: FacadeConnection,
  properties: ServicePropertiesInit,
  options?: CallOptions,
): Promise<ResponseInfo> {
  const body = toWireProperties(properties);
  const result = await callOperation(connection, operations.Service_SetProperties, { body }, options);
  return responseInfo(result.headers);
}

/**
 * Service_GetStatistics, which the service answers on the secondary endpoint only (invokeOperation routes it).
 *
 * @throws ResponseParseError when the answer has no GeoReplication element.
 */
export async function getQueueServiceStats(connection: FacadeConnection, options?: CallOptions): Promise<ServiceStats> {
  const result = await callOperation<Wire["StorageServiceStats"]>(connection, operations.Service_GetStatistics, {}, options);
  const geo = result.body?.GeoReplication;
  if (geo === undefined) {
    throw new ResponseParseError("Service_GetStatistics: StorageServiceStats.GeoReplication is missing", {
      statusCode: result.status,
      requestId: result.requestId,
    });
  }
  return {
    geoReplication: {
      status: geo.Status,
      // Empty while the secondary is bootstrapping.
      lastSyncTime: geo.LastSyncTime === "" ? undefined : parseServiceDate(geo.LastSyncTime, "GeoReplication.LastSyncTime"),
    },
  };
}

function fromWireRetention(wire: Wire["RetentionPolicy"] | undefined): RetentionPolicy {
  if (wire === undefined) return { enabled: false };
  return wire.Days === undefined ? { enabled: wire.Enabled } : { enabled: wire.Enabled, days: wire.Days };
}

function fromWireMetrics(wire: Wire["Metrics"]): Metrics {
  return {
    version: wire.Version ?? ANALYTICS_VERSION,
    enabled: wire.Enabled,
    ...(wire.IncludeAPIs === undefined ? {} : { includeApis: wire.IncludeAPIs }),
    retentionPolicy: fromWireRetention(wire.RetentionPolicy),
  };
}

function fromWireCorsRule(wire: Wire["CorsRule"]): CorsRule {
  return {
    allowedOrigins: splitList(wire.AllowedOrigins),
    allowedMethods: splitList(wire.AllowedMethods),
    allowedHeaders: splitList(wire.AllowedHeaders),
    exposedHeaders: splitList(wire.ExposedHeaders),
    maxAgeInSeconds: wire.MaxAgeInSeconds,
  };
}

function splitList(text: string): string[] {
  return text === "" ? [] : text.split(",");
}

function toWireProperties(properties: ServicePropertiesInit): Wire["StorageServiceProperties"] {
  const { logging, hourMetrics, minuteMetrics, cors } = properties;
  if (cors !== undefined && cors.length > LIMITS.corsRulesMax) {
    throw new ValidationError("cors-rules", `at most ${LIMITS.corsRulesMax} CORS rules can be set, not ${cors.length}`);
  }
  return {
    ...(logging ? { Logging: toWireLogging(logging) } : {}),
    ...(hourMetrics ? { HourMetrics: toWireMetrics(hourMetrics, "hourMetrics") } : {}),
    ...(minuteMetrics ? { MinuteMetrics: toWireMetrics(minuteMetrics, "minuteMetrics") } : {}),
    ...(cors ? { Cors: cors.map((rule, index) => toWireCorsRule(rule, `cors[${index}]`)) } : {}),
  };
}

function toWireLogging(logging: LoggingInit): Wire["Logging"] {
  return {
    Version: logging.version ?? ANALYTICS_VERSION,
    Delete: logging.delete ?? false,
    Read: logging.read ?? false,
    Write: logging.write ?? false,
    RetentionPolicy: toWireRetention(logging.retentionPolicy, "logging.retentionPolicy"),
  };
}

function toWireMetrics(metrics: MetricsInit, name: string): Wire["Metrics"] {
  const enabled = metrics.enabled ?? false;
  if (enabled && metrics.includeApis === undefined) {
    throw new ValidationError("metrics-include-apis", `${name}.includeApis is required when ${name} is enabled`);
  }
  return {
    Version: metrics.version ?? ANALYTICS_VERSION,
    Enabled: enabled,
    // The service refuses IncludeAPIs on disabled metrics; the reference leaves it out too.
    ...(enabled ? { IncludeAPIs: metrics.includeApis } : {}),
    RetentionPolicy: toWireRetention(metrics.retentionPolicy, `${name}.retentionPolicy`),
  };
}

function toWireRetention(policy: RetentionPolicyInit | undefined, name: string): Wire["RetentionPolicy"] {
  if (policy === undefined || !policy.enabled) return { Enabled: false };
  const days = policy.days;
  if (days === undefined || !Number.isInteger(days) || days < 1 || days > LIMITS.retentionDaysMax) {
    throw new ValidationError("retention-days", `${name}.days must be a whole number of days from 1 to ${LIMITS.retentionDaysMax} when the policy is enabled`);
  }
  return { Enabled: true, Days: days };
}

function toWireCorsRule(rule: CorsRuleInit, name: string): Wire["CorsRule"] {
  const maxAge = rule.maxAgeInSeconds ?? 0;
  if (!Number.isInteger(maxAge) || maxAge < 0) {
    throw new ValidationError("cors-max-age", `${name}.maxAgeInSeconds must be a whole, non-negative number of seconds`);
  }
  return {
    AllowedOrigins: joinList(rule.allowedOrigins, `${name}.allowedOrigins`, true),
    AllowedMethods: joinList(rule.allowedMethods, `${name}.allowedMethods`, true),
    AllowedHeaders: joinList(rule.allowedHeaders ?? [], `${name}.allowedHeaders`, false),
    ExposedHeaders: joinList(rule.exposedHeaders ?? [], `${name}.exposedHeaders`, false),
    MaxAgeInSeconds: maxAge,
  };
}

function joinList(items: readonly string[], name: string, required: boolean): string {
  if (!Array.isArray(items) || (required && items.length === 0)) {
    throw new ValidationError("cors-list", `${name} must be ${required ? "a non-empty" : "an"} array of strings`);
  }
  for (const item of items) {
    if (typeof item !== "string" || item === "" || item.includes(",")) {
      throw new ValidationError("cors-list", `${name} must hold non-empty strings without commas (the wire joins them with commas)`);
    }
  }
  return items.join(",");
}
