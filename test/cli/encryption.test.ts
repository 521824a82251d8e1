import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AesKeyWrapKey, QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { azq, azqJson, azqOk, connectionString, storedTextService, takeAll } from "./azq-harness.js";

const KEY = randomBytes(32);
const env = { AZQ_ENCRYPTION_KEY: KEY.toString("base64") };

describe("client-side encryption", () => {
  it("--encryption-key-id (or AZQ_ENCRYPTION_KEY_ID) with the key in AZQ_ENCRYPTION_KEY encrypts puts and decrypts reads, as QueueService does", async () => {
    const queue = uniqueQueueName("cli-enc");
    await using plain = storedTextService();
    await plain.createQueue(queue);
    await azqOk(["--encryption-key-id", "kek-1", "put", queue, "card 4242"], { env });
    const [stored] = await plain.peekMessages(queue);
    expect(stored?.content).not.toContain("4242");
    expect(JSON.parse(stored!.content)).toMatchObject({ EncryptionData: { WrappedContentKey: { KeyId: "kek-1" } } });

    // The key id may come from the environment too, so a shell can export both once.
    const [peeked] = await azqJson<{ content: string }[]>(["peek", queue], { env: { ...env, AZQ_ENCRYPTION_KEY_ID: "kek-1" } });
    expect(peeked?.content).toBe("card 4242");
    await using library = new QueueService({ connectionString: connectionString(), keyEncryptionKey: await AesKeyWrapKey.import("kek-1", KEY) });
    expect((await library.peekMessages(queue))[0]?.content).toBe("card 4242");
  });

  it("move copies the encrypted envelope as stored, key or no key", async () => {
    const [from, to] = [uniqueQueueName("cli-enc"), uniqueQueueName("cli-enc")];
    await using plain = storedTextService();
    await plain.createQueue(from);
    await azqOk(["--encryption-key-id", "kek-1", "put", from, "moved secret"], { env });
    const [envelope] = await plain.peekMessages(from);
    await azqOk(["--encryption-key-id", "kek-1", "move", from, to], { env });
    expect(await takeAll(plain, to)).toEqual([envelope!.content]);
  });

  it("--require-encryption refuses a plain message; a key id without the key is a usage error", async () => {
    const queue = uniqueQueueName("cli-enc");
    await using plain = storedTextService();
    await plain.createQueue(queue);
    await plain.putMessage(queue, "in the clear");
    const refused = await azq(["--require-encryption", "--encryption-key-id", "kek-1", "peek", queue], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).not.toContain(env.AZQ_ENCRYPTION_KEY);

    for (const args of [["--encryption-key-id", "kek-1", "peek", queue], ["--require-encryption", "peek", queue]]) {
      const { code, stderr } = await azq(args);
      expect(code).toBe(2);
      expect(stderr).toContain("AZQ_ENCRYPTION_KEY");
    }
  });
});
