/**
 * Figure 5: cold start to first response. A fresh `node` process imports the package (azqueue from dist/, the
 * official SDK from node_modules), builds a client and completes one put against the stub; timed from spawn to
 * the child's "done" line. One discarded round first, so every contender finds its files in the page cache.
 */
import type { ContenderName } from "../config.js";
import { timeColdStart } from "../processes.js";
import type { ColdStartRow } from "../results.js";
import { summarize } from "../stats.js";

const CONTENDERS = ["azqueue", "official", "raw"] as const satisfies readonly ContenderName[];

export async function measureColdStart(stubUrl: string, runs: number, log: (line: string) => void): Promise<ColdStartRow[]> {
  const times = new Map<ContenderName, number[]>(CONTENDERS.map((contender) => [contender, []]));
  for (const contender of CONTENDERS) await timeColdStart([contender, stubUrl, "coldstart"]);
  for (let run = 0; run < runs; run++) {
    log(`  round ${run + 1}/${runs}`);
    for (const contender of CONTENDERS) times.get(contender)!.push(await timeColdStart([contender, stubUrl, "coldstart"]));
  }
  return CONTENDERS.map((contender) => ({ contender, ms: summarize(times.get(contender)!), runs }));
}
