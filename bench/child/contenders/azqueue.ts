/**
 * azqueue's QueueService, imported from the built package (`azqueue` resolves to dist/ through package.json
 * "exports"), so the bench measures the JavaScript users run, not the TypeScript loader.
 */
import type * as Azqueue from "../../../src/index.js";
import type { ReceivedMessage } from "../../../src/index.js";
import { ENCRYPTION_KID } from "../../config.js";
import type { Contender, ContenderConfig } from "./contender.js";

type Received = Pick<ReceivedMessage<string>, "id" | "popReceipt">;

// A variable, not a literal: the type checker reads the sources' types and never looks for dist/ (absent before a build).
const PACKAGE = "azqueue";

function traceAttempt(event: Azqueue.LogEvent): void {
  if (event.attempt > 1 || event.error !== undefined || (event.status ?? 0) >= 400) {
    process.stderr.write(`azqueue attempt: ${JSON.stringify(event)}\n`);
  }
}

export async function createContender(config: ContenderConfig): Promise<Contender<Received>> {
  const { AesKeyWrapKey, QueueService } = (await import(PACKAGE)) as typeof Azqueue;
  const keyEncryptionKey = config.encryptionKey === undefined ? undefined : await AesKeyWrapKey.import(ENCRYPTION_KID, Buffer.from(config.encryptionKey, "base64"));
  const service = new QueueService({
    keyEncryptionKey,
    endpoint: config.accountUrl,
    accountName: config.accountName,
    accountKey: config.accountKey,
    // BENCH_TRACE=1: print every retried or failed attempt (diagnostics only; measured runs go without a logger).
    ...(process.env.BENCH_TRACE === "1" && { logger: traceAttempt }),
  });
  return {
    async put(queue, text) {
      await service.putMessage(queue, text);
    },
    get(queue, count) {
      return service.getMessages(queue, { numMessages: count });
    },
    async delete(queue, message) {
      await service.deleteMessage(queue, message.id, message.popReceipt);
    },
    async update(queue, message, text) {
      const updated = await service.updateMessage(queue, message.id, message.popReceipt, 0, { content: text });
      return { id: message.id, popReceipt: updated.popReceipt };
    },
    async list(prefix) {
      let count = 0;
      for await (const _queue of service.listQueues({ prefix })) count++;
      return count;
    },
    close() {
      return service.close();
    },
  };
}
