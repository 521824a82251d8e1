/** Writes bench/results.md: the run's machine, the targets with PASS/MISS, and one table per figure. */
import { CONTENDER_LABELS, LIST_PAGE_SIZE, OPERATION_LABELS, OPERATIONS, type ContenderName } from "./config.js";
import type { BenchResults, BundleSize, Target } from "./results.js";
import type { Summary } from "./stats.js";
import { cpuMedian, evaluateTargets } from "./targets.js";

const number = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");
const micros = (value: number) => number(value, value < 100 ? 1 : 0);
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a");
const spread = (summary: Summary, format: (value: number) => string) => `${format(summary.median)} (${format(summary.min)}-${format(summary.max)})`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

function cpuTable(results: BenchResults, target: Target): string {
  const contenders: ContenderName[] = ["azqueue", "official", "raw"];
  const header = ["Operation", ...contenders.map((contender) => `${contender} us/op`), "azqueue / official", "azqueue / raw"];
  const rows = OPERATIONS.map((op) => {
    const cells = contenders.map((contender) => {
      const row = results.cpu.find((candidate) => candidate.target === target && candidate.contender === contender && candidate.op === op);
      if (!row) return "n/a";
      if (row.failure) return `failed${row.cpuUs.median >= 0 ? ` after ${spread(row.cpuUs, micros)}` : ""}`;
      return spread(row.cpuUs, micros);
    });
    const azqueue = cpuMedian(results, target, "azqueue", op);
    const ratios = [ratio(azqueue / cpuMedian(results, target, "official", op)), ratio(azqueue / cpuMedian(results, target, "raw", op))];
    return [OPERATION_LABELS[op], ...cells, ...ratios];
  });
  return table(header, rows);
}

function throughputTable(results: BenchResults): string {
  const rows = results.throughput.map((row) => {
    const official = results.throughput.find((other) => other.contender === "official" && other.concurrency === row.concurrency);
    const versus = row.contender === "official" || !official ? "" : `${ratio(row.opsPerSecond.median / official.opsPerSecond.median)} ops/s, ${ratio(row.cpuUsPerOp.median / official.cpuUsPerOp.median)} CPU`;
    return [String(row.concurrency), row.contender, spread(row.opsPerSecond, (value) => number(value)), number(row.p50Ms, 2), number(row.p99Ms, 2), spread(row.cpuUsPerOp, micros), versus];
  });
  return table(["Concurrency", "Contender", "puts/s", "p50 ms", "p99 ms", "client CPU us/op", "vs official"], rows);
}

function azuriteGetMs(results: BenchResults): string {
  const walls = results.cpu.filter((row) => row.target === "azurite" && row.op === "get").map((row) => row.wallUs.median / 1000);
  return walls.length === 0 ? "n/a" : walls.map((wall) => number(wall, 0)).join(" to ");
}

function warmupText(results: BenchResults): string {
  const counts = results.info.jitWarmup;
  return OPERATIONS.map((op) => `${number(counts[op])} ${OPERATION_LABELS[op]}`).join(", ");
}

/** Failed loops, each with the first lines of its error. */
function failures(results: BenchResults): string {
  const failed = results.cpu.filter((row) => row.failure);
  if (failed.length === 0) return "";
  const items = failed.map((row) => {
    const excerpt = row.failure!.split("\n").slice(0, 3).map((line) => line.trim()).join(" / ");
    return `- ${row.contender} ${OPERATION_LABELS[row.op]} against ${row.target === "stub" ? "the stub" : "Azurite"}: ${excerpt}`;
  });
  return `Failed loops (the full errors are in the run's JSON):\n\n${items.join("\n")}\n\n`;
}

/** The raw and gzip cells of one part of a bundle; "n/a" for runs made before code splitting. */
function bundleCells(size: BundleSize | undefined): string[] {
  return size ? [number(size.rawBytes), number(size.gzipBytes)] : ["n/a", "n/a"];
}

/** What azqueue's lazy chunk holds and when the program fetches it, as measured. */
function lazyChunkSentence(results: BenchResults): string {
  const row = results.bundle.find((candidate) => candidate.contender === "azqueue" && candidate.lazy && candidate.lazy.files > 0);
  if (!row?.lazy) return "";
  const one = row.lazy.files === 1;
  return (
    `azqueue's lazy ${one ? "chunk" : `${row.lazy.files} chunks`} (${number(row.lazy.gzipBytes)} bytes gzip) ${one ? "holds" : "hold"} ` +
    `${row.lazyContents ?? "n/a"}: the XML libraries and their configuration, fetched on the first document the ` +
    "hand-written message-list scanner and message writer do not handle (an error body, a queue list, access policies, " +
    "service properties), and the lease worker's receive loop, fetched when `processMessages` is first called; " +
    `sending, receiving and deleting messages never fetch ${one ? "it" : "them"}.\n`
  );
}

/** Figure 7, or a line saying it was not measured in this run. */
function drainSection(results: BenchResults): string {
  const rows = results.drain ?? [];
  if (rows.length === 0) return "Not measured in this run.\n";
  const officialDrain = rows.find((row) => row.contender === "official");
  const rawDrain = rows.find((row) => row.contender === "raw");
  const drainTable = table(
    ["Contender", "messages/s", "client CPU us/message", "vs official", "vs raw floor"],
    rows.map((row) => [
      row.contender === "azqueue" ? "azqueue worker" : `${row.contender} hand loop`,
      spread(row.messagesPerSecond, (value) => number(value)),
      spread(row.cpuUsPerMessage, micros),
      row === officialDrain || !officialDrain ? "" : `${ratio(row.messagesPerSecond.median / officialDrain.messagesPerSecond.median)} messages/s, ${ratio(row.cpuUsPerMessage.median / officialDrain.cpuUsPerMessage.median)} CPU`,
      row === rawDrain || !rawDrain ? "" : `${ratio(row.messagesPerSecond.median / rawDrain.messagesPerSecond.median)} messages/s, ${ratio(row.cpuUsPerMessage.median / rawDrain.cpuUsPerMessage.median)} CPU`,
    ]),
  );
  const { renewal } = results;
  const renewalText = renewal
    ? `Renewal overhead: ${number(renewal.messages)} messages, ${renewal.concurrency} handlers at once, each holding its message for ` +
      `${renewal.leases} leases of ${renewal.visibilityTimeout} s (renewed every ${number(renewal.visibilityTimeout / 2, 1)} s): ` +
      `${spread(renewal.renewals, (value) => number(value))} renewals, ${number(renewal.renewals.median / renewal.messages, 1)} per message; ` +
      `client CPU ${spread(renewal.holdCpuUsPerMessage, micros)} us per message against ${spread(renewal.noopCpuUsPerMessage, micros)} with a ` +
      `no-op handler, ${spread(renewal.extraCpuUsPerMessage, micros)} us more per message` +
      (renewal.renewals.median > 0 ? `, about ${micros(renewal.extraCpuUsPerMessage.median / (renewal.renewals.median / renewal.messages))} us per renewal.\n` : ".\n")
    : "";
  return `${drainTable}\n\n${renewalText}`;
}

function encryptionSection(results: BenchResults): string {
  const rows = results.encryption ?? [];
  if (rows.length === 0) return "Not measured in this run.\n";
  const { keyWrap } = results;
  const wrapOf = (op: "put" | "get") => (keyWrap ? (op === "put" ? keyWrap.wrapCpuUs.median : keyWrap.unwrapCpuUs.median * 32) : Number.NaN);
  const encryptionTable = table(
    ["Operation", "plain us/op", "encrypted us/op", "added us/op", "key wrap alone us/op", "key wrap share of added"],
    rows.map((row) => {
      const added = row.encryptedCpuUs.median - row.plainCpuUs.median;
      const wrap = wrapOf(row.op);
      return [
        row.op === "put" ? "putMessage" : "getMessages(32)",
        spread(row.plainCpuUs, micros),
        spread(row.encryptedCpuUs, micros),
        micros(added),
        micros(wrap),
        Number.isFinite(wrap) && added > 0 ? `${Math.round((wrap / added) * 100)}%` : "n/a",
      ];
    }),
  );
  const wrapText = keyWrap
    ? `AesKeyWrapKey alone: wrap ${spread(keyWrap.wrapCpuUs, micros)} us, unwrap ${spread(keyWrap.unwrapCpuUs, micros)} us per content key (a get of 32 unwraps 32).\n`
    : "";
  return `${encryptionTable}\n\n${wrapText}`;
}

export function renderReport(results: BenchResults): string {
  const { info } = results;
  const checks = evaluateTargets(results);
  const official = <T extends { contender: ContenderName }>(rows: readonly T[]) => rows.find((row) => row.contender === "official");
  const raw = <T extends { contender: ContenderName }>(rows: readonly T[]) => rows.find((row) => row.contender === "raw");
  const officialConsumer = official(results.consumer);
  const officialBundle = official(results.bundle);
  const nodeCold = results.coldStart.filter((row) => (row.runtime ?? "node") === "node");
  const officialCold = official(nodeCold);
  const rawCold = raw(nodeCold);
  const officialMemory = official(results.memory);

  return `# azqueue bench results

Written by \`npm run bench\` (${info.mode} run) on ${info.date}, in ${number(info.durationS)} s.
${info.mode === "smoke" ? "\n**Smoke run**: a few cold iterations per loop, to prove the bench runs; its ratios mean nothing.\n" : ""}
- Machine: ${info.cpuModel}, ${info.cores} cores; ${info.os}; Node ${info.node}
- CPU placement: ${info.cpuPinning}
- Load average (1 min) at start / end: ${info.loadAverage.map((load) => load.toFixed(2)).join(" / ")}
- Versions: ${Object.entries(info.versions).map(([name, version]) => `${name} ${version}`).join(", ")}; commit ${info.commit}
${info.note ? `- Note: ${info.note}\n` : ""}
${results.figureFailures.map((failure) => `- **Not measured**: ${failure}\n`).join("")}
Contenders: ${(Object.keys(CONTENDER_LABELS) as ContenderName[]).map((name) => `**${name}** = ${CONTENDER_LABELS[name]}`).join("; ")}.
Cells give the median over the repetitions and, in brackets, the minimum and maximum. Ratios compare medians.

## Targets

${table(
  ["Target", "azqueue ratio", "Limit", "Result"],
  checks.map((item) => [item.name, ratio(item.ratio), `${item.kind === "max" ? "<=" : ">="} ${item.limit.toFixed(1)}x`, item.pass ? "PASS" : "**MISS**"]),
)}

## 1. Client CPU per operation (microseconds, user + system)

Against the stub (canned Azurite-shaped answers from another process: the client's cost alone):

${cpuTable(results, "stub")}

Against Azurite on loopback:

${cpuTable(results, "azurite")}

![Client CPU per operation](results.svg)

${failures(results)}## 2. Throughput and latency: putMessage against Azurite

${throughputTable(results)}

## 3. Consumer loop: get 32, delete each, until empty (Azurite, ${results.consumer[0]?.concurrency ?? "?"} consumers)

${table(
  ["Contender", "messages/s", "client CPU us/message", "vs official"],
  results.consumer.map((row) => [
    row.contender,
    spread(row.messagesPerSecond, (value) => number(value)),
    spread(row.cpuUsPerMessage, micros),
    row === officialConsumer || !officialConsumer ? "" : `${ratio(row.messagesPerSecond.median / officialConsumer.messagesPerSecond.median)} messages/s, ${ratio(row.cpuUsPerMessage.median / officialConsumer.cpuUsPerMessage.median)} CPU`,
  ]),
)}

## 4. Browser bundle (esbuild, minified, platform browser, ESM code splitting)

${table(
  ["Program", "loaded to run: raw bytes", "gzip -9 bytes", "gzip vs official", "lazy: raw", "lazy: gzip", "total: raw", "total: gzip", "checked"],
  results.bundle.map((row) => [
    row.label,
    number(row.rawBytes),
    number(row.gzipBytes),
    officialBundle ? ratio(row.gzipBytes / officialBundle.gzipBytes) : "n/a",
    bundleCells(row.lazy),
    bundleCells(row.total),
    row.checked,
  ].flat()),
)}

"Loaded to run" is the entry chunk and every chunk it imports statically: what a browser fetches before the program
starts, and what the target is judged on. "Lazy" chunks are reached only by a dynamic \`import()\` and fetched when
first needed; "total" is every chunk. Each file is gzipped on its own, as a browser fetches it, and the sizes summed.
${lazyChunkSentence(results)}
The official SDK's browser build has no SharedKey credential, so its program authorizes with a SAS URL; azqueue signs
SharedKey in the browser too (@noble/hashes), shown both ways.

## 5. Cold start to first response (ms: spawn to one completed put against the stub)

${table(
  ["Contender", "runtime", "ms", "vs official", "vs raw"],
  results.coldStart.map((row) => [
    row.contender,
    row.runtime ?? "node",
    spread(row.ms, (value) => number(value, 1)),
    officialCold ? ratio(row.ms.median / officialCold.ms.median) : "n/a",
    rawCold ? ratio(row.ms.median / rawCold.ms.median) : "n/a",
  ]),
)}

Median of ${results.coldStart[0]?.runs ?? "?"} fresh processes each, after one discarded round. Deno (\`deno run -A\`) and Bun run the same
child script and import the same built package as Node; the ratios compare with the official SDK and the raw floor
in Node.

## 6. Memory: peak RSS of the client process across figure 2

${table(
  ["Contender", "peak RSS MB", "vs official"],
  results.memory.map((row) => [row.contender, number(row.maxRssMb, 1), officialMemory ? ratio(row.maxRssMb / officialMemory.maxRssMb) : "n/a"]),
)}

## 7. Worker drain: ${number(results.drain?.[0]?.messages ?? Number.NaN)} messages, no-op handler (Azurite, ${results.drain?.[0]?.concurrency ?? "?"} at once)

${drainSection(results)}
## 8. Client-side encryption: azqueue, protocol 2.0 with an A256KW key (stub)

${encryptionSection(results)}
## Method

- Every contender runs in its own Node process (plain JavaScript: azqueue from its built \`dist/\`, the official SDK
  from node_modules), one after another, never two at once; servers run in their own processes. Client CPU is
  \`process.cpuUsage()\` (user + system) of the contender's process around a loop of sequential operations,
  divided by the number of operations.
- Warm-up: V8 optimizes a client's code only after a few thousand operations (CPU per put halves over the first
  ~3,000), and a connection's cost per request settles only after a few thousand requests of one kind (the raw
  floor's too; it rises again for a while when the kind changes). Against the stub each loop follows its own
  warm-up on the measured connection (${warmupText(results)}). Against Azurite, which cannot be filled for that
  many, each contender process first runs as many operations against the stub with a client of its own, then its
  loop warms up on the measured connection (up to 1,000 operations; gets: 10).
- Placement: left to the scheduler, a client and its server on a 2-core machine share a core in some runs and not
  in others, and across cores every request costs the client ~35 us more (the raw floor: 50 or 85 us per put).
  ${info.cpuPinning.startsWith("none") ? "This run left placement to the scheduler (--no-pin)." : "Servers are therefore pinned to one CPU and contenders to another, as a client and a server on separate machines."}
- The stub answers every operation at once with a canned response shaped like Azurite 3.35's (statuses, headers,
  XML; 32 messages of about 280 bytes for a get, ${LIST_PAGE_SIZE} queues for a list); it checks no signature.
- Azurite 3.35 runs in memory with \`--skipApiVersionCheck\` (the official SDK sends a newer \`x-ms-version\`) for
  every contender alike; azqueue's pinned version is one a strict Azurite accepts too (its test suite runs against
  one). Each contender process gets a fresh Azurite, whose queues the runner creates and fills before the contender
  starts: Azurite's in-memory store slows down with everything it has held, so no contender inherits another's.
  A client's CPU per request there rises with the server's latency (every contender's: about 2x between deletes
  answered in 0.5 ms and in 5 ms), and Azurite's latency drifts, so the contenders take turns for
  ${results.info.azuriteRounds ?? 1} rounds and each cell pools the repetitions of all of them.
- The raw floor is undici \`Pool.request\` with a SharedKey signature computed once per distinct request, bodies read
  as bytes and not parsed: transport cost only. It runs against the stub, and against Azurite for the requests
  that stay the same from one call to the next, whose reused signature Azurite accepts: puts, gets and list pages in
  figure 1, puts in figure 2. Deletes and updates name a new pop receipt each time ("n/a").
- Azurite bounds throughput and the consumer loop: a get of 32 took ${azuriteGetMs(results)} ms of wall time in figure 1.
  Figures against Azurite show what a client adds on top of a real server; the stub figures isolate it.
- Figure 2: concurrent workers share one counter of puts; p50 and p99 pool every put of every repetition.
  Figure 3 fills a fresh queue, then ${results.consumer[0]?.concurrency ?? "?"} consumers each loop get(32) and delete every message, one by
  one, until a get comes back empty; messages/s is the queue's size over the wall time.
- Figure 7 fills a fresh queue, then azqueue's lease worker (no-op handler, ${results.drain?.[0]?.concurrency ?? "?"} handlers at once, gets of
  up to 32, never more than free handler slots) drains it until every message is deleted; the official SDK and
  the raw floor run the same job by hand: ${results.drain?.[0]?.concurrency ?? "?"} loops of get 32, then call the handler and delete each
  message in turn, until a get comes back empty. The raw floor finds ids and pop receipts by string search and
  signs each delete. The renewal runs follow in azqueue's process: the same small batch with a no-op handler,
  then with handlers that sleep for the stated number of leases. A renewal comes once a second per handler, so
  it runs on a CPU that has gone idle in between, which costs several times a renewal in a tight loop.
- Figure 8 runs azqueue's put and get(32) loops against the stub in two processes, one without encryption and one
  with protocol 2.0 and an AES key-wrap key (the stub answers that queue's gets with envelopes of the bench
  message, made with node:crypto), then a third process wraps and unwraps a content key with AesKeyWrapKey alone.
  No other JavaScript client encrypts queue messages, so there is no comparison.
`;
}
