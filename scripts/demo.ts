/**
 * `npm start`: a short tour against an Azurite this script starts itself (in memory, on a free loopback port) and
 * stops at the end, then the lease worker processing 1,000 messages (scripts/demo-worker.ts). Nothing to configure.
 */
import { createQueueClient } from "../src/client.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../src/constants.js";
import { AzureMissingResourceHttpError, QueueMessageFormat, QueuePermissions, QueueService } from "../src/index.js";
import { startAzurite } from "./azurite.js";
import { workerDemo } from "./demo-worker.js";

const azurite = await startAzurite();
console.log(`Azurite queue service on ${azurite.accountUrl}\n`);
const account = { endpoint: azurite.accountUrl, accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY };
try {
  await using qs = new QueueService(account);
  const queue = "demo-jobs";

  console.log("QueueService");
  console.log(`  createQueue      ${await qs.createQueue(queue, { metadata: { owner: "demo" } })}`);
  console.log(`  createQueue      ${await qs.createQueue(queue, { metadata: { owner: "demo" } })} (it exists)`);
  for (const text of ["resize photo 1", "resize photo 2", "send <newsletter> & co"]) {
    const message = await qs.putMessage(queue, text, { timeToLive: 3600 });
    console.log(`  putMessage       ${message.id} ${JSON.stringify(text)}`);
  }
  const { approximateMessageCount, metadata } = await qs.getQueueMetadata(queue);
  console.log(`  getQueueMetadata ${approximateMessageCount} messages, metadata ${JSON.stringify(metadata)}`);
  console.log(`  peekMessages     ${(await qs.peekMessages(queue, { numMessages: 32 })).length} visible`);
  for (const message of await qs.getMessages(queue, { numMessages: 32, visibilityTimeout: 30 })) {
    console.log(`  getMessages      ${JSON.stringify(message.content)} dequeued ${message.dequeueCount}x`);
    await qs.deleteMessage(queue, message.id, message.popReceipt);
  }
  try {
    await qs.deleteMessage(queue, "00000000-0000-0000-0000-000000000000", "AAAAAA==");
  } catch (error) {
    if (!(error instanceof AzureMissingResourceHttpError)) throw error;
    console.log(`  deleteMessage    unknown message: ${error.name} ${error.errorCode}`);
  }

  const sas = qs.generateQueueSharedAccessSignature(queue, {
    permission: QueuePermissions.ADD.or(QueuePermissions.PROCESS),
    expiry: new Date(Date.now() + 60 * 60 * 1000),
  });
  await using producer = new QueueService<Uint8Array>({
    endpoint: azurite.accountUrl,
    sasToken: sas,
    encodeFunction: QueueMessageFormat.binaryBase64Encode,
    decodeFunction: QueueMessageFormat.binaryBase64Decode,
  });
  await producer.putMessage(queue, new Uint8Array([0, 1, 2, 254, 255]));
  const [bytes] = await producer.getMessages(queue);
  console.log(`  with a queue SAS ${bytes?.content.length} bytes round-tripped as base64: [${bytes?.content.join(", ")}]`);

  for await (const item of qs.listQueues({ includeMetadata: true })) console.log(`  listQueues       ${item.name} ${JSON.stringify(item.metadata)}`);

  console.log("\nTyped client (azqueue/client)");
  await using client = createQueueClient(account);
  const { data } = await client.GET("/{queue}/messages?peekonly=true", { params: { path: { queue }, query: { numofmessages: 32 } } });
  console.log(`  GET /{queue}/messages?peekonly=true  ${data?.length} messages`);

  console.log(`  deleteQueue      ${await qs.deleteQueue(queue)}`);

  const { stats } = await workerDemo(qs);
  // Every order but the failing one completed, and that one reached the poison queue: anything else is a bug.
  if (stats.completed !== 999 || stats.poisoned !== 1 || stats.inFlight !== 0) {
    console.error(`unexpected worker outcome: ${JSON.stringify(stats)}`);
    process.exitCode = 1;
  }
} finally {
  await azurite.stop();
}
