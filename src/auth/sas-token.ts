/**
 * Shared access signature authorization: the token is a set of query parameters the service checks, so
 * authorizing a request means appending them to its URL. The token never appears in an error.
 */
import { ValidationError } from "../errors.js";
import type { Authorizer, WireRequest } from "../transport/types.js";
import { copyRequest } from "../transport/wire-request.js";

/**
 * The token without its leading `?`, after checking it looks like a SAS query string (`...&sig=...`).
 *
 * @throws ValidationError (`rule` "sas-token") naming the problem, never quoting the token.
 * @example
 * normalizeSasToken("?sv=2025-11-05&ss=q&srt=sco&sp=rl&se=2030-01-01&sig=abc%3D") // "sv=2025-11-05&...&sig=abc%3D"
 */
export function normalizeSasToken(sasToken: string): string {
  if (typeof sasToken !== "string") throw new ValidationError("sas-token", "the SAS token must be a string");
  const token = sasToken.trim().replace(/^\?/, "");
  if (token === "") throw new ValidationError("sas-token", "the SAS token is empty");
  if (/[\s#?]/.test(token)) {
    throw new ValidationError("sas-token", "the SAS token is not a query string: it contains whitespace, '#' or a second '?'");
  }
  const pairs = token.split("&");
  if (pairs.some((pair) => pair === "" || !pair.includes("=") || pair.startsWith("="))) {
    throw new ValidationError("sas-token", "the SAS token is not a query string of name=value pairs joined by '&'");
  }
  if (!pairs.some((pair) => /^sig=./i.test(pair))) {
    throw new ValidationError("sas-token", "the SAS token has no signature (sig=...); copy the whole token, not part of it");
  }
  return token;
}

/**
 * An authorizer that appends the SAS token to each request's query (after `&` when the URL already has one).
 *
 * @throws ValidationError when the token does not look like a SAS query string.
 * @example
 * const authorize = createSasAuthorizer(process.env.QUEUE_SAS!);
 * const signed = await authorize({ method: "GET", url: "https://acct.queue.core.windows.net/?comp=list", headers: {} });
 */
export function createSasAuthorizer(sasToken: string): Authorizer {
  const token = normalizeSasToken(sasToken);
  return function authorizeWithSas(request: WireRequest): WireRequest {
    const { url } = request;
    const queryAt = url.indexOf("?");
    let separator: string;
    if (queryAt === -1) separator = "?";
    else if (queryAt === url.length - 1 || url.endsWith("&")) separator = "";
    else separator = "&";
    return copyRequest(request, `${url}${separator}${token}`, request.headers);
  };
}
