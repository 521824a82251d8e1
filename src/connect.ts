/**
 * From the options a user gives (a connection string, an account and key, endpoints, a credential) to one
 * connection: the endpoints, the chosen credential and the send path. The typed client and QueueService both
 * start here, so they resolve options identically.
 */
import type { TokenCredential } from "@azure/core-auth";
import { createHttpSender } from "#platform/http";
import { EMULATOR_ACCOUNT_KEY } from "./constants.js";
import { ValidationError } from "./errors.js";
import { parseConnectionString } from "./auth/connection-string.js";
import { resolveAuthorizer, type CredentialKind } from "./auth/credentials.js";
import { resolveEndpoints } from "./auth/endpoints.js";
import { createSasGenerator, type SasGenerator } from "./auth/sas-generate.js";
import { createTransport } from "./transport/pipeline.js";
import type { RetryOptions } from "./transport/retry.js";
import type { ProxyOptions, TlsOptions } from "./platform/sender.js";
import type { Send, TransportLogger } from "./transport/types.js";

/**
 * How to reach and authenticate with an account, and how to send; shared by `createQueueClient` and
 * `QueueService`. Locate the account with one of `connectionString`, `accountName`, `endpoint` or `isEmulated`.
 * When several credentials are given, `accountKey` wins over `sasToken`, which wins over `tokenCredential`;
 * with none, requests are anonymous.
 *
 * @example
 * import { DefaultAzureCredential } from "@azure/identity";
 * import { createQueueClient } from "azqueue/client";
 *
 * const client = createQueueClient({ accountName: "acct", tokenCredential: new DefaultAzureCredential() });
 * const local = createQueueClient({ isEmulated: true, retry: { maxTries: 1 }, socketTimeout: 5 });
 */
export interface ConnectionOptions {
  /**
   * An Azure Storage connection string: the account key or SAS form, or `UseDevelopmentStorage=true`. It overrides
   * every other location and credential option, as in the reference QueueService.
   */
  readonly connectionString?: string;
  /**
   * The storage account: SharedKey signs with it (with `accountKey`), and without `endpoint` it names the host,
   * `https://{accountName}.queue.{endpointSuffix}`.
   */
  readonly accountName?: string;
  /**
   * Base64 account key: requests are signed with SharedKey, and QueueService's SAS methods can sign. Wins over
   * `sasToken` when both are given.
   */
  readonly accountKey?: string;
  /** A SAS token (with or without the leading `?`), appended to every request. */
  readonly sasToken?: string;
  /**
   * Bearer tokens (Microsoft Entra ID, e.g. from `@azure/identity`), cached and refreshed before they expire;
   * HTTPS only. The identity needs a data role such as "Storage Queue Data Contributor".
   */
  readonly tokenCredential?: TokenCredential;
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
  /** Seconds one attempt may take on the client (fractions allowed); default 30. A slower attempt is retried. */
  readonly socketTimeout?: number;
  /** How calls retry transient failures; by default 4 tries in all, with jittered waits of about 0.4, 0.8, 1.6 s. */
  readonly retry?: RetryOptions;
  /** Node: TLS settings, e.g. `{ ca }` to trust a self-signed emulator certificate. */
  readonly tls?: TlsOptions;
  /** Node: an HTTP proxy for every request. */
  readonly proxy?: ProxyOptions;
  /** A `fetch` to send with instead of the platform default; response header names then come back lower-case. */
  readonly fetch?: typeof globalThis.fetch;
  /** Called with one event per attempt (operation, attempt, status, duration, request id); never with a secret. */
  readonly logger?: TransportLogger;
  /**
   * Your application's product token, sent before azqueue's in `User-Agent` (e.g. `"orders-worker/2.1"`), so the
   * service's logs, and Azure support, can tell its calls apart; the Azure SDKs' `userAgentOptions.userAgentPrefix`.
   * Printable ASCII.
   */
  readonly userAgentPrefix?: string;
}

export interface Connection {
  /** Primary endpoint, without a trailing slash. */
  readonly primary: string;
  readonly secondary: string | undefined;
  readonly accountName: string | undefined;
  readonly credentialKind: CredentialKind;
  /**
   * A SAS generator keyed with the account key requests are signed with; undefined unless they are signed with
   * SharedKey. Each call makes one (decoding the key): call it once and keep it. The key stays in closures, out of
   * reach of `util.inspect` and of errors.
   *
   * @throws ValidationError (`account-name`) when the account name cannot be signed for.
   */
  sasGenerator(): SasGenerator | undefined;
  readonly send: Send;
  /**
   * Node: sends later requests through `proxy`; `undefined` returns to the default (the environment's
   * HTTP_PROXY / HTTPS_PROXY / NO_PROXY when set, else direct).
   * @throws ValidationError for a malformed proxy, or where proxies are not ours to set (browsers, the `fetch` option).
   */
  setProxy(proxy: ProxyOptions | undefined): void;
  close(): Promise<void>;
}

/**
 * @throws ValidationError for a malformed connection string, endpoint or credential, before anything is sent.
 * @example
 * const connection = connect({ connectionString: "UseDevelopmentStorage=true" });
 */
export function connect(options: ConnectionOptions): Connection {
  const location = options.connectionString === undefined ? fromOptions(options) : fromConnectionString(options.connectionString);
  const { kind, authorize } = resolveAuthorizer({
    accountName: location.accountName,
    accountKey: location.accountKey,
    sasToken: location.sasToken,
    tokenCredential: options.tokenCredential,
  });
  const sender = createHttpSender({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  });
  const transport = createTransport({
    sender,
    authorizer: authorize,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.socketTimeout !== undefined ? { socketTimeout: options.socketTimeout } : {}),
    ...(options.userAgentPrefix !== undefined ? { userAgentPrefix: options.userAgentPrefix } : {}),
    endpoints: { primary: location.primary, secondary: location.secondary },
  });
  return {
    primary: location.primary,
    secondary: location.secondary,
    accountName: location.accountName,
    credentialKind: kind,
    // The key that signs requests is the one SAS generation needs: one decision, made by resolveAuthorizer above.
    sasGenerator: () =>
      kind === "sharedKey" && location.accountName !== undefined ? createSasGenerator(location.accountName, location.accountKey) : undefined,
    send: transport.send,
    setProxy: (proxy) => {
      if (!sender.setProxy) throw new ValidationError("proxy", "This sender cannot route through a proxy.");
      sender.setProxy(proxy);
    },
    close: () => transport.close(),
  };
}

interface Location {
  readonly primary: string;
  readonly secondary: string | undefined;
  readonly accountName: string | undefined;
  readonly accountKey: string | undefined;
  readonly sasToken: string | undefined;
}

function fromConnectionString(text: string): Location {
  if (typeof text !== "string") {
    throw new ValidationError("connection-string", `connectionString must be a string, not ${text === null ? "null" : typeof text}.`);
  }
  if (text.trim() === "") throw emptyConnectionStringError();
  const parsed = parseConnectionString(text);
  return {
    primary: parsed.endpoint,
    secondary: parsed.secondaryEndpoint,
    accountName: parsed.accountName,
    accountKey: parsed.accountKey,
    sasToken: parsed.sasToken,
  };
}

function fromOptions(options: ConnectionOptions): Location {
  if (!options.accountName?.trim() && options.endpoint === undefined && !options.isEmulated) throw noAccountError(options);
  const endpoints = resolveEndpoints(options);
  return {
    primary: endpoints.primary,
    secondary: endpoints.secondary,
    accountName: endpoints.accountName,
    // The emulator's well-known key signs unless the caller chose another credential.
    accountKey:
      options.accountKey ??
      (options.isEmulated && options.sasToken === undefined && options.tokenCredential === undefined ? EMULATOR_ACCOUNT_KEY : undefined),
    sasToken: options.sasToken,
  };
}

/** The variable the Azure tools and SDK samples read a connection string from. */
const CONNECTION_STRING_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";

const OTHER_ACCOUNT_OPTIONS =
  "accountName with accountKey, sasToken or tokenCredential, or endpoint, or isEmulated: true for the local emulator";

// A connectionString key holding undefined or "" is nearly always an environment variable that is not set, so those
// cases say so rather than what is then missing (an account name or an endpoint).
function noAccountError(options: ConnectionOptions): ValidationError {
  if ("connectionString" in options) {
    return new ValidationError(
      "connection-string",
      `connectionString is undefined, and no other option names a storage account. A common cause is an environment variable that is not set, such as ${CONNECTION_STRING_VARIABLE}. Set it, or pass ${OTHER_ACCOUNT_OPTIONS}.`,
    );
  }
  return new ValidationError(
    "account",
    `No storage account was given. Pass connectionString (for example from the ${CONNECTION_STRING_VARIABLE} environment variable), or ${OTHER_ACCOUNT_OPTIONS}.`,
  );
}

function emptyConnectionStringError(): ValidationError {
  return new ValidationError(
    "connection-string",
    `connectionString is empty. A common cause is an environment variable set to nothing, such as ${CONNECTION_STRING_VARIABLE}. Set it to the account's connection string, or leave connectionString out and pass ${OTHER_ACCOUNT_OPTIONS}.`,
  );
}
