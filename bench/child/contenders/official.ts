/** The official SDK, used the way its documentation shows: one service client, one queue client per queue. */
import { QueueServiceClient, StorageSharedKeyCredential, type DequeuedMessageItem, type QueueClient } from "@azure/storage-queue";
import type { Contender, ContenderConfig } from "./contender.js";

type Received = Pick<DequeuedMessageItem, "messageId" | "popReceipt">;

export async function createContender(config: ContenderConfig): Promise<Contender<Received>> {
  const service = new QueueServiceClient(config.accountUrl, new StorageSharedKeyCredential(config.accountName, config.accountKey));
  const queues = new Map<string, QueueClient>();
  const queueClient = (name: string): QueueClient => {
    let client = queues.get(name);
    if (!client) queues.set(name, (client = service.getQueueClient(name)));
    return client;
  };
  return {
    async put(queue, text) {
      await queueClient(queue).sendMessage(text);
    },
    async get(queue, count) {
      return (await queueClient(queue).receiveMessages({ numberOfMessages: count })).receivedMessageItems;
    },
    async delete(queue, message) {
      await queueClient(queue).deleteMessage(message.messageId, message.popReceipt);
    },
    async update(queue, message, text) {
      const updated = await queueClient(queue).updateMessage(message.messageId, message.popReceipt, text, 0);
      return { messageId: message.messageId, popReceipt: updated.popReceipt! };
    },
    async list(prefix) {
      let count = 0;
      for await (const _queue of service.listQueues({ prefix })) count++;
      return count;
    },
    async close() {
      // The SDK has no close: its keep-alive agent is shared by the process and lets it exit.
    },
  };
}
