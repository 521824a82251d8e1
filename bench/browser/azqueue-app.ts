/** The browser program of figure 4, written with azqueue: send one message, receive up to 32, delete each. */
import { QueueService } from "../../src/index.js";

export async function sendReceiveDelete(endpoint: string, accountName: string, accountKey: string, queue: string): Promise<number> {
  const service = new QueueService({ endpoint, accountName, accountKey });
  await service.putMessage(queue, "hello");
  const messages = await service.getMessages(queue, { numMessages: 32 });
  for (const message of messages) await service.deleteMessage(queue, message.id, message.popReceipt);
  await service.close();
  return messages.length;
}
