/**
 * What the fault tests share: an Azurite of their own (fault traffic must not feed the suite's contract recorder),
 * a fault proxy in front of it, and QueueServices through the proxy or straight to Azurite, with retry settings
 * small enough that a test waits seconds, and the bound a call must end within under those settings.
 */
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import { QueueService, type QueueServiceOptions } from "../../src/index.js";
import { startAzurite, type RunningAzurite } from "../../scripts/azurite.js";
import { noFaults, startFaultProxy, type FaultProxy, type FaultProxyOptions } from "./fault-proxy.js";

/** Client settings of the fault tests: every attempt bounded, retries quick. */
export interface FaultClientSettings {
  /** Seconds per attempt. */
  readonly socketTimeout: number;
  readonly maxTries: number;
  readonly retryDelay: number;
  readonly maxRetryDelay: number;
}

/** 2 s per attempt: ample for a loaded machine talking to a local Azurite, short enough for stall tests. */
export const FAST_RETRIES: FaultClientSettings = { socketTimeout: 2, maxTries: 3, retryDelay: 0.05, maxRetryDelay: 1.5 };

/**
 * The longest one call may take under `settings`: every attempt running to its timeout and every wait at its
 * longest, plus `slackSeconds` for a loaded machine.
 */
export function callBoundSeconds(settings: FaultClientSettings, slackSeconds = 5): number {
  return settings.maxTries * settings.socketTimeout + (settings.maxTries - 1) * settings.maxRetryDelay + slackSeconds;
}

export interface FaultRig {
  readonly azurite: RunningAzurite;
  readonly proxy: FaultProxy;
  /** A service through the proxy. */
  service(settings?: FaultClientSettings, options?: QueueServiceOptions): QueueService;
  /** A service straight to Azurite, for setting up and checking without faults. */
  readonly direct: QueueService;
  close(): Promise<void>;
}

export async function startFaultRig(proxyOptions: Partial<Omit<FaultProxyOptions, "target">> = {}): Promise<FaultRig> {
  const azurite = await startAzurite();
  const proxy = await startFaultProxy({ target: azurite.origin, schedule: noFaults, stallMs: 5_000, ...proxyOptions });
  const services: QueueService[] = [];
  const make = (endpoint: string, settings: FaultClientSettings, options: QueueServiceOptions = {}) => {
    const qs = new QueueService({
      endpoint,
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      socketTimeout: settings.socketTimeout,
      retry: { maxTries: settings.maxTries, retryDelay: settings.retryDelay, maxRetryDelay: settings.maxRetryDelay },
      ...options,
    });
    services.push(qs);
    return qs;
  };
  const direct = make(azurite.accountUrl, { ...FAST_RETRIES, socketTimeout: 10 });
  return {
    azurite,
    proxy,
    direct,
    service: (settings = FAST_RETRIES, options) => make(proxy.accountUrl, settings, options),
    async close() {
      await Promise.all(services.map((qs) => qs.close()));
      await proxy.close();
      await azurite.stop();
    },
  };
}

export interface TimedOutcome<T> {
  readonly seconds: number;
  /** Set when the call resolved. */
  readonly value?: T;
  /** Set when it rejected. */
  readonly error?: unknown;
}

/** How long `call` took, in seconds, and how it ended. */
export async function timed<T>(call: () => Promise<T>): Promise<TimedOutcome<T>> {
  const started = performance.now();
  try {
    const value = await call();
    return { seconds: (performance.now() - started) / 1000, value };
  } catch (error) {
    return { seconds: (performance.now() - started) / 1000, error };
  }
}
