/**
 * The `fetch` the typed client is given: it turns openapi-fetch's `Request` into a WireRequest for the shared send
 * path (retry, sign, send) and the answer back into a `Response` whose JSON body matches generated/schema.ts.
 * Retries happen inside, so openapi-fetch middleware runs once per call, not once per attempt.
 */
import { operations, xmlDocuments, type OperationSpec } from "../../generated/operations.js";
import { ResponseParseError, ValidationError } from "../errors.js";
import { buildXmlDocument } from "../xml/builder.js";
import { scanMessageList } from "../xml/message-list-scanner.js";
import { parseWithXmlLibrary } from "../xml/parser.js";
import { parseStorageError } from "../xml/storage-error.js";
import type { HttpMethod, Send, WireResponse } from "../transport/types.js";
import { createOperationMatcher } from "./match-operation.js";

const matchOperation = createOperationMatcher(operations);
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

/** Headers that describe the body as it travelled, not the JSON the adapter hands back. */
const WIRE_BODY_HEADERS = new Set(["content-length", "content-type", "transfer-encoding", "content-encoding"]);

export interface AdapterEndpoints {
  /** The base URL openapi-fetch is given, without a trailing slash. */
  readonly primary: string;
  /** Where operations the spec marks `x-azqueue-endpoint: secondary` go. */
  readonly secondary: string | undefined;
}

export function createTransportFetch(endpoints: AdapterEndpoints, send: Send): (request: Request) => Promise<Response> {
  const basePath = new URL(endpoints.primary).pathname.replace(/\/$/, "");
  return async (request) => {
    let url = joinQueryStrings(request.url);
    const parsed = new URL(url);
    const below = parsed.pathname.startsWith(`${basePath}/`) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
    const op = matchOperation(request.method, below, parsed.searchParams);
    if (!op) {
      throw new ValidationError("operation", `no Queue operation matches ${request.method} ${parsed.pathname}`);
    }
    if (op.endpoint === "secondary" && url.startsWith(`${endpoints.primary}/`)) {
      if (endpoints.secondary === undefined) {
        throw new ValidationError("secondary-endpoint", `${op.operationId} is served by the secondary endpoint only; give secondaryEndpoint`);
      }
      url = endpoints.secondary + url.slice(endpoints.primary.length);
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (name !== "content-type") headers[name] = value;
    });
    const body = await requestBody(op, request);
    if (body) headers["content-type"] = XML_CONTENT_TYPE;
    const response = await send({
      method: op.method as HttpMethod,
      url,
      headers,
      operationId: op.operationId,
      signal: request.signal,
      ...(body ? { body } : {}),
    });
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

async function requestBody(op: OperationSpec, request: Request): Promise<Uint8Array | undefined> {
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
  return utf8Encoder.encode(await buildXmlDocument(op.requestBody, value));
}

/** Synchronous when the body needs no library (none, or a message list the scanner reads), else a promise. */
function toFetchResponse(op: OperationSpec, response: WireResponse): Response | Promise<Response> {
  const success = op.successStatuses.includes(response.status);
  if (!success) return errorJson(response).then((json) => fetchResponse(response, json));
  if (!op.responseBody) return fetchResponse(response, undefined);
  const text = utf8Decoder.decode(response.body);
  const scanned = scanMessageList(text, op.responseBody);
  if (scanned !== undefined) return fetchResponse(response, scanned);
  return parseWithXmlLibrary(text, op.responseBody).then(
    (json) => fetchResponse(response, json),
    (error: unknown) => {
      if (!(error instanceof ResponseParseError)) throw error;
      throw new ResponseParseError(
        `${op.operationId}: ${error.message}`,
        { statusCode: response.status, requestId: response.headers["x-ms-request-id"] },
        { cause: error },
      );
    },
  );
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

/** Error bodies are read leniently: a proxy's HTML page or an empty body still yields the StorageError shape. */
async function errorJson(response: WireResponse): Promise<unknown> {
  const code = response.headers["x-ms-error-code"];
  if (response.body.byteLength === 0) return code === undefined ? undefined : { Code: code };
  const text = utf8Decoder.decode(response.body);
  try {
    return await parseWithXmlLibrary(text, xmlDocuments.StorageError);
  } catch {
    const detail = await parseStorageError(text);
    return { Code: code ?? detail.code, Message: detail.message };
  }
}
