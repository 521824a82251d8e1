/**
 * Runs @azure/storage-queue's own SharedKey signing, so tests can compare our Authorization header with the
 * official one for the same request. Two ways in:
 * - `captureOfficialRequests`: the official client, as a user drives it, with an HTTP client that records the
 *   signed request (its 12.30.0 pipeline signs with `storageSharedKeyCredentialPolicy` of @azure/storage-common)
 *   and sends nothing;
 * - `signWithOfficialCredential`: `StorageSharedKeyCredential.create()` (the exported request-policy form) applied
 *   to a request we write ourselves, for URLs the client would never build.
 */
import {
  QueueServiceClient,
  StorageSharedKeyCredential,
  type HttpHeaders,
  type IHttpClient,
  type RequestPolicyOptions,
  type WebResource,
} from "@azure/storage-queue";
import type { HttpMethod, WireRequest } from "../../src/transport/types.js";

/** A request as the official client signed it. */
export interface OfficialRequest {
  readonly wire: WireRequest;
  /** The Authorization header the official client computed. */
  readonly authorization: string;
}

class RecordedRequest extends Error {
  override name = "RecordedRequest";
}

function toWire(method: string, url: string, headers: Record<string, string>, body: unknown): OfficialRequest {
  const unsigned: Record<string, string> = {};
  let authorization: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "authorization") authorization = value;
    else unsigned[name] = value;
  }
  if (authorization === undefined) throw new Error("the official client did not sign the request");
  if (body !== undefined && body !== null && typeof body !== "string") throw new Error("expected a string body");
  return {
    wire: {
      method: method as HttpMethod,
      url,
      headers: unsigned,
      ...(typeof body === "string" && body.length > 0 && { body: new TextEncoder().encode(body) }),
    },
    authorization,
  };
}

/**
 * The requests the official client signs while `act` runs against `serviceUrl`. Each call fails at once after
 * being recorded (nothing is sent), so `act` should issue its calls one after another and ignore their failures.
 */
export async function captureOfficialRequests(
  serviceUrl: string,
  accountName: string,
  accountKey: string,
  act: (service: QueueServiceClient) => Promise<void>,
): Promise<OfficialRequest[]> {
  const recorded: OfficialRequest[] = [];
  const httpClient: IHttpClient = {
    async sendRequest(request: WebResource) {
      recorded.push(toWire(request.method, request.url, request.headers.rawHeaders(), request.body));
      throw new RecordedRequest("recorded, not sent");
    },
  };
  const service = new QueueServiceClient(serviceUrl, new StorageSharedKeyCredential(accountName, accountKey), {
    httpClient,
    retryOptions: { maxTries: 1 },
  });
  await act(service);
  return recorded;
}

/** Ignores the failure every recorded call ends with, and only that one. */
export async function recorded(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isRecorded(error)) throw error;
  }
}

function isRecorded(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === "RecordedRequest" || current.message.includes("recorded, not sent")) return true;
  }
  return false;
}

/** The smallest header collection the official request policy reads and writes. */
class PolicyHeaders {
  readonly #entries = new Map<string, { name: string; value: string }>();
  constructor(headers: Readonly<Record<string, string>>) {
    for (const [name, value] of Object.entries(headers)) this.set(name, value);
  }
  get(name: string): string | undefined {
    return this.#entries.get(name.toLowerCase())?.value;
  }
  set(name: string, value: string | number): void {
    this.#entries.set(name.toLowerCase(), { name, value: String(value) });
  }
  headersArray(): Array<{ name: string; value: string }> {
    return [...this.#entries.values()];
  }
  rawHeaders(): Record<string, string> {
    return Object.fromEntries([...this.#entries.values()].map(({ name, value }) => [name, value]));
  }
}

/**
 * Signs a hand-written request with `StorageSharedKeyCredential.create()`. The official policy stamps its own
 * `x-ms-date`; the returned request carries it, so our signature can be computed over the very same headers.
 */
export async function signWithOfficialCredential(
  request: { method: HttpMethod; url: string; headers: Record<string, string>; body?: string },
  accountName: string,
  accountKey: string,
): Promise<OfficialRequest> {
  let signed: OfficialRequest | undefined;
  const next = {
    async sendRequest(resource: WebResource) {
      signed = toWire(resource.method, resource.url, (resource.headers as unknown as PolicyHeaders).rawHeaders(), resource.body);
      throw new RecordedRequest("recorded, not sent");
    },
  };
  const options = { log() {}, shouldLog: () => false } as unknown as RequestPolicyOptions;
  const policy = new StorageSharedKeyCredential(accountName, accountKey).create(next, options);
  const resource = {
    method: request.method,
    url: request.url,
    headers: new PolicyHeaders(request.headers) as unknown as HttpHeaders,
    body: request.body,
  } as unknown as WebResource;
  await recorded(policy.sendRequest(resource));
  if (signed === undefined) throw new Error("the official policy did not pass the request on");
  return signed;
}
