/** Copying a request with some fields changed, for steps that must not mutate the one they were given. */
import type { WireRequest } from "./types.js";

/**
 * A copy of `request` with the given URL and headers (and, for the retry step, attempt and time bound); every other
 * field is carried over. One literal of a fixed shape: on this path an object spread costs more than the step that
 * makes it, and every copy then shares one hidden class.
 *
 * @example
 * const signed = copyRequest(request, request.url, { ...request.headers, Authorization: authorization });
 */
export function copyRequest(
  request: WireRequest,
  url: string,
  headers: Readonly<Record<string, string>>,
  attempt: number | undefined = request.attempt,
  attemptTimeoutMs: number | undefined = request.attemptTimeoutMs,
): WireRequest {
  return {
    method: request.method,
    url,
    headers,
    body: request.body,
    operationId: request.operationId,
    readOnly: request.readOnly,
    signal: request.signal,
    attemptTimeoutMs,
    attempt,
  };
}

/**
 * A copy of `request` with the header `name` set to `value`; the header under any other letter case is dropped, so
 * the request never carries it twice.
 *
 * @example
 * const signed = withHeader(request, "Authorization", `SharedKey ${account}:${signature}`);
 */
export function withHeader(request: WireRequest, name: string, value: string): WireRequest {
  const lower = name.toLowerCase();
  const headers: Record<string, string> = {};
  for (const key in request.headers) {
    // The length test first: most names differ in length and need no lowercasing.
    if (key.length !== lower.length || key.toLowerCase() !== lower) headers[key] = request.headers[key]!;
  }
  headers[name] = value;
  return copyRequest(request, request.url, headers);
}
