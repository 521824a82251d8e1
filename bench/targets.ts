/** The targets, evaluated on one run's results: each a ratio against the official SDK or the raw floor. */
import type { ContenderName, Operation } from "./config.js";
import { OPERATION_LABELS } from "./config.js";
import type { BenchResults, Target } from "./results.js";

export interface TargetCheck {
  readonly name: string;
  /** azqueue's value over the reference's (official SDK or raw floor). */
  readonly ratio: number;
  readonly limit: number;
  /** "max": ratio must be <= limit; "min": ratio must be >= limit. */
  readonly kind: "max" | "min";
  readonly pass: boolean;
}

function check(name: string, ratio: number, limit: number, kind: "max" | "min"): TargetCheck {
  return { name, ratio, limit, kind, pass: Number.isFinite(ratio) && (kind === "max" ? ratio <= limit : ratio >= limit) };
}

export function cpuMedian(results: BenchResults, target: Target, contender: ContenderName, op: Operation): number {
  const row = results.cpu.find((candidate) => candidate.target === target && candidate.contender === contender && candidate.op === op);
  return row && !row.failure ? row.cpuUs.median : Number.NaN;
}

export function evaluateTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const target of ["stub", "azurite"] as const) {
    for (const op of ["put", "get", "delete", "update", "list"] as const) {
      const ratio = cpuMedian(results, target, "azqueue", op) / cpuMedian(results, target, "official", op);
      checks.push(check(`${OPERATION_LABELS[op]} client CPU vs official (${target})`, ratio, op === "get" ? 0.5 : 0.4, "max"));
    }
  }
  for (const op of ["put", "delete"] as const) {
    checks.push(check(`${OPERATION_LABELS[op]} client CPU vs raw floor (stub)`, cpuMedian(results, "stub", "azqueue", op) / cpuMedian(results, "stub", "raw", op), 2, "max"));
  }
  const consumer = (contender: ContenderName) => results.consumer.find((row) => row.contender === contender);
  const azqueueLoop = consumer("azqueue");
  const officialLoop = consumer("official");
  if (azqueueLoop && officialLoop) {
    checks.push(check("consumer loop messages/s vs official", azqueueLoop.messagesPerSecond.median / officialLoop.messagesPerSecond.median, 1, "min"));
    checks.push(check("consumer loop client CPU per message vs official", azqueueLoop.cpuUsPerMessage.median / officialLoop.cpuUsPerMessage.median, 0.4, "max"));
  }
  const drain = (contender: ContenderName) => results.drain?.find((row) => row.contender === contender);
  const azqueueDrain = drain("azqueue");
  const officialDrain = drain("official");
  if (azqueueDrain && officialDrain) {
    checks.push(check("worker drain messages/s vs official hand loop", azqueueDrain.messagesPerSecond.median / officialDrain.messagesPerSecond.median, 1, "min"));
    checks.push(check("worker drain client CPU per message vs official hand loop", azqueueDrain.cpuUsPerMessage.median / officialDrain.cpuUsPerMessage.median, 0.35, "max"));
  }
  const bundle = (label: string) => results.bundle.find((row) => row.label === label)?.gzipBytes ?? Number.NaN;
  const officialBundle = results.bundle.find((row) => row.contender === "official")?.gzipBytes ?? Number.NaN;
  const azqueueBundle = results.bundle.find((row) => row.contender === "azqueue")?.label;
  if (azqueueBundle) checks.push(check(`browser bundle gzip vs official (${azqueueBundle}, loaded to run)`, bundle(azqueueBundle) / officialBundle, 0.5, "max"));
  const cold = (contender: ContenderName) => results.coldStart.find((row) => row.contender === contender && (row.runtime ?? "node") === "node")?.ms.median ?? Number.NaN;
  checks.push(check("cold start to first response vs official", cold("azqueue") / cold("official"), 1, "max"));
  return checks;
}
