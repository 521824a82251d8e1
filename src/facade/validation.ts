/**
 * The checks the facade runs before any request, one per service rule. Each throws a `ValidationError` whose `rule`
 * names the rule and whose message names the parameter and the limit. Messages quote names (queue names, metadata
 * names, policy ids) but never values that could be secret or large: metadata values and message text are
 * described, not repeated.
 *
 * Numbers sent to the service must be safe integers: larger ones would be written in exponent form on the wire.
 */
import { LIMITS } from "../constants.js";
import { utf8ByteLength } from "../encoding/utf8.js";
import { ValidationError } from "../errors.js";
import { toDate } from "./dates.js";
import { QueuePermissions } from "./permissions.js";
import type { AccessPolicyInit } from "./types/shared-access.js";

const QUEUE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
// C# identifiers, kept to ASCII: a metadata name travels in an HTTP header name (`x-ms-meta-<name>`), where only
// ASCII is allowed.
const METADATA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Printable ASCII: HTTP header values carry nothing else reliably.
const METADATA_VALUE = /^[\x20-\x7E]*$/;

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  return `a ${typeof value}`;
}

/**
 * Queue names: 3-63 characters, lowercase letters, digits and single dashes, starting and ending with a letter or
 * digit (rule `queue-name`).
 *
 * @example
 * assertQueueName("jobs-2026"); // ok
 * assertQueueName("Jobs"); // throws ValidationError (uppercase)
 */
export function assertQueueName(name: unknown): asserts name is string {
  // Most calls name the queue the previous call named.
  if (name === lastValidQueueName) return;
  if (typeof name !== "string") return failQueueName(name, "is not a string");
  if (name.length < LIMITS.queueNameMin || name.length > LIMITS.queueNameMax) {
    return failQueueName(name, `has ${name.length} characters`);
  }
  if (QUEUE_NAME.test(name)) {
    lastValidQueueName = name;
    return;
  }
  if (/[A-Z]/.test(name)) return failQueueName(name, "has uppercase letters");
  if (/[^a-z0-9-]/.test(name)) return failQueueName(name, "has characters other than lowercase letters, digits and dashes");
  if (name.includes("--")) return failQueueName(name, "has consecutive dashes");
  return failQueueName(name, "starts or ends with a dash");
}

let lastValidQueueName: string | undefined;

function failQueueName(name: unknown, why: string): never {
  throw new ValidationError(
    "queue-name",
    `queueName ${typeof name === "string" ? quote(name) : describe(name)} ${why} (queue names are ` +
      `${LIMITS.queueNameMin}-${LIMITS.queueNameMax} lowercase letters, digits and single dashes, ` +
      `starting and ending with a letter or digit)`,
  );
}

/**
 * Queue metadata: names are C# identifiers in ASCII (a letter or underscore, then letters, digits, underscores;
 * rule `metadata-name`) and unique ignoring case (the service compares them so; rule `metadata-name-duplicate`);
 * values are printable ASCII (0x20-0x7E) without leading or trailing spaces, which HTTP would strip (rule
 * `metadata-value`). An empty value is allowed: the service stores and returns it.
 *
 * @example
 * assertMetadata({ owner: "team-a", Retries: "3" }); // ok
 * assertMetadata({ "my-key": "x" }); // throws ValidationError: not a C# identifier
 */
export function assertMetadata(metadata: unknown): asserts metadata is Record<string, string> | undefined {
  if (metadata === undefined) return;
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) {
    throw new ValidationError("metadata-name", `metadata must be an object of name-value strings (got ${describe(metadata)})`);
  }
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(metadata)) {
    if (!METADATA_NAME.test(name)) {
      throw new ValidationError(
        "metadata-name",
        `metadata name ${quote(name)} is not a C# identifier (an ASCII letter or underscore, then letters, ` +
          `digits or underscores)`,
      );
    }
    const folded = name.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new ValidationError(
        "metadata-name-duplicate",
        `metadata names ${quote(earlier)} and ${quote(name)} differ only in case; the service treats them as one`,
      );
    }
    seen.set(folded, name);
    if (typeof value !== "string") {
      throw new ValidationError("metadata-value", `metadata value of ${quote(name)} must be a string (got ${describe(value)})`);
    }
    if (!METADATA_VALUE.test(value)) {
      throw new ValidationError(
        "metadata-value",
        `metadata value of ${quote(name)} has characters outside printable ASCII (0x20-0x7E); encode it first, ` +
          `e.g. with encodeURIComponent`,
      );
    }
    if (value.startsWith(" ") || value.endsWith(" ")) {
      throw new ValidationError(
        "metadata-value",
        `metadata value of ${quote(name)} starts or ends with a space, which HTTP drops from header values`,
      );
    }
  }
}

/**
 * The text encodeFunction produced, i.e. what the service stores, is at most 64 KiB of UTF-8 (rule
 * `message-size`; past it the service answers 413). Also checks that it is a string (rule `message-type`), since
 * encodeFunction may be the caller's own.
 *
 * @example
 * assertMessageSize(QueueMessageFormat.textXmlEncode(content));
 */
export function assertMessageSize(encodedText: unknown): asserts encodedText is string {
  if (typeof encodedText !== "string") {
    throw new ValidationError("message-type", `encodeFunction must return a string (got ${describe(encodedText)})`);
  }
  // Cheap exit: no string of this many UTF-16 units can exceed the limit.
  if (encodedText.length * 3 <= LIMITS.messageBytesMax) return;
  const bytes = utf8ByteLength(encodedText);
  if (bytes > LIMITS.messageBytesMax) {
    throw new ValidationError(
      "message-size",
      `The encoded message is ${bytes} bytes of UTF-8; the service stores at most ${LIMITS.messageBytesMax} ` +
        `(64 KiB). Escaping and base64 grow the text: textXmlEncode writes "&" as 5 bytes, base64 adds a third`,
    );
  }
}

/**
 * A time sent to the service: whole, non-negative seconds (rule `whole-seconds`). A fraction is refused rather
 * than rounded, as the reference's times are whole seconds.
 *
 * @example
 * assertWholeSeconds("visibilityTimeout", 30); // ok
 * assertWholeSeconds("visibilityTimeout", 1.5); // throws ValidationError
 */
export function assertWholeSeconds(name: string, value: unknown): asserts value is number {
  assertWhole(name, value);
  if (value < 0) {
    throw new ValidationError("whole-seconds", `${name} must be a non-negative number of seconds (got ${value})`);
  }
}

// A fraction is the same mistake whatever the time, so it has one rule; ranges have a rule per parameter.
function assertWhole(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new ValidationError("whole-seconds", `${name} must be a whole number of seconds (got ${describe(value)})`);
  }
}

/**
 * `visibilityTimeout`: whole seconds from `min` to 7 days (rule `visibility-timeout`). `min` is 0 for putMessage
 * and updateMessage, 1 for getMessages.
 *
 * @example
 * assertVisibilityTimeout(0, { min: 0 }); // ok for putMessage
 * assertVisibilityTimeout(0, { min: 1 }); // throws for getMessages
 */
export function assertVisibilityTimeout(value: unknown, { min }: { readonly min: 0 | 1 }): asserts value is number {
  assertWholeSeconds("visibilityTimeout", value);
  if (value < min || value > LIMITS.visibilityTimeoutMax) {
    throw new ValidationError(
      "visibility-timeout",
      `visibilityTimeout must be from ${min} to ${LIMITS.visibilityTimeoutMax} seconds (7 days) (got ${value})`,
    );
  }
}

/**
 * `timeToLive`: -1 (never expires) or whole seconds from 1 (rule `time-to-live`).
 *
 * @example
 * assertTimeToLive(-1); // ok
 * assertTimeToLive(0); // throws ValidationError
 */
export function assertTimeToLive(value: unknown): asserts value is number {
  assertWhole("timeToLive", value);
  if (value !== -1 && value < 1) {
    throw new ValidationError("time-to-live", `timeToLive must be -1 (never expire) or at least 1 second (got ${value})`);
  }
}

/**
 * putMessage with both times given: the message must become visible before it expires, so `visibilityTimeout`
 * must be less than `timeToLive` unless that is -1 (rule `visibility-within-ttl`; the service answers 400 too).
 *
 * @example
 * assertVisibleBeforeExpiry(30, 60); // ok
 * assertVisibleBeforeExpiry(60, 60); // throws ValidationError
 */
export function assertVisibleBeforeExpiry(visibilityTimeout: number | undefined, timeToLive: number | undefined): void {
  if (visibilityTimeout === undefined || timeToLive === undefined || timeToLive === -1) return;
  if (visibilityTimeout >= timeToLive) {
    throw new ValidationError(
      "visibility-within-ttl",
      `visibilityTimeout (${visibilityTimeout} s) must be less than timeToLive (${timeToLive} s): the message ` +
        `would expire before it became visible`,
    );
  }
}

/**
 * `numMessages`: whole, from 1 to 32 (rule `num-messages`).
 *
 * @example
 * assertNumMessages(32); // ok
 * assertNumMessages(33); // throws ValidationError
 */
export function assertNumMessages(value: unknown): asserts value is number {
  assertNumberIn("numMessages", value, LIMITS.numMessagesMin, LIMITS.numMessagesMax, "num-messages");
}

/**
 * The `timeout` option, the server-side timeout: whole seconds from 1 (rule `server-timeout`). No upper bound: the
 * service caps it at 30 seconds by itself.
 *
 * @example
 * assertServerTimeout(30); // ok
 * assertServerTimeout(0.5); // throws ValidationError
 */
export function assertServerTimeout(value: unknown): asserts value is number {
  assertWhole("timeout", value);
  if (value < 1) {
    throw new ValidationError("server-timeout", `timeout (the server-side timeout) must be at least 1 second (got ${value})`);
  }
}

/**
 * Stored access policies for setQueueAcl: at most 5 (rule `signed-identifiers-count`), ids of 1 to 64 characters
 * (rule `signed-identifier-id`), each policy an object (rule `access-policy`) whose permission and dates are
 * valid (rules `queue-permissions`, `date`).
 *
 * @example
 * assertSignedIdentifiers({ readers: { permission: "r", expiry: "2027-01-01T00:00:00Z" } }); // ok
 */
export function assertSignedIdentifiers(ids: unknown): asserts ids is Record<string, AccessPolicyInit> | undefined {
  if (ids === undefined) return;
  if (ids === null || typeof ids !== "object" || Array.isArray(ids)) {
    throw new ValidationError(
      "access-policy",
      `signedIdentifiers must be an object of id to access policy (got ${describe(ids)})`,
    );
  }
  const entries = Object.entries(ids);
  if (entries.length > LIMITS.signedIdentifiersMax) {
    throw new ValidationError(
      "signed-identifiers-count",
      `signedIdentifiers holds ${entries.length} access policies; a queue has at most ${LIMITS.signedIdentifiersMax}`,
    );
  }
  for (const [id, policy] of entries) {
    if (id.length < 1 || id.length > LIMITS.signedIdentifierIdMax) {
      throw new ValidationError(
        "signed-identifier-id",
        `signed identifier id ${quote(id)} has ${id.length} characters; ids have 1 to ${LIMITS.signedIdentifierIdMax}`,
      );
    }
    if (policy === null || typeof policy !== "object") {
      throw new ValidationError("access-policy", `access policy ${quote(id)} must be an object (got ${describe(policy)})`);
    }
    const { permission, start, expiry } = policy as AccessPolicyInit;
    const where = `signedIdentifiers[${quote(id)}]`;
    if (permission !== undefined) {
      try {
        QueuePermissions.from(permission);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new ValidationError(error.rule, `${where}.permission: ${error.message}`);
      }
    }
    if (start !== undefined) toDate(start, `${where}.start`);
    if (expiry !== undefined) toDate(expiry, `${where}.expiry`);
  }
}

/**
 * `byPage({ maxPageSize })` for listQueues, sent as `maxresults`: whole, from 1 to 5000 (rule `max-page-size`).
 *
 * @example
 * assertMaxPageSize(5000); // ok
 */
export function assertMaxPageSize(value: unknown): asserts value is number {
  assertNumberIn("maxPageSize", value, 1, LIMITS.maxResultsMax, "max-page-size");
}

/**
 * A number from `min` to `max` (whole unless `whole` is false), under `rule`.
 *
 * @example
 * assertNumberIn("batchSize", 16, 1, 32, "worker-option"); // ok
 * assertNumberIn("maxPollInterval", 0.05, 0.1, 3600, "worker-option", false); // throws ValidationError
 */
export function assertNumberIn(name: string, value: unknown, min: number, max: number, rule: string, whole = true): asserts value is number {
  if (typeof value !== "number" || !(whole ? Number.isSafeInteger(value) : Number.isFinite(value)) || value < min || value > max) {
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    throw new ValidationError(rule, `${name} must be a ${whole ? "whole " : ""}number ${range} (got ${describe(value)})`);
  }
}
