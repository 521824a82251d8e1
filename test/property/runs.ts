/**
 * How many cases each property runs, and how a property reports what it ran. Every property here talks to
 * Azurite, so the count is a budget: AZQUEUE_PROPERTY_RUNS cases per property (per message format for the content
 * round trip), 400 by default, which keeps the folder well under a minute on two cores. A reported run sets it
 * higher, e.g. AZQUEUE_PROPERTY_RUNS=2500 for 10,000 content cases.
 *
 * AZQUEUE_PROPERTY_SEED replays a failure: fast-check prints the seed of every failing run.
 */
import type { Parameters } from "fast-check";

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(text)})`);
  return value;
}

/** Cases per property. */
export const PROPERTY_RUNS = positiveInteger("AZQUEUE_PROPERTY_RUNS", 400);

/** fast-check parameters for `runs` property runs, with the seed of AZQUEUE_PROPERTY_SEED when one is given. */
export function propertyParameters<T>(runs: number): Parameters<T> {
  const seed = process.env.AZQUEUE_PROPERTY_SEED;
  return seed === undefined || seed === "" ? { numRuns: runs } : { numRuns: runs, seed: Number(seed) };
}

/** A vitest timeout for a property of `cases` cases that cost about `msPerCase` each, with room for a slow machine. */
export function propertyTimeout(cases: number, msPerCase: number): number {
  return 30_000 + cases * msPerCase * 4;
}

/** Counts by outcome, printed as one line per key so the figures can be quoted. */
export class Tally {
  readonly #counts = new Map<string, number>();

  count(key: string, by = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + by);
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Prints `title`, the elapsed seconds since `startedAt` (performance.now()), then every count. */
  print(title: string, startedAt: number): void {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const lines = [...this.#counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `  ${key}: ${value}`);
    console.log([`[property] ${title} (${seconds} s)`, ...lines].join("\n"));
  }
}
