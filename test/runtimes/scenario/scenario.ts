/**
 * The one scenario every runtime runs against Azurite: it imports nothing itself, but takes the `azqueue` and
 * `azqueue/client` modules its host imported (as a user of that runtime would), runs each step, and returns what
 * happened as plain data for the test to assert. A step that throws is recorded, and the next ones still run.
 */
import type * as Azqueue from "../../../src/index.js";
import type * as AzqueueClient from "../../../src/client.js";

export interface ScenarioConfig {
  /** Path-style account URL, e.g. http://127.0.0.1:PORT/devstoreaccount1 */
  readonly endpoint: string;
  readonly accountName: string;
  readonly accountKey: string;
  /** A queue name of the scenario's own. */
  readonly queue: string;
}

/** A step's outcome: what it read back, or the error it met. */
export type StepResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: { name: string; message: string; status?: number; code?: string } };

export interface ScenarioResult {
  readonly runtime: string;
  readonly steps: Readonly<Record<string, StepResult>>;
  /** Calls that went through globalThis.fetch: the fetch sender, where it is the runtime's. */
  readonly fetchCalls: number;
}

export const NON_ASCII_TEXT = "héllo wörld ✓ 😀 中文 \r\n  00123";
export const UPDATED_TEXT = "updated: ünïcode ✓";
export const ENCRYPTED_TEXT = "secret 🔐 payload";

export async function runScenario(azqueue: typeof Azqueue, client: typeof AzqueueClient, config: ScenarioConfig, runtime: string): Promise<ScenarioResult> {
  let fetchCalls = 0;
  const originalFetch = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    fetchCalls++;
    return originalFetch(input, init);
  }) as typeof fetch;
  const steps: Record<string, StepResult> = {};
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      steps[name] = { ok: true, value: await run() };
    } catch (error) {
      const e = error as { name?: string; message?: string; statusCode?: number; errorCode?: string };
      steps[name] = { ok: false, error: { name: String(e?.name), message: String(e?.message), ...(e?.statusCode !== undefined && { status: e.statusCode }), ...(e?.errorCode !== undefined && { code: e.errorCode }) } };
    }
  };
  const { QueueService, AesKeyWrapKey, QueuePermissions } = azqueue;
  const { endpoint, accountName, accountKey, queue } = config;
  const qs = new QueueService({ endpoint, accountName, accountKey, retry: { maxTries: 2 } });
  try {
    await step("createQueue", () => qs.createQueue(queue));
    await step("putMessage", async () => (await qs.putMessage(queue, NON_ASCII_TEXT)).id !== "");
    let received: { id: string; popReceipt: string; content: string } | undefined;
    await step("getMessages", async () => {
      [received] = await qs.getMessages(queue, { visibilityTimeout: 30 });
      return received?.content;
    });
    await step("updateMessage", async () => {
      const updated = await qs.updateMessage(queue, received!.id, received!.popReceipt, 0, { content: UPDATED_TEXT });
      received = { ...received!, popReceipt: updated.popReceipt };
      return true;
    });
    await step("peekMessages", async () => (await qs.peekMessages(queue))[0]?.content);
    await step("deleteMessage", async () => {
      const [again] = await qs.getMessages(queue);
      await qs.deleteMessage(queue, again!.id, again!.popReceipt);
      return (await qs.peekMessages(queue)).length;
    });
    await step("queueSas", async () => {
      const sasToken = qs.generateQueueSharedAccessSignature(queue, {
        permission: QueuePermissions.ADD.or(QueuePermissions.READ),
        expiry: new Date(Date.now() + 10 * 60 * 1000),
      });
      await using withSas = new QueueService({ endpoint, sasToken, retry: { maxTries: 1 } });
      await withSas.putMessage(queue, "via SAS ✓");
      return (await withSas.peekMessages(queue))[0]?.content;
    });
    await step("listQueues", async () => {
      const names: string[] = [];
      for await (const listed of qs.listQueues({ prefix: queue })) names.push(listed.name);
      return names;
    });
    await step("typedClientPeek", async () => {
      await using typed = client.createQueueClient({ endpoint, accountName, accountKey });
      const { data, error } = await typed.GET("/{queue}/messages", { params: { path: { queue }, query: { peekonly: true, numofmessages: 32 } } });
      if (error) throw new Error(`${error.Code}: ${error.Message}`);
      return data.length;
    });
    await step("encryptedRoundTrip", async () => {
      const kek = await AesKeyWrapKey.import("runtime-kek", crypto.getRandomValues(new Uint8Array(32)));
      await using encrypting = new QueueService({ endpoint, accountName, accountKey, keyEncryptionKey: kek });
      await qs.clearMessages(queue);
      await encrypting.putMessage(queue, ENCRYPTED_TEXT);
      const stored = (await qs.peekMessages(queue))[0]?.content ?? "";
      const [message] = await encrypting.getMessages(queue);
      return { content: message?.content, storedIsEnvelope: stored.includes('"EncryptionData"') && !stored.includes("secret") };
    });
    await step("wrongKey", async () => {
      const wrongKey = btoa(String.fromCharCode(...new Uint8Array(64).fill(7)));
      await using wrong = new QueueService({ endpoint, accountName, accountKey: wrongKey, retry: { maxTries: 1 } });
      await wrong.peekMessages(queue);
      return "no error";
    });
    await step("deleteQueue", () => qs.deleteQueue(queue));
  } finally {
    await qs.close();
    globalThis.fetch = originalFetch;
  }
  return { runtime, steps, fetchCalls };
}
