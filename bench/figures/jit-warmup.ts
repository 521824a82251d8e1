/** The stub loops that warm up V8 at the start of a contender process (see BenchSizes.jitWarmup). */
import type { JitWarmup } from "../child/jobs.js";
import type { BenchSizes, Operation } from "../config.js";

export function jitWarmup(stubUrl: string, sizes: BenchSizes, ops: readonly Operation[]): JitWarmup {
  return { accountUrl: stubUrl, loops: ops.map((op) => ({ op, count: sizes.jitWarmup[op] })) };
}
