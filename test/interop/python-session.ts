/**
 * One Python peer per interop file, started before its tests against the strict Azurite and closed after them,
 * with an azqueue service (no encoding) to create queues and read what is stored.
 */
import { afterAll, beforeAll, expect, inject } from "vitest";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../src/constants.js";
import type { QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { AZQUEUE_FORMATS, azqueueService } from "./exchange.js";
import { PythonPeer, type PythonFormat, type PythonSdk } from "./python-peer.js";

export interface PythonSession {
  /** Set once the file's tests start. */
  peer: PythonPeer;
  readonly raw: QueueService<string>;
  newQueue(): Promise<string>;
  /**
   * One message each way through its whole life across the two clients: same id and times, dequeue counts 0, 1, 2,
   * update and delete with the other side's pop receipt, a stale receipt refused. `service` reads `format` as the
   * peer writes it.
   */
  expectSharedLifecycle(format: PythonFormat, service: QueueService<string>): Promise<void>;
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
    async expectSharedLifecycle(format, service) {
      const { peer } = session;
      const queue = await session.newQueue();
      // Put by the peer, read and released by azqueue, got again by the peer, deleted by azqueue.
      const put = await peer.put(sdk, format, queue, `from ${sdk}`);
      const [peeked] = await service.peekMessages(queue);
      expect(peeked).toMatchObject({ id: put.id, dequeueCount: 0, content: `from ${sdk}` });
      expect(peeked!.insertionTime).toEqual(put.insertionTime);
      expect(peeked!.expirationTime).toEqual(put.expirationTime);
      const [first] = await service.getMessages(queue);
      expect(first).toMatchObject({ id: put.id, dequeueCount: 1 });
      await service.updateMessage(queue, first!.id, first!.popReceipt, 0);
      const [second] = await peer.get(sdk, format, queue);
      expect(second).toMatchObject({ id: put.id, dequeueCount: 2, content: `from ${sdk}` });
      await expect(service.deleteMessage(queue, put.id, first!.popReceipt)).rejects.toMatchObject({
        statusCode: 400,
        errorCode: "PopReceiptMismatch",
      });
      await service.deleteMessage(queue, put.id, second!.popReceipt!);
      await expect(peer.peek(sdk, format, queue)).resolves.toEqual([]);

      // The other way round.
      const enqueued = await service.putMessage(queue, "from azqueue");
      const [peekedByPeer] = await peer.peek(sdk, format, queue);
      expect(peekedByPeer).toMatchObject({ id: enqueued.id, dequeueCount: 0, content: "from azqueue" });
      expect(peekedByPeer!.insertionTime).toEqual(enqueued.insertionTime);
      expect(peekedByPeer!.expirationTime).toEqual(enqueued.expirationTime);
      const [gotByPeer] = await peer.get(sdk, format, queue);
      expect(gotByPeer).toMatchObject({ id: enqueued.id, dequeueCount: 1 });
      await peer.update(sdk, format, queue, enqueued.id, gotByPeer!.popReceipt!, 0);
      const [gotByAzqueue] = await service.getMessages(queue);
      expect(gotByAzqueue).toMatchObject({ id: enqueued.id, dequeueCount: 2, content: "from azqueue" });
      await peer.delete(sdk, queue, enqueued.id, gotByAzqueue!.popReceipt);
      await expect(service.peekMessages(queue)).resolves.toEqual([]);
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
