/**
 * The browser program of figure 4, written with the official SDK. Its browser build has no SharedKey credential,
 * so the queue URL carries a SAS token.
 */
import { QueueClient } from "@azure/storage-queue";

export async function sendReceiveDelete(queueUrlWithSas: string): Promise<number> {
  const queue = new QueueClient(queueUrlWithSas);
  await queue.sendMessage("hello");
  const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
  for (const message of receivedMessageItems) await queue.deleteMessage(message.messageId, message.popReceipt);
  return receivedMessageItems.length;
}
