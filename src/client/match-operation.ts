/**
 * Finds the spec operation a typed-client request belongs to, from its method, its path below the account URL and
 * its discriminator query (`comp`, `restype`, `peekonly`). Built once per client from generated/operations.ts.
 */
import type { OperationSpec } from "../operation/operation-spec.js";

export type OperationMatcher = (method: string, pathBelowAccount: string, query: URLSearchParams) => OperationSpec | undefined;

interface Candidate {
  readonly op: OperationSpec;
  readonly path: RegExp;
  readonly fixed: ReadonlyArray<readonly [string, string]>;
}

export function createOperationMatcher(operations: Readonly<Record<string, OperationSpec>>): OperationMatcher {
  const byMethod = new Map<string, Candidate[]>();
  for (const op of Object.values(operations)) {
    const candidates = byMethod.get(op.method) ?? [];
    candidates.push({ op, path: pathPattern(op.path), fixed: Object.entries(op.fixedQuery) });
    byMethod.set(op.method, candidates);
  }
  // The most specific first: GET /{queue}/messages?peekonly=true before GET /{queue}/messages.
  for (const candidates of byMethod.values()) candidates.sort((a, b) => b.fixed.length - a.fixed.length);

  return (method, pathBelowAccount, query) => {
    const candidates = byMethod.get(method.toUpperCase());
    if (!candidates) return undefined;
    for (const candidate of candidates) {
      if (!candidate.path.test(pathBelowAccount)) continue;
      if (candidate.fixed.every(([name, value]) => query.get(name) === value)) return candidate.op;
    }
    return undefined;
  };
}

function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}
