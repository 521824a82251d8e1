/**
 * A SharedKey-signed request straight to the suite's Azurite, past the recording proxy, for requests or answers
 * that break the spec on purpose (invalid queue names, Azurite's own malformed answers). Signed as the transport
 * signs, so Azurite judges the request itself, not its authentication.
 */
import { request } from "undici";
import { inject } from "vitest";
import { createSharedKeyAuthorizer } from "../../src/auth/shared-key.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME, SERVICE_VERSION } from "../../src/constants.js";

const authorize = createSharedKeyAuthorizer(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);

export interface UnrecordedAnswer {
  readonly status: number;
  /** x-ms-error-code, when the answer has one. */
  readonly code: string | undefined;
  readonly text: string;
}

/**
 * Sends `method` to the account URL + `path` (already percent-encoded, e.g. "/jobs" or "/?comp=list"), signed.
 *
 * @example
 * const { status, code } = await sendUnrecorded("PUT", "/Bad--Name");
 */
export async function sendUnrecorded(method: "GET" | "PUT" | "DELETE", path: string, headers: Readonly<Record<string, string>> = {}): Promise<UnrecordedAnswer> {
  const signed = await authorize({
    method,
    url: `${inject("azuriteUnrecorded").accountUrl}${path}`,
    headers: { "x-ms-version": SERVICE_VERSION, "x-ms-date": new Date().toUTCString(), ...(method === "PUT" ? { "content-length": "0" } : {}), ...headers },
  });
  const response = await request(signed.url, { method, headers: signed.headers });
  const text = await response.body.text();
  const code = response.headers["x-ms-error-code"];
  return { status: response.statusCode, code: typeof code === "string" ? code : undefined, text };
}
