/**
 * `npm start`: a short tour against an Azurite this script starts itself (in memory, on a free loopback port) and
 * stops at the end. Nothing to configure.
 */
import { createQueueClient } from "../src/client.js";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../src/constants.js";
import { startAzurite } from "../test/harness/azurite.js";

const azurite = await startAzurite();
console.log(`Azurite queue service on ${azurite.accountUrl}`);
try {
  await using client = createQueueClient({
    endpoint: azurite.accountUrl,
    accountName: EMULATOR_ACCOUNT_NAME,
    accountKey: EMULATOR_ACCOUNT_KEY,
  });
  const queue = "demo-jobs";

  await client.PUT("/{queue}", { params: { path: { queue }, header: { "x-ms-meta-owner": "demo" } } });
  console.log(`created queue ${queue}`);

  for (const text of ["resize photo 1", "resize photo 2", "send newsletter"]) {
    const { data } = await client.POST("/{queue}/messages", { params: { path: { queue } }, body: { MessageText: text } });
    console.log(`put    ${data?.[0]?.MessageId}  ${JSON.stringify(text)}`);
  }

  const { data: peeked } = await client.GET("/{queue}/messages?peekonly=true", {
    params: { path: { queue }, query: { numofmessages: 32 } },
  });
  console.log(`peeked ${peeked?.length ?? 0} messages without taking them`);

  const { data: received } = await client.GET("/{queue}/messages", {
    params: { path: { queue }, query: { numofmessages: 32, visibilitytimeout: 30 } },
  });
  for (const message of received ?? []) {
    console.log(`got    ${message.MessageId}  ${JSON.stringify(message.MessageText)} (dequeued ${message.DequeueCount}x)`);
    await client.DELETE("/{queue}/messages/{messageid}", {
      params: { path: { queue, messageid: message.MessageId }, query: { popreceipt: message.PopReceipt } },
    });
  }
  console.log(`deleted ${received?.length ?? 0} messages`);

  const { data: list } = await client.GET("/?comp=list", { params: { query: { include: "metadata" } } });
  for (const item of list?.Queues ?? []) console.log(`queue  ${item.Name} ${JSON.stringify(item.Metadata ?? {})}`);

  const { error } = await client.DELETE("/{queue}/messages/{messageid}", {
    params: { path: { queue, messageid: "00000000-0000-0000-0000-000000000000" }, query: { popreceipt: "AAAA" } },
  });
  console.log(`a delete of an unknown message answers ${error?.Code}`);

  await client.DELETE("/{queue}", { params: { path: { queue } } });
  console.log(`deleted queue ${queue}`);
} finally {
  await azurite.stop();
}
