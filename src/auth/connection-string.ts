/**
 * Azure Storage connection strings, as the portal and the emulator documentation write them: `Name=value` settings
 * joined by `;`, names in any letter case, values that may themselves contain `=` (base64 keys, SAS tokens).
 * Three forms carry credentials: an account key, a SAS token with an endpoint, or `UseDevelopmentStorage=true`.
 * Errors name the setting that is wrong and never quote a key or a signature.
 */
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME, EMULATOR_QUEUE_ENDPOINT } from "../constants.js";
import { ValidationError } from "../errors.js";
import { parseEndpoint, resolveEndpoints } from "./endpoints.js";
import { normalizeSasToken } from "./sas-token.js";
import { decodeAccountKey } from "./shared-key.js";

export interface ParsedConnectionString {
  /** Which credential the string carries; a string with both a key and a SAS token is "accountKey" (the key wins). */
  readonly kind: "accountKey" | "sas";
  /** Absent only for a SAS string whose endpoint does not name the account. */
  readonly accountName: string | undefined;
  /** Base64, as written. Hidden from `util.inspect` and `JSON.stringify` of this object. */
  readonly accountKey?: string;
  /** Without a leading `?`. Hidden from `util.inspect` and `JSON.stringify` of this object. */
  readonly sasToken?: string;
  /** The primary queue endpoint, without a trailing slash. */
  readonly endpoint: string;
  readonly secondaryEndpoint?: string;
  /** The account is the first path segment (emulator URLs). */
  readonly pathStyle: boolean;
  /** Built from `UseDevelopmentStorage=true`. */
  readonly isDevelopmentStorage: boolean;
}

/** Canonical spelling of each setting azqueue reads, by lower-case name; other settings (BlobEndpoint...) are ignored. */
const SETTINGS = new Map(
  [
    "DefaultEndpointsProtocol",
    "AccountName",
    "AccountKey",
    "EndpointSuffix",
    "QueueEndpoint",
    "QueueSecondaryEndpoint",
    "SharedAccessSignature",
    "UseDevelopmentStorage",
    "DevelopmentStorageProxyUri",
  ].map((name) => [name.toLowerCase(), name]),
);

/** The emulator's queue port; a development proxy is reached on it too. */
const EMULATOR_QUEUE_PORT = new URL(EMULATOR_QUEUE_ENDPOINT).port;

/**
 * Reads a connection string.
 *
 * @throws ValidationError (`rule` "connection-string", or the rule of the setting at fault) naming what is wrong.
 * @example
 * parseConnectionString("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=...;EndpointSuffix=core.windows.net")
 * // { kind: "accountKey", accountName: "acct", endpoint: "https://acct.queue.core.windows.net", ... }
 * parseConnectionString("UseDevelopmentStorage=true").endpoint // "http://127.0.0.1:10001/devstoreaccount1"
 * parseConnectionString("QueueEndpoint=https://acct.queue.core.windows.net;SharedAccessSignature=sv=...&sig=...").kind // "sas"
 */
export function parseConnectionString(text: string): ParsedConnectionString {
  const settings = readSettings(text);
  const development = readDevelopmentFlag(settings.get("UseDevelopmentStorage"));
  if (development) return developmentStorage(settings);

  const protocol = settings.get("DefaultEndpointsProtocol")?.toLowerCase();
  if (protocol !== undefined && protocol !== "https" && protocol !== "http") {
    throw new ValidationError("connection-string", "DefaultEndpointsProtocol must be https or http");
  }
  const accountName = nonEmpty(settings, "AccountName");
  const accountKey = nonEmpty(settings, "AccountKey");
  const sasSetting = nonEmpty(settings, "SharedAccessSignature");
  const queueEndpoint = nonEmpty(settings, "QueueEndpoint");
  const secondaryEndpoint = nonEmpty(settings, "QueueSecondaryEndpoint");
  const endpointSuffix = nonEmpty(settings, "EndpointSuffix");

  if (accountKey === undefined && sasSetting === undefined) {
    throw new ValidationError(
      "connection-string",
      "the connection string has no credentials: it needs AccountName and AccountKey, QueueEndpoint and SharedAccessSignature, or UseDevelopmentStorage=true",
    );
  }
  if (accountKey !== undefined) {
    if (accountName === undefined) throw new ValidationError("connection-string", "the connection string has an AccountKey but no AccountName");
    decodeAccountKey(accountKey);
  }
  const sasToken = sasSetting === undefined ? undefined : normalizeSasToken(sasSetting);
  if (queueEndpoint === undefined && accountName === undefined) {
    throw new ValidationError("connection-string", "the connection string needs QueueEndpoint, or AccountName to build it from");
  }
  if (queueEndpoint !== undefined) parseEndpoint(queueEndpoint, "QueueEndpoint");
  if (secondaryEndpoint !== undefined) parseEndpoint(secondaryEndpoint, "QueueSecondaryEndpoint");

  const endpoints = resolveEndpoints({
    accountName,
    protocol: protocol as "https" | "http" | undefined,
    endpointSuffix,
    endpoint: queueEndpoint,
    secondaryEndpoint,
  });
  return withHiddenSecrets({
    kind: accountKey !== undefined ? "accountKey" : "sas",
    accountName: endpoints.accountName,
    ...(accountKey !== undefined && { accountKey }),
    ...(sasToken !== undefined && { sasToken }),
    endpoint: endpoints.primary,
    ...(endpoints.secondary !== undefined && { secondaryEndpoint: endpoints.secondary }),
    pathStyle: endpoints.pathStyle,
    isDevelopmentStorage: false,
  });
}

function readSettings(text: string): Map<string, string> {
  if (typeof text !== "string" || text.trim() === "") {
    throw new ValidationError("connection-string", "the connection string is empty");
  }
  const settings = new Map<string, string>();
  text.split(";").forEach((raw, index) => {
    const segment = raw.trim();
    if (segment === "") return;
    const equalsAt = segment.indexOf("=");
    // Quote nothing from a malformed segment: it may be a piece of a key.
    if (equalsAt <= 0) {
      throw new ValidationError("connection-string", `part ${index + 1} of the connection string is not a Name=value setting`);
    }
    const name = SETTINGS.get(segment.slice(0, equalsAt).trim().toLowerCase());
    if (name === undefined) return;
    if (settings.has(name)) throw new ValidationError("connection-string", `the connection string sets ${name} more than once`);
    settings.set(name, segment.slice(equalsAt + 1).trim());
  });
  if (settings.size === 0) {
    throw new ValidationError("connection-string", "the connection string has none of the settings of a storage account (AccountName, AccountKey, QueueEndpoint, ...)");
  }
  return settings;
}

function nonEmpty(settings: Map<string, string>, name: string): string | undefined {
  const value = settings.get(name);
  if (value === "") throw new ValidationError("connection-string", `${name} is empty in the connection string`);
  return value;
}

function readDevelopmentFlag(value: string | undefined): boolean {
  if (value === undefined || value.toLowerCase() === "false") return false;
  if (value.toLowerCase() === "true") return true;
  throw new ValidationError("connection-string", "UseDevelopmentStorage must be true or false");
}

function developmentStorage(settings: Map<string, string>): ParsedConnectionString {
  const others = [...settings.keys()].filter((name) => name !== "UseDevelopmentStorage" && name !== "DevelopmentStorageProxyUri");
  if (others.length > 0) {
    throw new ValidationError("connection-string", `UseDevelopmentStorage=true takes no other settings than DevelopmentStorageProxyUri (found ${others.join(", ")})`);
  }
  const proxy = nonEmpty(settings, "DevelopmentStorageProxyUri");
  let endpoint = EMULATOR_QUEUE_ENDPOINT;
  if (proxy !== undefined) {
    // As the classic .NET library has it: the proxy's scheme and host, the emulator's port and path.
    const proxyUrl = parseEndpoint(proxy, "DevelopmentStorageProxyUri");
    endpoint = `${proxyUrl.protocol}//${proxyUrl.hostname}:${EMULATOR_QUEUE_PORT}/${EMULATOR_ACCOUNT_NAME}`;
  }
  const endpoints = resolveEndpoints({ accountName: EMULATOR_ACCOUNT_NAME, endpoint, isEmulated: true });
  return withHiddenSecrets({
    kind: "accountKey",
    accountName: EMULATOR_ACCOUNT_NAME,
    accountKey: EMULATOR_ACCOUNT_KEY,
    endpoint: endpoints.primary,
    ...(endpoints.secondary !== undefined && { secondaryEndpoint: endpoints.secondary }),
    pathStyle: true,
    isDevelopmentStorage: true,
  });
}

/** Keeps the key and the SAS token out of `console.log`, `util.inspect` and `JSON.stringify` of the result. */
function withHiddenSecrets(parsed: ParsedConnectionString): ParsedConnectionString {
  const redacted = (): Record<string, unknown> => ({
    ...parsed,
    ...(parsed.accountKey !== undefined && { accountKey: "REDACTED" }),
    ...(parsed.sasToken !== undefined && { sasToken: "REDACTED" }),
  });
  Object.defineProperty(parsed, Symbol.for("nodejs.util.inspect.custom"), { value: redacted });
  Object.defineProperty(parsed, "toJSON", { value: redacted });
  return Object.freeze(parsed);
}
