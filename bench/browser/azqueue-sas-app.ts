/** Figure 4's azqueue program again, authorized by a SAS token as the official SDK's browser build must be. */
import { QueueService } from "../../src/index.js";

export async function sendReceiveDelete(endpoint: string, accountName: string, sasToken: string, queue: string): Promise<number> {
  const service = new QueueService({ endpoint, accountName, sasToken });
  await service.putMessage(queue, "hello");
  const messages = await service.getMessages(queue, { numMessages: 32 });
  for (const message of messages) await service.deleteMessage(queue, message.id, message.popReceipt);
  await service.close();
  return messages.length;
}
