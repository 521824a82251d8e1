/**
 * The raw floor: undici's Pool.request with a SharedKey signature computed once per distinct request and reused,
 * bodies read as bytes and never parsed. What remains is transport cost alone, the least any client can pay.
 * Meaningful against the stub, and against Azurite for requests that repeat exactly (puts, gets, a list page), whose
 * reused signature it accepts for minutes.
 */
import { Pool } from "undici";
import { messageBody, signSharedKey } from "../../shared-key.js";
import type { Contender, ContenderConfig } from "./contender.js";

interface Received {
  readonly id: string;
  readonly popReceipt: string;
}

/** What the stub answers: the floor does not parse, so it hands back fixed references. */
const CANNED: Received = { id: "00000000-0000-0000-0000-000000000000", popReceipt: "MjNOb3YyMDI2MTc6Mzg6NTFiNGRl" };
const CANNED_LIST: readonly Received[] = Array.from({ length: 32 }, () => CANNED);

interface Prepared {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | null;
}

export async function createContender(config: ContenderConfig): Promise<Contender<Received>> {
  const url = new URL(config.accountUrl);
  const pool = new Pool(url.origin, { keepAliveTimeout: 4_000 });
  const base = url.pathname.replace(/\/$/, "");
  const prepared = new Map<string, Prepared>();

  const prepare = (method: string, path: string, text?: string): Prepared => {
    const key = `${method} ${path}`;
    let request = prepared.get(key);
    if (!request) {
      const body = text === undefined ? null : Buffer.from(messageBody(text));
      const contentType = body ? "application/xml" : undefined;
      const headers = signSharedKey({ method, path, bodyLength: body?.length ?? 0, contentType }, config.accountName, config.accountKey);
      headers["content-length"] = String(body?.length ?? 0);
      request = { path, headers, body };
      prepared.set(key, request);
    }
    return request;
  };

  const send = async (method: "GET" | "POST" | "PUT" | "DELETE", request: Prepared, expected: number): Promise<void> => {
    const response = await pool.request({ method, path: request.path, headers: request.headers, body: request.body });
    await response.body.arrayBuffer();
    if (response.statusCode !== expected) throw new Error(`raw floor: ${method} ${request.path} answered ${response.statusCode}`);
  };

  return {
    put(queue, text) {
      return send("POST", prepare("POST", `${base}/${queue}/messages`, text), 201);
    },
    async get(queue, count) {
      await send("GET", prepare("GET", `${base}/${queue}/messages?numofmessages=${count}`), 200);
      return CANNED_LIST.slice(0, count);
    },
    delete(queue, message) {
      return send("DELETE", prepare("DELETE", `${base}/${queue}/messages/${message.id}?popreceipt=${encodeURIComponent(message.popReceipt)}`), 204);
    },
    async update(queue, message, text) {
      const path = `${base}/${queue}/messages/${message.id}?popreceipt=${encodeURIComponent(message.popReceipt)}&visibilitytimeout=0`;
      await send("PUT", prepare("PUT", path, text), 204);
      return message;
    },
    async list(prefix) {
      await send("GET", prepare("GET", `${base}/?comp=list&prefix=${encodeURIComponent(prefix)}`), 200);
      return 0;
    },
    close() {
      return pool.close();
    },
  };
}
