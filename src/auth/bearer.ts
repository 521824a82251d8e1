/**
 * Bearer-token authorization from a `TokenCredential` (@azure/identity or anything shaped like it). Tokens are
 * cached and refreshed ahead of expiry, with one `getToken` in flight however many requests wait for it, and are
 * only ever sent over HTTPS.
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { STORAGE_SCOPE } from "../constants.js";
import { TokenCredentialError, ValidationError } from "../errors.js";
import type { Authorizer, WireRequest } from "../transport/types.js";
import { withHeader } from "../transport/wire-request.js";

/**
 * Below this many milliseconds of remaining life a cached token is not used at all: requests wait for a new one
 * rather than risk arriving with an expired token.
 */
const MINIMUM_REMAINING_LIFE_MS = 30_000;

export interface BearerAuthorizerOptions {
  /** The scope to ask for; default {@link STORAGE_SCOPE}. */
  readonly scope?: string;
  /**
   * How long before expiry to fetch a new token, when the token does not say (`refreshAfterTimestamp`). Until the
   * token really nears expiry, requests keep using it while the new one is fetched. Default 120 seconds.
   */
  readonly refreshBeforeExpirySeconds?: number;
}

/**
 * An authorizer that sets `Authorization: Bearer <token>` on each request.
 *
 * @throws ValidationError (rejects) for a request to a plain http:// URL, before any token is fetched.
 * @throws TokenCredentialError (rejects) when the credential cannot supply a token.
 * @example
 * import { DefaultAzureCredential } from "@azure/identity";
 * const authorize = createBearerAuthorizer(new DefaultAzureCredential());
 */
export function createBearerAuthorizer(credential: TokenCredential, options: BearerAuthorizerOptions = {}): Authorizer {
  if (credential === null || typeof credential !== "object" || typeof credential.getToken !== "function") {
    throw new ValidationError("token-credential", "the token credential must be an object with a getToken method");
  }
  const scope = options.scope ?? STORAGE_SCOPE;
  const refreshMarginMs = (options.refreshBeforeExpirySeconds ?? 120) * 1000;
  if (!Number.isFinite(refreshMarginMs) || refreshMarginMs < 0) {
    throw new ValidationError("refresh-before-expiry", "refreshBeforeExpirySeconds must be a number of seconds, 0 or more");
  }

  let cached: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;

  function fetchToken(): Promise<AccessToken> {
    inFlight ??= requestToken(credential, scope)
      .then((token) => {
        cached = token;
        return token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  async function currentToken(): Promise<string> {
    const now = Date.now();
    if (cached !== undefined && now < cached.expiresOnTimestamp - MINIMUM_REMAINING_LIFE_MS) {
      const refreshAt = cached.refreshAfterTimestamp ?? cached.expiresOnTimestamp - refreshMarginMs;
      // Still good: refresh in the background; a failure there is retried on the next request, and surfaces once
      // the token can no longer be used.
      if (now >= refreshAt) fetchToken().catch(() => undefined);
      return cached.token;
    }
    return (await fetchToken()).token;
  }

  return async function authorizeWithBearerToken(request: WireRequest): Promise<WireRequest> {
    if (!/^https:/i.test(request.url)) {
      throw new ValidationError("bearer-https", "bearer tokens are sent over HTTPS only, and this request URL is not https");
    }
    return withHeader(request, "Authorization", `Bearer ${await currentToken()}`);
  };
}

async function requestToken(credential: TokenCredential, scope: string): Promise<AccessToken> {
  let token: AccessToken | null;
  try {
    token = await credential.getToken(scope);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : "it threw a non-error value";
    throw new TokenCredentialError(`the token credential could not get a token for ${scope}: ${reason}`, { cause: error });
  }
  if (token === null || typeof token !== "object" || typeof token.token !== "string" || token.token === "") {
    throw new TokenCredentialError(`the token credential returned no token for ${scope}`);
  }
  if (!Number.isFinite(token.expiresOnTimestamp)) {
    throw new TokenCredentialError(`the token credential returned a token for ${scope} without an expiry time`);
  }
  return token;
}
