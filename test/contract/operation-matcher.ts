/**
 * Finds the one operation of the spec a recorded request is for: its method, a server URL of the operation that
 * prefixes the request URL (which strips the account path of path-style URLs: `/devstoreaccount1`, or
 * `/devstoreaccount1-secondary` where the operation's servers say so), its path template, and the discriminators
 * fixed by its path key (`comp`, `restype`, `peekonly`). When several operations fit, the one that fixes the most
 * query parameters wins (`/{queue}/messages?peekonly=true` over `/{queue}/messages`); a tie is a spec ambiguity.
 */
import type { OperationContract, ServerObject } from "./openapi-document.js";

export interface ParsedTarget {
  /** Still percent-encoded. */
  readonly path: string;
  /** Decoded names and values, in order, repeats kept; `raw` is the pair as sent. */
  readonly query: readonly { readonly name: string; readonly value: string; readonly raw: string }[];
}

export interface OperationMatch {
  readonly operation: OperationContract;
  /** Decoded values of the path template's parameters. */
  readonly pathParams: Readonly<Record<string, string>>;
}

export type MatchResult = { readonly match: OperationMatch } | { readonly problem: string };

export function parseTarget(target: string): ParsedTarget | { readonly problem: string } {
  const queryStart = target.indexOf("?");
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const queryText = queryStart < 0 ? "" : target.slice(queryStart + 1);
  const query: { name: string; value: string; raw: string }[] = [];
  for (const raw of queryText.split("&")) {
    if (raw === "") continue;
    const equals = raw.indexOf("=");
    try {
      // RFC 3986 decoding: "+" stays "+" (the check on raw "+" is separate).
      query.push({
        name: decodeURIComponent(equals < 0 ? raw : raw.slice(0, equals)),
        value: equals < 0 ? "" : decodeURIComponent(raw.slice(equals + 1)),
        raw,
      });
    } catch {
      return { problem: `malformed percent-encoding in query parameter ${JSON.stringify(raw)}` };
    }
  }
  return { path, query };
}

export class OperationMatcher {
  readonly #patterns = new Map<ServerObject, RegExp>();

  constructor(private readonly operations: readonly OperationContract[]) {}

  match(method: string, url: string, target: ParsedTarget): MatchResult {
    const queryValues = new Map<string, string[]>();
    for (const { name, value } of target.query) queryValues.set(name, [...(queryValues.get(name) ?? []), value]);
    const fits: OperationMatch[] = [];
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const fixedOk = Object.entries(operation.fixedQuery).every(([name, value]) => {
        const values = queryValues.get(name);
        return values?.length === 1 && values[0] === value;
      });
      if (!fixedOk) continue;
      for (const server of this.serverPatterns(operation.servers)) {
        const prefix = server.exec(url);
        if (!prefix) continue;
        const rest = url.slice(prefix[0].length).split("?", 1)[0]!;
        const pathParams = matchTemplate(operation.pathTemplate, rest === "" ? "/" : rest);
        if (pathParams) {
          fits.push({ operation, pathParams });
          break;
        }
      }
    }
    if (fits.length === 0) return { problem: `${method} ${url} matches no operation of the spec${this.nearMiss(method, url, queryValues)}` };
    const most = Math.max(...fits.map((fit) => Object.keys(fit.operation.fixedQuery).length));
    const best = fits.filter((fit) => Object.keys(fit.operation.fixedQuery).length === most);
    if (best.length > 1) return { problem: `${method} ${url} matches several operations: ${best.map((fit) => fit.operation.operationId).join(", ")}` };
    return { match: best[0]! };
  }

  /** Names an operation the request would match at another server URL (e.g. the secondary-only stats). */
  private nearMiss(method: string, url: string, queryValues: ReadonlyMap<string, string[]>): string {
    const allServers = [...new Set(this.operations.flatMap((operation) => operation.servers))];
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      if (!Object.entries(operation.fixedQuery).every(([name, value]) => queryValues.get(name)?.[0] === value)) continue;
      for (const server of this.serverPatterns(allServers)) {
        const prefix = server.exec(url);
        const rest = prefix ? url.slice(prefix[0].length).split("?", 1)[0]! : undefined;
        if (rest !== undefined && matchTemplate(operation.pathTemplate, rest === "" ? "/" : rest)) {
          return ` (${operation.operationId} fits but is served only at ${operation.servers.map((s) => s.url).join(" or ")})`;
        }
      }
    }
    return "";
  }

  private serverPatterns(servers: readonly ServerObject[]): RegExp[] {
    return servers.map((server) => {
      let pattern = this.#patterns.get(server);
      if (!pattern) {
        pattern = serverPattern(server);
        this.#patterns.set(server, pattern);
      }
      return pattern;
    });
  }
}

/** A server URL template as a prefix pattern: a variable is one of its `enum` values, or any text up to `/` or `?`. */
function serverPattern(server: ServerObject): RegExp {
  const source = server.url
    .replace(/\/$/, "")
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const variable = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (variable === undefined) return escapeRegExp(part);
      const values = server.variables?.[variable]?.enum;
      return values ? `(?:${values.map(escapeRegExp).join("|")})` : "[^/?#]+";
    })
    .join("");
  return new RegExp(`^${source}(?=[/?]|$)`);
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const templateSegments = template.split("/");
  const pathSegments = path.split("/");
  if (templateSegments.length !== pathSegments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of templateSegments.entries()) {
    const actual = pathSegments[i]!;
    const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== actual) return undefined;
      continue;
    }
    if (actual === "") return undefined;
    try {
      params[name] = decodeURIComponent(actual);
    } catch {
      return undefined;
    }
  }
  return params;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
