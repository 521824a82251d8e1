/**
 * An `HttpSender` over any `fetch`: browsers and edge runtimes, or Node when the caller brings a `fetch`; both
 * platforms' `createHttpSender` use it. What fetch cannot give: the server's header-name case (names come back lower-case, and `Headers` iterates
 * them sorted), and an explicit Content-Length (a forbidden header; fetch derives it from the one-buffer body).
 */
import { AzureException } from "../errors.js";
import { abortedError, attemptTimeoutError, networkError } from "../transport/send-errors.js";
import type { HttpSender, WireRequest, WireResponse } from "../transport/types.js";

/**
 * Creates a sender that sends each request with `fetchImpl`, honouring `request.signal` and
 * `request.attemptTimeoutMs`, and mapping failures to `AbortError`, `TimeoutError` and `NetworkError`.
 *
 * @example
 * const sender = createFetchSender(globalThis.fetch);
 * const response = await sender.send({ method: "GET", url, headers: {} });
 */
export function createFetchSender(fetchImpl: typeof globalThis.fetch): HttpSender {
  let closed = false;
  return {
    send(request) {
      if (closed) return Promise.reject(new AzureException("The HTTP sender is closed"));
      return sendWithFetch(fetchImpl, request);
    },
    // fetch owns its connections; closing only refuses further requests.
    async close() {
      closed = true;
    },
  };
}

async function sendWithFetch(fetchImpl: typeof globalThis.fetch, request: WireRequest): Promise<WireResponse> {
  if (request.signal?.aborted) throw abortedError(request);
  const controller = new AbortController();
  let outcome: "aborted" | "timeout" | undefined;
  const onAbort = () => {
    outcome ??= "aborted";
    controller.abort();
  };
  request.signal?.addEventListener("abort", onAbort, { once: true });
  const timer = request.attemptTimeoutMs
    ? setTimeout(() => {
        outcome ??= "timeout";
        controller.abort();
      }, request.attemptTimeoutMs)
    : undefined;
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: withoutContentLength(request.headers),
      // Typed arrays over a SharedArrayBuffer are not valid bodies; the transport's bodies never are.
      body: request.body as Uint8Array<ArrayBuffer> | undefined,
      signal: controller.signal,
      // The service never redirects; following one would send a signed request to a URL it was not signed for.
      // "manual", not "error": Cloudflare's workerd accepts only "follow" and "manual".
      redirect: "manual",
    });
    if (isRedirect(response)) {
      throw new AzureException(`The server answered with a redirect (status ${response.status || "opaque"}), which azqueue never follows`);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    // A null-prototype object: a server-sent header named "__proto__" or "constructor" stays plain data.
    const headers: Record<string, string> = Object.create(null);
    const rawHeaderNames: string[] = [];
    response.headers.forEach((value, name) => {
      headers[name] = value;
      rawHeaderNames.push(name);
    });
    return { status: response.status, headers, rawHeaderNames, body };
  } catch (error) {
    if (outcome === "aborted") throw abortedError(request);
    if (outcome === "timeout") throw attemptTimeoutError(request);
    throw networkError(request, error);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onAbort);
  }
}

// Browsers hide a manual redirect behind an "opaqueredirect" response of status 0; other runtimes hand it over.
function isRedirect(response: Response): boolean {
  return response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
}

function withoutContentLength(headers: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    if (name.toLowerCase() !== "content-length") result[name] = headers[name]!;
  }
  return result;
}
