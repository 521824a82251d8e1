/**
 * Figure 8: what client-side encryption (protocol 2.0, an AES key-wrap key) adds to azqueue's CPU per put and per
 * get of 32, against the stub, beside the same loops without it; then AesKeyWrapKey alone, to show how much of the
 * difference the key wrap is. azqueue only: no other JavaScript client encrypts queue messages.
 */
import type { KeyWrapResult, OpsJob, OpsResult } from "../child/jobs.js";
import { ACCOUNT_KEY, ACCOUNT_NAME, ENCRYPTED_QUEUE, ENCRYPTION_KEY, type BenchSizes } from "../config.js";
import { runJob } from "../processes.js";
import type { EncryptionRow, KeyWrapRow } from "../results.js";
import { summarize } from "../stats.js";

export interface EncryptionFigureEnv {
  readonly stubUrl: string;
  readonly sizes: BenchSizes;
  readonly log: (line: string) => void;
}

const OPS = ["put", "get"] as const;

function job(env: EncryptionFigureEnv, encrypted: boolean): OpsJob {
  const { stub, jitWarmup } = env.sizes;
  return {
    kind: "ops",
    contender: "azqueue",
    config: { accountUrl: env.stubUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY, ...(encrypted && { encryptionKey: ENCRYPTION_KEY }) },
    loops: OPS.map((op) => ({ op, queue: encrypted ? ENCRYPTED_QUEUE : "bench", size: { ...stub, warmup: Math.max(stub.warmup, jitWarmup[op]) } })),
  };
}

function cpuByOp(result: OpsResult): Map<string, number[]> {
  const byOp = new Map<string, number[]>();
  for (const loop of result.loops) {
    if (loop.failure) throw new Error(`azqueue ${loop.op} failed against the stub:\n${loop.failure}`);
    byOp.set(loop.op, loop.samples.map((sample) => sample.cpuUsPerOp));
  }
  return byOp;
}

export async function measureEncryption(env: EncryptionFigureEnv): Promise<{ encryption: EncryptionRow[]; keyWrap: KeyWrapRow }> {
  const timeoutMs = env.sizes.jobTimeoutMs;
  env.log("  plain");
  const plain = cpuByOp(await runJob<OpsResult>(job(env, false), { timeoutMs }));
  env.log("  encrypted (protocol 2.0, A256KW)");
  const encrypted = cpuByOp(await runJob<OpsResult>(job(env, true), { timeoutMs }));
  env.log("  key wrap alone");
  const wrap = await runJob<KeyWrapResult>(
    { kind: "keywrap", contender: "azqueue", config: { accountUrl: env.stubUrl, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY }, size: env.sizes.stub },
    { timeoutMs },
  );
  return {
    encryption: OPS.map((op) => ({ op, plainCpuUs: summarize(plain.get(op) ?? []), encryptedCpuUs: summarize(encrypted.get(op) ?? []) })),
    keyWrap: { wrapCpuUs: summarize(wrap.wrapUs), unwrapCpuUs: summarize(wrap.unwrapUs) },
  };
}
