/**
 * The `fetch` the typed client is given: it turns openapi-fetch's `Request` into a WireRequest for the shared send
 * path (retry, sign, send) and the answer back into a `Response` whose JSON body matches generated/schema.ts. The
 * operation runtime does the rest, as for the facade: the endpoint, the XML bodies both ways, the error document.
 * Retries happen inside, so openapi-fetch middleware runs once per call, not once per attempt.
 */
import { operations } from "../../generated/operations.js";
import type { OperationSpec } from "../operation/operation-spec.js";
import { ValidationError } from "../errors.js";
import type { MaybePromise } from "../maybe-promise.js";
import { operationRequest, writeRequestBody } from "../operation/build-request.js";
import { operationBaseUrl, type OperationEndpoints } from "../operation/endpoint.js";
import { readStorageError } from "../operation/read-error.js";
import { isOperationSuccess, readResponseBody } from "../operation/read-response.js";
import type { Send, WireResponse } from "../transport/types.js";
import { createOperationMatcher } from "./match-operation.js";

const matchOperation = createOperationMatcher(operations);

/** Headers that describe the body as it travelled, not the JSON the adapter hands back. */
const WIRE_BODY_HEADERS = new Set(["content-length", "content-type", "transfer-encoding", "content-encoding"]);

/**
 * Creates the `fetch` for openapi-fetch, whose base URL is `endpoints.primary`; operations served by the secondary
 * endpoint only are sent there.
 *
 * @example
 * const client = createClient<paths>({ baseUrl: connection.primary, fetch: createTransportFetch(connection, connection.send) });
 */
export function createTransportFetch(endpoints: OperationEndpoints, send: Send): (request: Request) => Promise<Response> {
  const basePath = new URL(endpoints.primary).pathname.replace(/\/$/, "");
  return async (request) => {
    let url = joinQueryStrings(request.url);
    const parsed = new URL(url);
    const below = parsed.pathname.startsWith(`${basePath}/`) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
    const op = matchOperation(request.method, below, parsed.searchParams);
    if (!op) {
      throw new ValidationError("operation", `no Queue operation matches ${request.method} ${parsed.pathname}`);
    }
    // A call given its own baseUrl keeps it.
    if (url.startsWith(`${endpoints.primary}/`)) url = operationBaseUrl(op, endpoints) + url.slice(endpoints.primary.length);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (name !== "content-type") headers[name] = value;
    });
    const xml = await requestXml(op, request);
    const response = await send(operationRequest(op, url, headers, xml, request.signal));
    return toFetchResponse(op, response);
  };
}

/**
 * openapi-fetch appends its query with a second `?` when the path key already carries one (Azure's
 * `/{queue}?comp=metadata` convention). Query values are percent-encoded, so any later `?` is that separator.
 */
export function joinQueryStrings(url: string): string {
  const first = url.indexOf("?");
  if (first < 0) return url;
  return url.slice(0, first + 1) + url.slice(first + 1).replaceAll("?", "&");
}

/** openapi-fetch sends the body as JSON; the service takes the XML document the spec describes. */
async function requestXml(op: OperationSpec, request: Request): Promise<string | undefined> {
  if (request.body === null) return undefined;
  const text = await request.text();
  if (text === "") return undefined;
  if (!op.requestBody) {
    throw new ValidationError("request-body", `${op.operationId} takes no request body`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError("request-body", `${op.operationId}: the request body must be an object shaped like ${op.requestBody.schema}`, { cause });
  }
  return writeRequestBody(op.requestBody, value);
}

/** Synchronous when the body needs no library (none, or a message list the scanner reads), else a promise. */
function toFetchResponse(op: OperationSpec, response: WireResponse): MaybePromise<Response> {
  if (!isOperationSuccess(op, response)) return readStorageError(response).then((json) => fetchResponse(response, json));
  return readResponseBody(op, response, (json) => fetchResponse(response, json));
}

function fetchResponse(response: WireResponse, json: unknown): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (!WIRE_BODY_HEADERS.has(name)) headers.set(name, value);
  }
  if (json === undefined) return new Response(null, { status: response.status, headers });
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(json), { status: response.status, headers });
}
