/**
 * A second Azurite for bearer tokens: HTTPS with a self-signed certificate for 127.0.0.1/localhost made at test
 * time, and `--oauth basic`. Also crafts tokens that Azurite's basic OAuth check accepts.
 *
 * What Azurite 3.35 checks in basic mode (src/queue/authentication/QueueTokenAuthenticator.ts): the request is
 * HTTPS; the token decodes as a JWT (the signature is not verified); `iat`, `nbf` and `exp` are present and
 * `nbf <= now <= exp`; `iss` starts with a known Azure AD issuer (https://sts.windows.net/ and three sovereign
 * ones); `aud` is https://storage.azure.com (slash optional), the storage app id e406a681-f3d4-42a8-90b6-c2b029497af1,
 * or https://{account}.queue.core.windows.net (or a sovereign suffix) for this account. Scopes are not checked;
 * the access-policy operations skip token checks.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { generate } from "selfsigned";
import { Agent } from "undici";
import { startAzurite, type RunningAzurite } from "../../scripts/azurite.js";

export interface HttpsAzurite {
  readonly azurite: RunningAzurite;
  /** PEM of the self-signed certificate: the CA a client must trust. */
  readonly ca: string;
  /** An undici dispatcher that trusts `ca`. */
  readonly dispatcher: Agent;
  stop(): Promise<void>;
}

export async function startHttpsOAuthAzurite(): Promise<HttpsAzurite> {
  const directory = mkdtempSync(join(tmpdir(), "azqueue-tls-"));
  try {
    const pems = await generate([{ name: "commonName", value: "localhost" }], {
      keyType: "ec",
      algorithm: "sha256",
      notBeforeDate: new Date(Date.now() - 60 * 60 * 1000),
      notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    });
    const certPath = join(directory, "cert.pem");
    const keyPath = join(directory, "key.pem");
    writeFileSync(certPath, pems.cert);
    writeFileSync(keyPath, pems.private, { mode: 0o600 });
    const azurite = await startAzurite({ https: { certPath, keyPath }, oauth: "basic" });
    const dispatcher = new Agent({ connect: { ca: pems.cert } });
    return {
      azurite,
      ca: pems.cert,
      dispatcher,
      async stop() {
        await dispatcher.close();
        await azurite.stop();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

export interface TokenClaims {
  readonly aud?: string;
  readonly iss?: string;
  /** Seconds since the epoch. */
  readonly nbf?: number;
  readonly exp?: number;
  readonly iat?: number;
}

/** The real time in seconds, even while a test fakes `Date`: Azurite checks tokens against its own clock. */
export function realNowSeconds(): number {
  return Math.floor((performance.timeOrigin + performance.now()) / 1000);
}

/** An unsigned JWT ("alg": "none") with Azure AD's claims; Azurite's basic mode does not check signatures. */
export function craftToken(claims: TokenClaims = {}): string {
  const now = realNowSeconds();
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const payload = {
    aud: "https://storage.azure.com",
    iss: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    oid: "00000000-0000-4000-8000-000000000001",
    tid: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    // A unique claim, so every token differs and tests can tell which one a request carried.
    uti: crypto.randomUUID(),
    ...claims,
  };
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(payload)}.`;
}

/** A TokenCredential that mints tokens like Azure AD would, counting its calls. */
export class CountingCredential implements TokenCredential {
  calls = 0;
  readonly scopes: Array<string | string[]> = [];
  readonly issued: string[] = [];
  constructor(
    private readonly options: {
      /** Lifetime the credential reports, in seconds of the (possibly faked) `Date.now()`. */
      readonly lifetimeSeconds?: number;
      readonly refreshAfterSeconds?: number;
      readonly delayMs?: number;
      readonly claims?: TokenClaims;
      readonly fail?: () => Error | undefined;
    } = {},
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken | null> {
    this.calls++;
    this.scopes.push(scopes);
    if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    const failure = this.options.fail?.();
    if (failure) throw failure;
    const token = craftToken(this.options.claims);
    this.issued.push(token);
    const now = Date.now();
    return {
      token,
      expiresOnTimestamp: now + (this.options.lifetimeSeconds ?? 3600) * 1000,
      ...(this.options.refreshAfterSeconds !== undefined && { refreshAfterTimestamp: now + this.options.refreshAfterSeconds * 1000 }),
    };
  }
}
