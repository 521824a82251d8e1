/**
 * One Python peer per interop file, started before its tests against the strict Azurite and closed after them,
 * with an azqueue service (no encoding) to create queues and read what is stored.
 */
import { afterAll, beforeAll, expect, inject } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import type { QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { AZQUEUE_FORMATS, azqueueService } from "./exchange.js";
import { PythonPeer, type PythonSdk } from "./python-peer.js";

export interface PythonSession {
  /** Set once the file's tests start. */
  peer: PythonPeer;
  readonly raw: QueueService<string>;
  newQueue(): Promise<string>;
}

/** Starts the peer for `sdk` and checks it speaks the x-ms-version the matrix rows name. */
export function usePythonPeer(sdk: PythonSdk, xMsVersion: string): PythonSession {
  const { strict, python } = inject("interop");
  const raw = azqueueService(strict.accountUrl, AZQUEUE_FORMATS.none);
  const session: PythonSession = {
    peer: undefined as unknown as PythonPeer,
    raw,
    async newQueue() {
      const queue = uniqueQueueName("interop");
      await expect(raw.createQueue(queue)).resolves.toBe(true);
      return queue;
    },
  };
  beforeAll(async () => {
    session.peer = PythonPeer.start({ endpoint: strict.accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY }, python);
    await expect(session.peer.info(sdk)).resolves.toMatchObject({ xMsVersion });
  });
  afterAll(async () => {
    await session.peer?.close();
    await raw.close();
  });
  return session;
}
