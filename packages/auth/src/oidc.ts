import { readFileSync } from 'node:fs';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { AuthError, Identity, assertValidIdentity, isRole } from './identity';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, verifyUserToken } from './tokens';
import type { AuthConfig } from './config';

/** Tokens from an OpenID Connect issuer, verified with `jose` against the issuer's JWKS. */
export interface OidcConfig {
  /** OIDC_ISSUER: the exact `iss` tokens must carry. */
  issuer: string;
  /** OIDC_AUDIENCE: the `aud` tokens must carry (not checked when unset). */
  audience?: string;
  /** OIDC_JWKS_URL: fetched and cached; refetched when a token names an unknown `kid`. */
  jwksUrl?: string;
  /** Least time between two fetches of the JWKS URL (jose's default, 30 s, when unset). */
  jwksCooldownSeconds?: number;
  /** OIDC_JWKS_FILE: a local JWKS (read once at start). */
  jwksFile?: string;
  /** A JWKS given directly (tests). */
  jwks?: JSONWebKeySet;
  /** OIDC_CLOCK_TOLERANCE_SECONDS: skew allowed on exp/nbf/iat; default 60. */
  clockToleranceSeconds?: number;
  /** OIDC_ROLE_CLAIM: dotted path of the role claim; default `funds_role`. */
  roleClaim?: string;
  /** OIDC_NODE_CLAIM: dotted path of the scope node claim; default `funds_node`. */
  nodeClaim?: string;
}

export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;

/** jose is ESM-only: loaded with import() so this CommonJS package can use it. */
const loadJose = () => import('jose');

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function headerAlg(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

function refuse(reason: string): AuthError {
  return new AuthError('INVALID_TOKEN', `The token was refused: ${reason}`);
}

export type UserTokenVerifier = (token: string) => Promise<Identity>;

/** Whether HS256 development tokens are accepted: AUTH_DEV_TOKENS, else only when no OIDC issuer is set. */
export function devTokensEnabled(auth: AuthConfig): boolean {
  return auth.devTokens ?? !auth.oidc;
}

/**
 * Verifies a user token: RS256/ES256 tokens against the OIDC issuer's keys (chosen by `kid`),
 * HS256 development tokens when enabled; anything else is INVALID_TOKEN.
 */
export function createUserTokenVerifier(auth: AuthConfig): UserTokenVerifier {
  const maxLifetime = auth.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const oidc = auth.oidc;
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const getKeys = (config: OidcConfig) =>
    (keys ??= loadJose().then((jose) => {
      if (config.jwksUrl)
        return jose.createRemoteJWKSet(new URL(config.jwksUrl), {
          cooldownDuration: config.jwksCooldownSeconds === undefined ? undefined : config.jwksCooldownSeconds * 1000,
        });
      const jwks = config.jwks ?? (JSON.parse(readFileSync(config.jwksFile ?? '', 'utf8')) as JSONWebKeySet);
      return jose.createLocalJWKSet(jwks);
    }));

  return async (token) => {
    const alg = headerAlg(token);
    if (alg === 'HS256' && devTokensEnabled(auth)) return verifyUserToken(token, auth.userTokenSecret, maxLifetime);
    if (!oidc || !(OIDC_ALGORITHMS as readonly string[]).includes(alg ?? '')) {
      throw refuse(`tokens signed with ${alg ?? 'an unknown algorithm'} are not accepted`);
    }
    const jose = await loadJose();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, await getKeys(oidc), {
        algorithms: [...OIDC_ALGORITHMS],
        issuer: oidc.issuer,
        audience: oidc.audience,
        clockTolerance: oidc.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw refuse(error instanceof jose.errors.JWTExpired ? 'it has expired' : 'its signature or claims are not valid');
    }
    const exp = payload.exp as number;
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
    if (exp - issuedAt > maxLifetime) throw refuse(`it is valid for longer than the maximum of ${maxLifetime} s (from iat to exp)`);
    const role = claimAt(payload, oidc.roleClaim ?? 'funds_role');
    if (role === undefined) throw refuse(`it has no role claim '${oidc.roleClaim ?? 'funds_role'}'`);
    if (!isRole(role)) throw refuse(`unknown role '${String(role)}'`);
    const node = claimAt(payload, oidc.nodeClaim ?? 'funds_node');
    return assertValidIdentity({ subject: String(payload.sub ?? ''), role, scopeNodeId: typeof node === 'string' ? node : null });
  };
}
