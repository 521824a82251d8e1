/**
 * The raw floor for draining a real queue: the raw contender's transport (undici Pool.request, a get's signature
 * computed once and reused), plus the least any client must add to delete what it received: find each message's id
 * and pop receipt in the body with two string searches (no XML parser, no decoding of the text), and sign each
 * delete, whose pop receipt makes every one a new request.
 */
import { Pool } from "undici";
import { signSharedKey } from "../shared-key.js";
import type { ContenderConfig } from "./contenders/contender.js";
import type { DrainClient } from "./drain.js";

interface Received {
  readonly id: string;
  readonly popReceipt: string;
}

/** The text of every `<tag>...</tag>` in `xml`, in order. Ids and pop receipts hold nothing XML escapes. */
function elements(xml: string, tag: string): string[] {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const values: string[] = [];
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at)) {
    const start = at + open.length;
    const end = xml.indexOf(close, start);
    values.push(xml.slice(start, end));
    at = end + close.length;
  }
  return values;
}

export function createRawDrainer(config: ContenderConfig): DrainClient<Received> & { close(): Promise<void> } {
  const url = new URL(config.accountUrl);
  const pool = new Pool(url.origin, { keepAliveTimeout: 4_000 });
  const base = url.pathname.replace(/\/$/, "");
  const gets = new Map<string, Record<string, string>>();

  return {
    async get(queue, count) {
      const path = `${base}/${queue}/messages?numofmessages=${count}`;
      let headers = gets.get(path);
      if (!headers) gets.set(path, (headers = signSharedKey({ method: "GET", path, bodyLength: 0 }, config.accountName, config.accountKey)));
      const response = await pool.request({ method: "GET", path, headers });
      const body = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`raw drain: GET ${path} answered ${response.statusCode}`);
      const ids = elements(body, "MessageId");
      const popReceipts = elements(body, "PopReceipt");
      return ids.map((id, i) => ({ id, popReceipt: popReceipts[i]! }));
    },
    async delete(queue, message) {
      const path = `${base}/${queue}/messages/${message.id}?popreceipt=${encodeURIComponent(message.popReceipt)}`;
      const headers = signSharedKey({ method: "DELETE", path, bodyLength: 0 }, config.accountName, config.accountKey);
      const response = await pool.request({ method: "DELETE", path, headers });
      await response.body.dump();
      if (response.statusCode !== 204) throw new Error(`raw drain: DELETE ${path} answered ${response.statusCode}`);
    },
    close() {
      return pool.close();
    },
  };
}
