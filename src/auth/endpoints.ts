/**
 * Where an account's queue service lives: the primary endpoint, the read-only secondary, the account name (which
 * SharedKey needs) and whether URLs are path-style (`http://127.0.0.1:10001/devstoreaccount1/queue`, as the
 * emulator serves them) or host-style (`https://acct.queue.core.windows.net/queue`).
 */
import { DEFAULT_ENDPOINT_SUFFIX, EMULATOR_ACCOUNT_NAME, EMULATOR_QUEUE_ENDPOINT, SECONDARY_ACCOUNT_SUFFIX } from "../constants.js";
import { ValidationError } from "../errors.js";
import { redactUrl } from "./redact.js";

export interface EndpointOptions {
  readonly accountName?: string | undefined;
  /** The local emulator: path-style URLs on 127.0.0.1:10001 unless `endpoint` says otherwise. */
  readonly isEmulated?: boolean | undefined;
  /** Scheme of the endpoints built from the account name; "https" unless told. */
  readonly protocol?: "https" | "http" | undefined;
  /** "core.windows.net" unless told (sovereign clouds have their own). */
  readonly endpointSuffix?: string | undefined;
  /** The primary endpoint, when it is not the default one (emulator, custom domain, private endpoint). */
  readonly endpoint?: string | undefined;
  /** The secondary endpoint; derived from the primary when possible. */
  readonly secondaryEndpoint?: string | undefined;
}

export interface ResolvedEndpoints {
  /** Without a trailing slash, e.g. "https://acct.queue.core.windows.net" or "http://127.0.0.1:10001/devstoreaccount1". */
  readonly primary: string;
  /** Absent when it cannot be derived (a custom domain) and was not given. */
  readonly secondary?: string;
  /** Absent only when neither given nor readable from the endpoint; SharedKey cannot sign without it. */
  readonly accountName: string | undefined;
  /** The account is the first path segment of every URL rather than part of the host. */
  readonly pathStyle: boolean;
}

/** `{account}.queue.{suffix}`: a production host names its account. */
const HOST_STYLE = /^([a-z0-9]+)\.queue\./;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The endpoints for the given options.
 *
 * @throws ValidationError when an endpoint is not an absolute http(s) URL, carries a query, a fragment or
 *   credentials, or when nothing says where the account is.
 * @example
 * resolveEndpoints({ accountName: "acct" })
 * // { primary: "https://acct.queue.core.windows.net", secondary: "https://acct-secondary.queue.core.windows.net",
 * //   accountName: "acct", pathStyle: false }
 * resolveEndpoints({ endpoint: "http://127.0.0.1:41234/devstoreaccount1/" })
 * // { primary: "http://127.0.0.1:41234/devstoreaccount1", secondary: "http://127.0.0.1:41234/devstoreaccount1-secondary",
 * //   accountName: "devstoreaccount1", pathStyle: true }
 */
export function resolveEndpoints(options: EndpointOptions): ResolvedEndpoints {
  const givenName = options.accountName?.trim() || undefined;
  const protocol = options.protocol ?? "https";
  if (protocol !== "https" && protocol !== "http") {
    throw new ValidationError("protocol", "the endpoint protocol must be https or http");
  }

  let endpoint = options.endpoint;
  if (endpoint === undefined && options.isEmulated) {
    endpoint = givenName === undefined || givenName === EMULATOR_ACCOUNT_NAME
      ? EMULATOR_QUEUE_ENDPOINT
      : `${new URL(EMULATOR_QUEUE_ENDPOINT).origin}/${givenName}`;
  }

  if (endpoint === undefined) {
    if (givenName === undefined) {
      throw new ValidationError("endpoint", "give an account name or an endpoint: neither says where the queue service is");
    }
    const suffix = normalizeSuffix(options.endpointSuffix ?? DEFAULT_ENDPOINT_SUFFIX);
    endpoint = `${protocol}://${givenName}.queue.${suffix}`;
  }

  const primary = parseEndpoint(endpoint, "endpoint");
  const firstSegment = primary.pathname.split("/")[1] || undefined;
  const hostAccount = HOST_STYLE.exec(primary.hostname)?.[1];
  const localHost = isLocalHost(primary.hostname);

  // Path-style when the path starts with the given account, or, with no name given, when the host cannot name an
  // account (an IP address, localhost, the emulator): then the first segment is the account.
  const pathStyle =
    firstSegment !== undefined &&
    (firstSegment === givenName ||
      (givenName === undefined && hostAccount === undefined && (localHost || options.isEmulated === true)));
  const accountName = givenName ?? (pathStyle ? firstSegment : hostAccount);

  const primaryUrl = format(primary);
  let secondary: string | undefined;
  if (options.secondaryEndpoint !== undefined) {
    secondary = format(parseEndpoint(options.secondaryEndpoint, "secondaryEndpoint"));
  } else if (pathStyle) {
    const rest = primaryUrl.slice(primary.origin.length + 1 + firstSegment!.length);
    secondary = `${primary.origin}/${firstSegment}${SECONDARY_ACCOUNT_SUFFIX}${rest}`;
  } else if (hostAccount !== undefined) {
    secondary = primaryUrl.replace(`//${hostAccount}.`, `//${hostAccount}${SECONDARY_ACCOUNT_SUFFIX}.`);
  }

  return secondary === undefined
    ? { primary: primaryUrl, accountName, pathStyle }
    : { primary: primaryUrl, secondary, accountName, pathStyle };
}

/** An IP address or `localhost`: no account name can sit in such a host, so URLs on it are path-style. */
function isLocalHost(hostname: string): boolean {
  return IPV4.test(hostname) || hostname.startsWith("[") || hostname === "localhost";
}

/**
 * The endpoint as a URL, after checking it is one azqueue can use: absolute, http(s), no credentials, query or
 * fragment. `option` names the setting in the error.
 *
 * @throws ValidationError naming `option`; the URL is quoted redacted.
 * @example
 * parseEndpoint("https://acct.queue.core.windows.net/", "QueueEndpoint").hostname // "acct.queue.core.windows.net"
 */
export function parseEndpoint(text: string, option: string): URL {
  if (typeof text !== "string" || text.trim() === "") throw new ValidationError(option, `${option} is empty`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ValidationError(option, `${option} is not an absolute URL: ${redactUrl(text)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ValidationError(option, `${option} must use https or http, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ValidationError(option, `${option} must not carry credentials in the URL: ${redactUrl(text)}`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ValidationError(option, `${option} must not carry a query or fragment (pass a SAS token as sasToken): ${redactUrl(text)}`);
  }
  return url;
}

function format(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function normalizeSuffix(suffix: string): string {
  const trimmed = suffix.trim().replace(/^\.+|\.+$/g, "");
  if (trimmed === "" || /[/:?#@\s]/.test(trimmed)) {
    throw new ValidationError("endpointSuffix", "the endpoint suffix must be a DNS suffix such as core.windows.net");
  }
  return trimmed;
}
