/**
 * No secret in any error or log: an account key, a SAS signature, a bearer token and a proxy password, each sent
 * through every error path (refused credentials: 403, or 407 from the proxy; 404; retries exhausted by 503s and by
 * resets; a timeout; an abort). For each error, its message, `String(error)`, its stack and `util.inspect` of it and
 * of the service (all depths, hidden properties shown) are searched, and so is every logger event.
 */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { generate } from "selfsigned";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import {
  AbortError,
  AzureHttpError,
  AzureMissingResourceHttpError,
  NetworkError,
  QueueService,
  TimeoutError,
  ValidationError,
  type LogEvent,
  type QueueServiceOptions,
} from "../../src/index.js";
import { craftToken, startHttpsOAuthAzurite, type HttpsAzurite } from "../auth/https-azurite.js";
import { startAzurite, type RunningAzurite } from "../../scripts/azurite.js";
import { uniqueQueueName } from "../harness/names.js";
import { faultWhen, noFaults, startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from "./fault-proxy.js";

const RETRIES = { maxTries: 2, retryDelay: 0.05, maxRetryDelay: 0.2 };
const SOCKET_TIMEOUT = 1.5;
const PROXY_USER = "svc-queue";
const PROXY_PASSWORD = `pw-${randomBytes(12).toString("hex")}`;
const WRONG_PROXY_PASSWORD = `pw-${randomBytes(12).toString("hex")}`;
const WRONG_KEY = randomBytes(64).toString("base64");

/** Every secret any test sent: searched for in everything an error or a log shows. */
const secrets = new Map<string, string>();
function addSecret(name: string, value: string): void {
  for (const form of new Set([value, encodeURIComponent(value), decodeURIComponent(value)])) secrets.set(form, name);
}
addSecret("account key", EMULATOR_ACCOUNT_KEY);
addSecret("wrong account key", WRONG_KEY);
addSecret("proxy password", PROXY_PASSWORD);
addSecret("wrong proxy password", WRONG_PROXY_PASSWORD);
addSecret("proxy credentials", Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString("base64"));
addSecret("wrong proxy credentials", Buffer.from(`${PROXY_USER}:${WRONG_PROXY_PASSWORD}`).toString("base64"));

/** Records the signatures and tokens requests carried, as the proxy saw them. */
function recordCredentials(request: ProxiedRequest): void {
  const authorization = request.headers["authorization"];
  const sharedKey = authorization && /^SharedKey [^:]+:(.+)$/.exec(authorization)?.[1];
  if (sharedKey) addSecret("SharedKey signature", sharedKey);
  const bearer = authorization && /^Bearer (.+)$/.exec(authorization)?.[1];
  if (bearer) addSecret("bearer token", bearer);
  const sig = /[?&]sig=([^&]+)/.exec(request.url)?.[1];
  if (sig) addSecret("SAS signature", sig);
}

function leaksIn(text: string): string[] {
  const found: string[] = [];
  for (const [value, name] of secrets) if (value.length >= 8 && text.includes(value)) found.push(name);
  return found;
}

/** Everything an error shows, however it is printed. */
function renderings(error: unknown): string[] {
  const texts = [String(error), inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error) ?? ""];
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    texts.push(current.message, current.stack ?? "");
  }
  return texts;
}

interface Setup {
  readonly name: string;
  /** A service with the credential, through the fault proxy, logging into `events`. */
  service(events: LogEvent[]): QueueService;
  /** A call the service refuses for the credential's sake (401, 403 or 407), and the status expected. */
  refused(events: LogEvent[]): { call: () => Promise<unknown>; status: number };
  /** An existing queue the service may use. */
  readonly queue: string;
  readonly proxy: FaultProxy;
}

const stack: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of stack.reverse()) await cleanup();
});

let azurite: RunningAzurite;
let https: HttpsAzurite;
const setups: Setup[] = [];

function schedule(proxy: FaultProxy, fault: Fault): void {
  proxy.setSchedule((request) => {
    recordCredentials(request);
    return faultWhen(() => true, fault)(request);
  });
}

beforeAll(async () => {
  azurite = await startAzurite();
  stack.push(() => azurite.stop());
  https = await startHttpsOAuthAzurite();
  stack.push(() => https.stop());

  const newProxy = async (options: Partial<Parameters<typeof startFaultProxy>[0]> = {}) => {
    const proxy = await startFaultProxy({ target: azurite.origin, schedule: noFaults, stallMs: 4_000, retryAfterSeconds: 0.1, ...options });
    stack.push(() => proxy.close());
    return proxy;
  };
  const services: QueueService[] = [];
  const make = (options: QueueServiceOptions, events: LogEvent[]) => {
    const qs = new QueueService({ socketTimeout: SOCKET_TIMEOUT, retry: RETRIES, logger: (event) => events.push(event), ...options });
    services.push(qs);
    return qs;
  };
  stack.push(() => Promise.all(services.map((qs) => qs.close())));

  const queue = uniqueQueueName("secret");
  const direct = make({ endpoint: azurite.accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY }, []);
  await direct.createQueue(queue);

  // Account key.
  const keyProxy = await newProxy();
  const keyed = { endpoint: keyProxy.accountUrl, accountName: EMULATOR_ACCOUNT_NAME };
  setups.push({
    name: "account key",
    proxy: keyProxy,
    queue,
    service: (events) => make({ ...keyed, accountKey: EMULATOR_ACCOUNT_KEY }, events),
    refused: (events) => ({ call: () => make({ ...keyed, accountKey: WRONG_KEY }, events).getMessages(queue), status: 403 }),
  });

  // SAS token.
  const sasProxy = await newProxy();
  const expiry = new Date(Date.now() + 3_600_000);
  const sasToken = direct.generateAccountSharedAccessSignature("sco", "rwdlacup", expiry);
  const readOnlyToken = direct.generateQueueSharedAccessSignature(queue, { permission: "r", expiry });
  for (const token of [sasToken, readOnlyToken]) addSecret("SAS signature", new URLSearchParams(token).get("sig")!);
  setups.push({
    name: "SAS token",
    proxy: sasProxy,
    queue,
    service: (events) => make({ endpoint: sasProxy.accountUrl, sasToken }, events),
    refused: (events) => ({ call: () => make({ endpoint: sasProxy.accountUrl, sasToken: readOnlyToken }, events).putMessage(queue, "x"), status: 403 }),
  });

  // Bearer token, over HTTPS: the proxy serves TLS itself and trusts the HTTPS Azurite behind it.
  const pems = await generate([{ name: "commonName", value: "localhost" }], { keyType: "ec", algorithm: "sha256" });
  const tlsProxy = await newProxy({ target: https.azurite.origin, tls: { cert: pems.cert, key: pems.private, upstreamCa: https.ca } });
  const token = craftToken();
  const expired = craftToken({ nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 });
  addSecret("bearer token", token);
  addSecret("expired bearer token", expired);
  const bearer = (value: string, events: LogEvent[]) =>
    make({ endpoint: tlsProxy.accountUrl, accountName: EMULATOR_ACCOUNT_NAME, tokenCredential: fixedCredential(value), tls: { ca: pems.cert } }, events);
  const tlsQueue = uniqueQueueName("secret");
  await bearer(token, []).createQueue(tlsQueue);
  setups.push({
    name: "bearer token",
    proxy: tlsProxy,
    queue: tlsQueue,
    service: (events) => bearer(token, events),
    refused: (events) => ({ call: () => bearer(expired, events).getMessages(tlsQueue), status: 403 }),
  });

  // Proxy password: the fault proxy is also the forward proxy, and asks for Basic credentials.
  const basic = (password: string) => `Basic ${Buffer.from(`${PROXY_USER}:${password}`).toString("base64")}`;
  const forwardProxy = await newProxy({ proxyAuthorization: basic(PROXY_PASSWORD) });
  const viaProxy = (password: string, events: LogEvent[]) => {
    const qs = make({ endpoint: azurite.accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY }, events);
    qs.setProxy("127.0.0.1", Number(new URL(forwardProxy.origin).port), PROXY_USER, password);
    return qs;
  };
  setups.push({
    name: "proxy password",
    proxy: forwardProxy,
    queue,
    service: (events) => viaProxy(PROXY_PASSWORD, events),
    refused: (events) => ({ call: () => viaProxy(WRONG_PROXY_PASSWORD, events).getMessages(queue), status: 407 }),
  });
}, 120_000);

interface ErrorPath {
  readonly name: string;
  readonly fault?: Fault;
  run(setup: Setup, events: LogEvent[]): Promise<{ error: unknown; service?: QueueService }>;
  check(error: unknown): void;
}

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

const PATHS: readonly ErrorPath[] = [
  {
    name: "refused credentials",
    run: async (setup, events) => {
      const { call, status } = setup.refused(events);
      const error = await failure(call);
      expect(error).toMatchObject({ statusCode: status });
      return { error };
    },
    check: (error) => expect(error).toBeInstanceOf(AzureHttpError),
  },
  {
    name: "404",
    run: async (setup, events) => {
      const service = setup.service(events);
      return { error: await failure(() => service.getMessages(uniqueQueueName("missing"))), service };
    },
    check: (error) => expect(error).toBeInstanceOf(AzureMissingResourceHttpError),
  },
  {
    name: "retries exhausted by 503",
    fault: { kind: "throttle" },
    run: async (setup, events) => {
      const service = setup.service(events);
      return { error: await failure(() => service.getMessages(setup.queue)), service };
    },
    check: (error) => expect(error).toMatchObject({ statusCode: 503 }),
  },
  {
    name: "retries exhausted by resets",
    fault: { kind: "resetAfterForward" },
    run: async (setup, events) => {
      const service = setup.service(events);
      return { error: await failure(() => service.peekMessages(setup.queue)), service };
    },
    check: (error) => expect(error).toBeInstanceOf(NetworkError),
  },
  {
    name: "timeout",
    fault: { kind: "stall" },
    run: async (setup, events) => {
      const service = setup.service(events);
      return { error: await failure(() => service.getMessages(setup.queue)), service };
    },
    check: (error) => expect(error).toBeInstanceOf(TimeoutError),
  },
  {
    name: "abort",
    fault: { kind: "stall" },
    run: async (setup, events) => {
      const service = setup.service(events);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      return { error: await failure(() => service.getMessages(setup.queue, { abortSignal: controller.signal })), service };
    },
    check: (error) => expect(error).toBeInstanceOf(AbortError),
  },
];

const CREDENTIALS = ["account key", "SAS token", "bearer token", "proxy password"] as const;

describe.each(CREDENTIALS)("%s", (credential) => {
  it.each(PATHS.map((path) => [path.name, path] as const))("%s: no secret in the error, the service or the log", async (_name, path) => {
    const setup = setups.find((candidate) => candidate.name === credential)!;
    const events: LogEvent[] = [];
    schedule(setup.proxy, path.fault ?? { kind: "none" });
    const before = setup.proxy.requests();
    let outcome: { error: unknown; service?: QueueService };
    try {
      outcome = await path.run(setup, events);
    } finally {
      setup.proxy.setSchedule(recordingOnly);
    }
    path.check(outcome.error);
    // The request really went out with the credential, and the proxy saw it.
    expect(setup.proxy.requests()).toBeGreaterThan(before);
    expect(events.length).toBeGreaterThan(0);
    const texts = [...renderings(outcome.error), ...events.map((event) => JSON.stringify(event)), inspect(events, { depth: Infinity })];
    if (outcome.service) texts.push(inspect(outcome.service, { depth: Infinity, showHidden: true }), JSON.stringify(outcome.service));
    const leaks = texts.flatMap(leaksIn);
    expect(leaks).toEqual([]);
    expect(setup.proxy.proxyErrors(), setup.proxy.errorReasons.join("\n")).toBe(0);
  });
});

const recordingOnly = (request: ProxiedRequest): Fault => {
  recordCredentials(request);
  return { kind: "none" };
};

describe("the search itself", () => {
  it("has the secrets of every credential to look for, as the proxy saw them on the wire", () => {
    const names = new Set(secrets.values());
    for (const name of ["account key", "SharedKey signature", "SAS signature", "bearer token", "proxy password", "proxy credentials"]) {
      expect(names, name).toContain(name);
    }
  });

  it("finds a secret that is there", () => {
    expect(leaksIn(`x ${PROXY_PASSWORD} y`)).toEqual(["proxy password"]);
    expect(renderings(new Error("wrapped", { cause: new Error(EMULATOR_ACCOUNT_KEY) })).flatMap(leaksIn)).toContain("account key");
  });

  it("bad input naming a secret's option never quotes the secret", () => {
    const key = `${WRONG_KEY.slice(0, 20)}!!not base64!!`;
    addSecret("malformed key", key);
    const error = failureSync(() => new QueueService({ accountName: "acct", accountKey: key }));
    expect(error).toBeInstanceOf(ValidationError);
    const connectionString = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=not a url`;
    const fromString = failureSync(() => QueueService.fromConnectionString(connectionString));
    expect(fromString).toBeInstanceOf(ValidationError);
    expect([...renderings(error), ...renderings(fromString)].flatMap(leaksIn)).toEqual([]);
  });
});

function failureSync(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

function fixedCredential(token: string): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}
