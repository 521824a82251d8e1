/**
 * Figure 8's key-wrap job: what AesKeyWrapKey alone costs per message, wrapping and unwrapping protocol 2.0's 40
 * bytes, so the report can say how much of encryption's cost is the key wrap (WebCrypto's AES-KW, two key imports
 * and an export each way) rather than JSON or base64.
 */
import type * as Azqueue from "../../src/index.js";
import { ENCRYPTION_KEY, ENCRYPTION_KID } from "../config.js";
import type { KeyWrapJob, KeyWrapResult } from "./jobs.js";

// A variable, not a literal: the type checker reads the sources' types and never looks for dist/ (absent before a build).
const PACKAGE = "azqueue";

async function cpuPerCall(count: number, call: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

export async function runKeyWrap(job: KeyWrapJob): Promise<KeyWrapResult> {
  const { AesKeyWrapKey } = (await import(PACKAGE)) as typeof Azqueue;
  const kek = await AesKeyWrapKey.import(ENCRYPTION_KID, Buffer.from(ENCRYPTION_KEY, "base64"));
  const contentKey = new Uint8Array(40).fill(7);
  const wrapped = await kek.wrapKey(contentKey);
  const wrap = () => kek.wrapKey(contentKey);
  const unwrap = () => kek.unwrapKey(wrapped, "A256KW");
  await cpuPerCall(job.size.warmup, wrap);
  await cpuPerCall(job.size.warmup, unwrap);
  const wrapUs: number[] = [];
  const unwrapUs: number[] = [];
  for (let rep = 0; rep < job.size.reps; rep++) {
    wrapUs.push(await cpuPerCall(job.size.ops, wrap));
    unwrapUs.push(await cpuPerCall(job.size.ops, unwrap));
  }
  return { kind: "keywrap", wrapUs, unwrapUs };
}
