/**
 * What every bench process agrees on: the emulator account, the message the contenders send, the operations, and
 * the sizes of a full run and of the smoke run. Imported by child processes too, so it imports nothing from src/
 * (children run plain JavaScript against the built package).
 */

/** The public development-storage account (documented by Microsoft; not a secret). */
export const ACCOUNT_NAME = "devstoreaccount1";
export const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** A realistic event message: about 280 bytes of JSON, nothing that XML must escape, so every codec sends it as is. */
export const MESSAGE_TEXT = JSON.stringify({
  type: "order.created",
  orderId: "ORD-2026-000123",
  customerId: "c-5f1d3e9a",
  items: [
    { sku: "SKU-1042", qty: 2, price: 19.99 },
    { sku: "SKU-2210", qty: 1, price: 5.49 },
  ],
  currency: "EUR",
  createdAt: "2026-11-23T17:38:47.123Z",
  traceId: "0af7651916cd43dd8448eb211c80319c",
});

/** Queues a listing returns: one page, no continuation. */
/**
 * Figure 8: the queue whose messages the stub answers as protocol 2.0 envelopes, and the AES key-wrap key (a fixed
 * bench key, no secret) both the stub and azqueue's process use.
 */
export const ENCRYPTED_QUEUE = "bench-encrypted";
export const ENCRYPTION_KID = "bench-kek";
export const ENCRYPTION_KEY = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";

export const LIST_PAGE_SIZE = 20;
export const LIST_PREFIX = "benchlist-";

export const OPERATIONS = ["put", "get", "delete", "update", "list"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_LABELS: Record<Operation, string> = {
  put: "putMessage",
  get: "getMessages(32)",
  delete: "deleteMessage",
  update: "updateMessage",
  list: "listQueues",
};

export const CONTENDERS = ["azqueue", "official", "raw"] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export const CONTENDER_LABELS: Record<ContenderName, string> = {
  azqueue: "azqueue QueueService",
  official: "@azure/storage-queue 12.30",
  raw: "raw floor (undici Pool.request)",
};

/** Loop sizes: warm-up ops, ops per repetition, repetitions. */
export interface LoopSize {
  readonly warmup: number;
  readonly ops: number;
  readonly reps: number;
}

export interface BenchSizes {
  /** Figure 1 against the stub. */
  readonly stub: LoopSize;
  /** Figure 1 against Azurite, one process per operation; get(32) is slow there (tens of ms), so it has its own. */
  readonly azurite: LoopSize;
  readonly azuriteGet: LoopSize;
  /**
   * Figure 1 against Azurite runs the contenders' jobs in turn this many times and pools their repetitions. A
   * client's CPU per request there follows the server's latency (about 2x between a delete at 0.5 ms and one at
   * 5 ms, for every contender), and Azurite's latency drifts within and between runs; taking turns spreads that
   * drift over both contenders instead of handing it to whichever ran second.
   */
  readonly azuriteRounds: number;
  /** Figure 2: puts per concurrency level and repetition. */
  readonly throughput: LoopSize & { readonly levels: readonly number[] };
  /** Figure 3: messages consumed per repetition (each repetition a fresh process and a freshly filled queue). */
  readonly consumer: { readonly messages: number; readonly warmupMessages: number; readonly reps: number; readonly concurrency: number };
  /**
   * Figure 7: the lease worker drains `messages` with a no-op handler, `concurrency` handlers at once, against the
   * same job written by hand (that many loops of get 32, delete each). `hold`: then `messages` more, held by each
   * handler for `leases` leases of `visibilityTimeout` seconds, against as many with a no-op handler. Azurite's
   * Get Messages scans the whole queue, so a deep queue measures the server: 10,000 messages drain at ~50 a second
   * and its event loop stalls long enough to reset connections; 2,000 drain at several hundred a second.
   */
  readonly drain: {
    readonly messages: number;
    readonly warmupMessages: number;
    readonly reps: number;
    readonly concurrency: number;
    readonly hold: { readonly messages: number; readonly visibilityTimeout: number; readonly leases: number };
  };
  /**
   * Operations run against the stub at the start of every contender process, before anything is measured: V8 has
   * optimized a client's code only after a few thousand operations (CPU per put falls by half over the first
   * ~3,000), far more than Azurite could be filled for. A connection's cost per request also settles only after a
   * few thousand requests of one kind, so against the stub these counts are each loop's own warm-up on the
   * measured connection, and loops against Azurite have a warm-up of their own on theirs.
   */
  readonly jitWarmup: Readonly<Record<Operation, number>>;
  /** Figure 5: fresh processes per contender. */
  readonly coldStarts: number;
  /** A contender process still running after this long is killed and its job reported as failed. */
  readonly jobTimeoutMs: number;
}

export const FULL_SIZES: BenchSizes = {
  stub: { warmup: 200, ops: 1000, reps: 5 },
  azurite: { warmup: 1000, ops: 200, reps: 5 },
  azuriteGet: { warmup: 10, ops: 30, reps: 5 },
  azuriteRounds: 3,
  throughput: { warmup: 1000, ops: 600, reps: 3, levels: [1, 4, 16] },
  consumer: { messages: 2048, warmupMessages: 1024, reps: 3, concurrency: 4 },
  drain: { messages: 2_000, warmupMessages: 1024, reps: 3, concurrency: 16, hold: { messages: 32, visibilityTimeout: 2, leases: 3 } },
  jitWarmup: { put: 3000, get: 2000, delete: 3000, update: 3000, list: 3000 },
  coldStarts: 11,
  jobTimeoutMs: 8 * 60_000,
};

export const SMOKE_SIZES: BenchSizes = {
  stub: { warmup: 30, ops: 60, reps: 2 },
  azurite: { warmup: 5, ops: 20, reps: 2 },
  azuriteGet: { warmup: 2, ops: 4, reps: 2 },
  azuriteRounds: 1,
  throughput: { warmup: 10, ops: 60, reps: 1, levels: [1, 4, 16] },
  consumer: { messages: 256, warmupMessages: 64, reps: 1, concurrency: 4 },
  drain: { messages: 512, warmupMessages: 64, reps: 1, concurrency: 16, hold: { messages: 16, visibilityTimeout: 1, leases: 3 } },
  jitWarmup: { put: 100, get: 30, delete: 100, update: 100, list: 100 },
  coldStarts: 3,
  jobTimeoutMs: 2 * 60_000,
};
