import { describe, expect, inject, it } from "vitest";
import { AzureHttpError, QueueService } from "../../src/index.js";
import { uniqueQueueName } from "../harness/names.js";
import { azq, azqJson, azqOk, fill, storedTextService } from "./azq-harness.js";

function withToken(sasToken: string): QueueService {
  return new QueueService({ endpoint: inject("azurite").accountUrl, sasToken });
}

async function status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof AzureHttpError) return error.statusCode;
    throw error;
  }
}

describe("azq sas", () => {
  it("queue: a token with the given permissions, expiry and protocol, that the service honours", async () => {
    const queue = uniqueQueueName("cli-sas");
    await using qs = storedTextService();
    await fill(qs, queue, 1);
    const { token, expiry } = await azqJson<{ token: string; expiry: string }>(["sas", "queue", queue, "--permissions", "ap", "--expiry", "10m", "--protocol", "https,http"]);
    expect(token).toMatch(/(^|&)sp=ap(&|$)/);
    expect(token).toMatch(/(^|&)spr=https%2Chttp(&|$)/);
    expect(Math.abs(Date.parse(expiry) - (Date.now() + 600_000))).toBeLessThan(60_000);
    await using producer = withToken(token);
    expect(await status(producer.putMessage(queue, "with a SAS"))).toBe(200);
    expect(await status(producer.peekMessages(queue))).toBe(403);
  });

  it("queue --policy-id: a token that takes its permissions and expiry from a stored access policy", async () => {
    const queue = uniqueQueueName("cli-sas");
    await using qs = storedTextService();
    await fill(qs, queue, 1, () => "stored");
    await qs.setQueueAcl(queue, { readers: { permission: "r", expiry: new Date(Date.now() + 3_600_000) } });
    const token = (await azqOk(["sas", "queue", queue, "--policy-id", "readers"])).trim();
    expect(token).toMatch(/(^|&)si=readers(&|$)/);
    expect(token).not.toMatch(/(^|&)se=/);
    await using reader = withToken(token);
    expect((await reader.peekMessages(queue))[0]?.content).toBe("stored");
  });

  it("account: a token azq itself can use through a SAS connection string", async () => {
    const queue = uniqueQueueName("cli-sas");
    await using qs = storedTextService();
    await fill(qs, queue, 2);
    const token = (await azqOk(["sas", "account", "--permissions", "rl", "--resource-types", "sco", "--start", "2020-01-01T00:00:00Z"])).trim();
    expect(token).toMatch(/(^|&)st=2020-01-01T00%3A00%3A00Z(&|$)/);
    const connection = `QueueEndpoint=${inject("azurite").accountUrl};SharedAccessSignature=${token}`;
    expect(await azqJson(["--connection-string", connection, "queues", "stats", "--prefix", queue])).toEqual([{ name: queue, approximateMessageCount: 2 }]);
    const refused = await azq(["--connection-string", connection, "put", queue, "no add permission"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("403");
    expect(refused.stderr).not.toContain("sig=");
  });

  it("without the account key, or with a malformed expiry, it is a usage error", async () => {
    const connection = `QueueEndpoint=${inject("azurite").accountUrl};SharedAccessSignature=sv=2025-11-05&sig=abc`;
    const noKey = await azq(["--connection-string", connection, "sas", "queue", "jobs", "--permissions", "r"]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/account key/i);
    const badExpiry = await azq(["sas", "queue", "jobs", "--permissions", "r", "--expiry", "soon"]);
    expect(badExpiry.code).toBe(2);
    expect(badExpiry.stderr).toContain("--expiry");
  });
});
