/**
 * A minimal SharedKey signer for the raw floor and for filling Azurite before a run: node:crypto and string
 * concatenation, nothing else. Simple queries only (no repeated parameter names), which is all the bench sends.
 */
import { createHmac } from "node:crypto";

export interface RequestToSign {
  readonly method: string;
  /** Path and query as sent, e.g. `/devstoreaccount1/q/messages?numofmessages=32`. */
  readonly path: string;
  readonly bodyLength: number;
  readonly contentType?: string;
}

/**
 * The headers of a signed request: x-ms-date, x-ms-version, Authorization (and Content-Type when given).
 *
 * @example
 * const headers = signSharedKey({ method: "GET", path: "/devstoreaccount1/?comp=list", bodyLength: 0 }, ACCOUNT_NAME, ACCOUNT_KEY);
 */
export function signSharedKey(request: RequestToSign, account: string, keyBase64: string, date = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    "x-ms-date": date.toUTCString(),
    "x-ms-version": "2025-11-05",
  };
  if (request.contentType) headers["content-type"] = request.contentType;
  const queryAt = request.path.indexOf("?");
  const pathname = queryAt < 0 ? request.path : request.path.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? "" : request.path.slice(queryAt + 1));
  const parameters = [...query].map(([name, value]) => [name.toLowerCase(), value] as const).sort(([a], [b]) => (a < b ? -1 : 1));
  const stringToSign = [
    request.method,
    "",
    "",
    request.bodyLength === 0 ? "" : String(request.bodyLength),
    "",
    request.contentType ?? "",
    "",
    "",
    "",
    "",
    "",
    "",
    `x-ms-date:${headers["x-ms-date"]}`,
    `x-ms-version:${headers["x-ms-version"]}`,
    `/${account}${pathname}` + parameters.map(([name, value]) => `\n${name}:${value}`).join(""),
  ].join("\n");
  const signature = createHmac("sha256", Buffer.from(keyBase64, "base64")).update(stringToSign, "utf8").digest("base64");
  headers.authorization = `SharedKey ${account}:${signature}`;
  return headers;
}

/** The XML body of a put or update: the text is escaped the way every client escapes it. */
export function messageBody(text: string): string {
  const escaped = text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return `<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>${escaped}</MessageText></QueueMessage>`;
}
