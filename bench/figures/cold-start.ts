/**
 * Figure 5: cold start to first response. A fresh process imports the package (azqueue from dist/, the official
 * SDK from node_modules), builds a client and completes one put against the stub; timed from spawn to the child's
 * "done" line. One discarded round first, so every contender finds its files in the page cache. azqueue also
 * starts in Deno and Bun, the same child script, for users choosing a runtime (no target).
 */
import type { ContenderName } from "../config.js";
import { timeColdStart, type ColdRuntime } from "../processes.js";
import type { ColdStartRow } from "../results.js";
import { summarize } from "../stats.js";

const STARTS: readonly { readonly contender: ContenderName; readonly runtime: ColdRuntime }[] = [
  { contender: "azqueue", runtime: "node" },
  { contender: "official", runtime: "node" },
  { contender: "raw", runtime: "node" },
  { contender: "azqueue", runtime: "deno" },
  { contender: "azqueue", runtime: "bun" },
];

export async function measureColdStart(stubUrl: string, runs: number, log: (line: string) => void): Promise<ColdStartRow[]> {
  const times = STARTS.map(() => [] as number[]);
  for (const { contender, runtime } of STARTS) await timeColdStart([contender, stubUrl, "coldstart"], runtime);
  for (let run = 0; run < runs; run++) {
    log(`  round ${run + 1}/${runs}`);
    for (const [i, { contender, runtime }] of STARTS.entries()) times[i]!.push(await timeColdStart([contender, stubUrl, "coldstart"], runtime));
  }
  return STARTS.map(({ contender, runtime }, i) => ({ contender, runtime, ms: summarize(times[i]!), runs }));
}
