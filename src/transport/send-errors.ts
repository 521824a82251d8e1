/**
 * The errors a sender raises when no response arrived, built the same way by every platform's sender. A URL's
 * query may hold a SAS signature, so messages show the URL without it, and a library error is attached as `cause`
 * only when nothing in its chain repeats the query.
 */
import { EMULATOR_ACCOUNT_NAME, EMULATOR_QUEUE_ENDPOINT, SECONDARY_ACCOUNT_SUFFIX } from "../constants.js";
import { AbortError, NetworkError, TimeoutError } from "../errors.js";
import type { WireRequest } from "./types.js";

/**
 * The URL without its query or fragment, safe to show in messages and logs.
 *
 * @example
 * urlWithoutQuery("https://a.queue.core.windows.net/q/messages?sig=secret"); // "https://a.queue.core.windows.net/q/messages"
 */
export function urlWithoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** The caller's signal fired: the attempt is dropped at once. */
export function abortedError(request: WireRequest): AbortError {
  const reason: unknown = request.signal?.reason;
  return new AbortError(`${describe(request)} was aborted`, reason === undefined ? undefined : { cause: reason });
}

/** The attempt outlived `attemptTimeoutMs`. */
export function attemptTimeoutError(request: WireRequest): TimeoutError {
  return new TimeoutError(`${describe(request)} got no complete response within ${request.attemptTimeoutMs} ms`);
}

/**
 * The connection failed before a complete response arrived (refused, reset, closed, TLS, DNS).
 *
 * @example
 * throw networkError(request, error); // "PUT http://127.0.0.1:10001/acct/q failed: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:10001"
 */
export function networkError(request: WireRequest, cause: unknown): NetworkError {
  const safe = !mentionsQuery(cause, request.url);
  const reason = safe ? reasonOf(cause) : nameOf(cause);
  return new NetworkError(`${describe(request)} failed: ${reason}`, safe ? { cause } : undefined);
}

/**
 * The error a call ends with when its last attempt got no answer: the same kind, saying how many attempts were made
 * and, when the local emulator refused the connection, how to start one. Any other error is returned as it is.
 *
 * @example
 * throw retriesExhaustedError(error, request, 4);
 * // "GET http://127.0.0.1:10001/devstoreaccount1/q/messages failed: connect ECONNREFUSED 127.0.0.1:10001; gave up after 4 attempts. No storage emulator ..."
 */
export function retriesExhaustedError(error: unknown, request: WireRequest, attempts: number): unknown {
  const network = error instanceof NetworkError;
  if (!network && !(error instanceof TimeoutError)) return error;
  let message = `${error.message}; ${attempts === 1 ? "gave up after 1 attempt (retries are off)" : `gave up after ${attempts} attempts`}.`;
  if (network && isRefused(error)) {
    const url = new URL(request.url);
    if (isLocalEmulator(url)) message += ` ${noEmulatorHint(url)}`;
  }
  const options = error.cause === undefined ? undefined : { cause: error.cause };
  return network ? new NetworkError(message, options) : new TimeoutError(message, options);
}

const EMULATOR_PORT = new URL(EMULATOR_QUEUE_ENDPOINT).port;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);

// The emulator's default address, or any loopback port serving its account: an emulator started on another port
// (as test setups and docker mappings do) is just as likely to be the one missing.
function isLocalEmulator(url: URL): boolean {
  if (!LOOPBACK_HOSTS.has(url.hostname)) return false;
  const account = url.pathname.split("/")[1];
  return url.port === EMULATOR_PORT || account === EMULATOR_ACCOUNT_NAME || account === `${EMULATOR_ACCOUNT_NAME}${SECONDARY_ACCOUNT_SUFFIX}`;
}

function noEmulatorHint(url: URL): string {
  const port = url.port === EMULATOR_PORT ? "" : ` --queuePort ${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  return (
    `No storage emulator is running at ${url.host}. Start one with \`npx --package=azurite azurite-queue --inMemoryPersistence${port}\`` +
    " (see https://learn.microsoft.com/azure/storage/common/storage-use-azurite)."
  );
}

function isRefused(error: Error): boolean {
  let current: unknown = error.cause;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++, current = current.cause) {
    if ((current as { code?: unknown }).code === "ECONNREFUSED") return true;
  }
  return false;
}

function describe(request: WireRequest): string {
  return `${request.method} ${urlWithoutQuery(request.url)}`;
}

// The innermost code and message say most (fetch wraps everything in a bare "fetch failed" TypeError).
function reasonOf(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 4 && current instanceof Error && current.cause instanceof Error; depth++) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  return typeof code === "string" && !current.message.includes(code) ? `${code} ${current.message}` : current.message;
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function mentionsQuery(error: unknown, url: string): boolean {
  const start = url.indexOf("?");
  if (start === -1) return false;
  const query = url.slice(start + 1);
  if (query === "") return false;
  const signature = /(?:^|&)sig=([^&#]*)/.exec(query)?.[1];
  const fragments = [query, safeDecode(query)];
  if (signature) fragments.push(signature, safeDecode(signature));
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const text = current instanceof Error ? `${current.message} ${current.stack ?? ""}` : String(current);
    if (fragments.some((fragment) => fragment !== "" && text.includes(fragment))) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
