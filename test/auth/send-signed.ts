/**
 * Sends one request through an authorizer straight to Azurite with undici, stamping `x-ms-date` and `x-ms-version`
 * as the transport's attempt-headers step does, so the auth tests do not depend on the transport.
 */
import { request, type Dispatcher } from "undici";
import { SERVICE_VERSION } from "../../src/constants.js";
import type { Authorizer, HttpMethod, WireRequest } from "../../src/transport/types.js";

export interface SignedExchange {
  readonly sent: WireRequest;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export async function sendSigned(
  authorize: Authorizer,
  method: HttpMethod,
  url: string,
  options: { headers?: Record<string, string>; body?: string; dispatcher?: Dispatcher; tamper?: (signed: WireRequest) => WireRequest } = {},
): Promise<SignedExchange> {
  const body = options.body === undefined ? undefined : new TextEncoder().encode(options.body);
  const unsigned: WireRequest = {
    method,
    url,
    headers: {
      "x-ms-date": new Date().toUTCString(),
      "x-ms-version": SERVICE_VERSION,
      ...(body !== undefined && { "Content-Length": String(body.byteLength) }),
      ...options.headers,
    },
    ...(body !== undefined && { body }),
  };
  const signed = await authorize(unsigned);
  const sent = options.tamper ? options.tamper(signed) : signed;
  const response = await request(sent.url, {
    method: sent.method,
    headers: sent.headers,
    ...(sent.body !== undefined && { body: sent.body }),
    ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
  });
  const text = await response.body.text();
  const errorCode = response.headers["x-ms-error-code"];
  return { sent, status: response.statusCode, errorCode: typeof errorCode === "string" ? errorCode : undefined, headers: response.headers, body: text };
}
