/**
 * Azurite for one contender process at a time: started fresh, prepared from the runner's process before the
 * contender starts (queues created and filled through a raw undici pool, so no contender's own code or CPU is
 * involved), and stopped after.
 */
import { Pool } from "undici";
import { startAzurite } from "../scripts/azurite.js";
import { SERVER_CPU, pinRunningProcess } from "./cpu-pinning.js";
import { ACCOUNT_KEY, ACCOUNT_NAME, MESSAGE_TEXT } from "./config.js";
import { messageBody, signSharedKey } from "./shared-key.js";

export interface QueueSetup {
  createQueue(name: string): Promise<void>;
  /** Puts `count` copies of the bench message, 16 at a time. */
  fillQueue(name: string, count: number): Promise<void>;
  deleteQueue(name: string): Promise<void>;
  close(): Promise<void>;
}

const FILL_CONCURRENCY = 16;

export function queueSetup(accountUrl: string): QueueSetup {
  const url = new URL(accountUrl);
  const base = url.pathname.replace(/\/$/, "");
  const pool = new Pool(url.origin, { keepAliveTimeout: 4_000 });

  const send = async (method: "PUT" | "POST" | "DELETE", path: string, body: Buffer | null, headers: Record<string, string>, expected: number[]) => {
    const response = await pool.request({ method, path, body, headers: { ...headers, "content-length": String(body?.length ?? 0) } });
    const text = await response.body.text();
    if (!expected.includes(response.statusCode)) throw new Error(`queue setup: ${method} ${path} answered ${response.statusCode}: ${text}`);
  };
  const sign = (method: string, path: string, bodyLength = 0, contentType?: string) =>
    signSharedKey({ method, path, bodyLength, contentType }, ACCOUNT_NAME, ACCOUNT_KEY);

  return {
    createQueue(name) {
      const path = `${base}/${name}`;
      return send("PUT", path, null, sign("PUT", path), [201, 204]);
    },
    async fillQueue(name, count) {
      const path = `${base}/${name}/messages`;
      const body = Buffer.from(messageBody(MESSAGE_TEXT));
      // One signature serves every put: the body is not signed, only its length.
      const headers = sign("POST", path, body.length, "application/xml");
      let started = 0;
      const worker = async () => {
        while (started < count) {
          started++;
          await send("POST", path, body, headers, [201]);
        }
      };
      await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker));
    },
    deleteQueue(name) {
      const path = `${base}/${name}`;
      return send("DELETE", path, null, sign("DELETE", path), [204, 404]);
    },
    close() {
      return pool.close();
    },
  };
}

export interface FreshAzurite {
  readonly accountUrl: string;
  readonly setup: QueueSetup;
}

/**
 * Runs `use` against an Azurite of its own (in memory, `--skipApiVersionCheck`, which the official SDK needs),
 * then stops it. Every contender meets the same server in the same state; and Azurite's in-memory store slows
 * down with everything it has held (it was seen spinning for minutes after a long run), so none inherits that.
 */
export async function withFreshAzurite<T>(use: (azurite: FreshAzurite) => Promise<T>): Promise<T> {
  const azurite = await startAzurite({ skipApiVersionCheck: true });
  pinRunningProcess(azurite.pid, SERVER_CPU);
  const setup = queueSetup(azurite.accountUrl);
  try {
    return await use({ accountUrl: azurite.accountUrl, setup });
  } finally {
    await setup.close();
    await azurite.stop();
  }
}
