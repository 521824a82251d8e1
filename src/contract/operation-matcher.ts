/**
 * Finds the one operation of the spec a request is for. The account URL comes first: path-style
 * (`http://127.0.0.1:10001/devstoreaccount1/...`) when the host is an IP address or `localhost`, host-style
 * (`https://acct.queue.core.windows.net/...`) otherwise, as the official SDKs decide. Only the spec's servers of
 * that style are tried, so that a host-style URL's first path segment is never read as an account (which made
 * `DELETE /{queue}/messages` look like Delete Queue). Then the method, the path template (a parameter is one whole
 * segment, never spanning a `/`) and the discriminators fixed by the path key (`comp`, `restype`, `peekonly`); when
 * several operations fit, the one that fixes the most query parameters wins; a tie is an ambiguity of the spec.
 */
import type { OperationContract, ServerObject } from "./openapi-document.js";

export interface QueryPair {
  /** Decoded name and value. */
  readonly name: string;
  readonly value: string;
  /** The pair as sent. */
  readonly raw: string;
}

export interface ParsedTarget {
  /** Still percent-encoded. */
  readonly path: string;
  /** In order, repeats kept. */
  readonly query: readonly QueryPair[];
}

export interface OperationMatch {
  readonly operation: OperationContract;
  /** Decoded values of the path template's parameters. */
  readonly pathParams: Readonly<Record<string, string>>;
}

export type MatchResult = { readonly match: OperationMatch } | { readonly problem: string; readonly path: "method" | "url" };

/**
 * @example
 * parseTarget("/jobs/messages?numofmessages=5"); // { path: "/jobs/messages", query: [{ name: "numofmessages", value: "5", raw: "numofmessages=5" }] }
 */
export function parseTarget(target: string): ParsedTarget | { readonly problem: string } {
  const queryStart = target.indexOf("?");
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const queryText = queryStart < 0 ? "" : target.slice(queryStart + 1);
  const query: QueryPair[] = [];
  for (const raw of queryText.split("&")) {
    if (raw === "") continue;
    const equals = raw.indexOf("=");
    try {
      // RFC 3986 decoding: "+" stays "+" (a raw "+" is reported by the query check).
      query.push({ name: decodeURIComponent(equals < 0 ? raw : raw.slice(0, equals)), value: equals < 0 ? "" : decodeURIComponent(raw.slice(equals + 1)), raw });
    } catch {
      return { problem: `malformed percent-encoding in query parameter ${JSON.stringify(raw)}` };
    }
  }
  return { path, query };
}

/** Path-style addressing, as the official SDKs decide it: an IP address (v4 or v6) or `localhost`. */
export function isPathStyleHost(hostname: string): boolean {
  return hostname === "localhost" || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith("[");
}

// A path-style server URL starts with its host variable; a host-style one puts the account in the host.
const PATH_STYLE_SERVER = /^(?:\{[^}]+\}|https?):\/\/\{host\}\//;

export class OperationMatcher {
  readonly #operations: readonly OperationContract[];
  readonly #patterns = new Map<ServerObject, RegExp>();

  constructor(operations: readonly OperationContract[]) {
    this.#operations = operations;
  }

  /** `url` is the request's URL without its query; `target` its path and query as sent. */
  match(method: string, url: URL, target: ParsedTarget): MatchResult {
    const pathStyle = isPathStyleHost(url.hostname);
    const base = `${url.protocol}//${url.host}${target.path}`;
    const queryValues = new Map<string, string[]>();
    for (const { name, value } of target.query) queryValues.set(name, [...(queryValues.get(name) ?? []), value]);
    const fits: OperationMatch[] = [];
    // The path of some operation, but not with this method: the method is at fault, not the URL.
    let pathOfThisMethod = false;
    let pathOfOtherMethod = false;
    for (const operation of this.#operations) {
      const pathParams = this.#matchPath(operation, base, pathStyle);
      if (pathParams === undefined) continue;
      if (operation.method !== method) {
        pathOfOtherMethod = true;
        continue;
      }
      pathOfThisMethod = true;
      const fixedOk = Object.entries(operation.fixedQuery).every(([name, value]) => {
        const values = queryValues.get(name);
        return values?.length === 1 && values[0] === value;
      });
      if (fixedOk) fits.push({ operation, pathParams });
    }
    if (fits.length === 0) {
      const where = `${method} ${base}`;
      if (pathOfOtherMethod && !pathOfThisMethod) return { problem: `no operation of the spec takes ${method} at ${base}`, path: "method" };
      return { problem: `${where} matches no operation of the spec${this.#nearMiss(method, base, pathStyle, queryValues)}`, path: "url" };
    }
    const most = Math.max(...fits.map((fit) => Object.keys(fit.operation.fixedQuery).length));
    const best = fits.filter((fit) => Object.keys(fit.operation.fixedQuery).length === most);
    if (best.length > 1) {
      return { problem: `${method} ${base} matches several operations: ${best.map((fit) => fit.operation.operationId).join(", ")}`, path: "url" };
    }
    return { match: best[0]! };
  }

  #matchPath(operation: OperationContract, base: string, pathStyle: boolean, servers = operation.servers): Record<string, string> | undefined {
    for (const server of servers) {
      if (PATH_STYLE_SERVER.test(server.url) !== pathStyle) continue;
      const prefix = this.#pattern(server).exec(base);
      if (!prefix) continue;
      const rest = base.slice(prefix[0].length);
      const params = matchTemplate(operation.pathTemplate, rest === "" ? "/" : rest);
      if (params) return params;
    }
    return undefined;
  }

  /** Names an operation the request would match at another server URL (e.g. the secondary-only statistics). */
  #nearMiss(method: string, base: string, pathStyle: boolean, queryValues: ReadonlyMap<string, string[]>): string {
    const allServers = [...new Set(this.#operations.flatMap((operation) => operation.servers))];
    for (const operation of this.#operations) {
      if (operation.method !== method) continue;
      if (!Object.entries(operation.fixedQuery).every(([name, value]) => queryValues.get(name)?.[0] === value)) continue;
      if (this.#matchPath(operation, base, pathStyle, allServers)) {
        return ` (${operation.operationId} fits, but is served only at ${operation.servers.map((server) => server.url).join(" or ")})`;
      }
    }
    return "";
  }

  #pattern(server: ServerObject): RegExp {
    let pattern = this.#patterns.get(server);
    if (!pattern) {
      pattern = serverPattern(server);
      this.#patterns.set(server, pattern);
    }
    return pattern;
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
  return new RegExp(`^${source}(?=[/?]|$)`, "i");
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
