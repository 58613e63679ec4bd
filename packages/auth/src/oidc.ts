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
  /**
   * OIDC_JWKS_URL: fetched and cached; refetched when a token names an unknown `kid`. Without it
   * (and without a file), the issuer's discovery document (`/.well-known/openid-configuration`)
   * names it.
   */
  jwksUrl?: string;
  /** Least time between two fetches of the JWKS URL (jose's default, 30 s, when unset). */
  jwksCooldownSeconds?: number;
  /** OIDC_JWKS_FILE: a local JWKS, read when the verifier is made (at start). */
  jwksFile?: string;
  /** A JWKS given directly (tests). */
  jwks?: JSONWebKeySet;
  /** OIDC_CLOCK_TOLERANCE_SECONDS: skew allowed on exp/nbf/iat; default 60. */
  clockToleranceSeconds?: number;
  /** OIDC_ROLE_CLAIM: the role claim's name, or a dotted path to it; default `funds_role`. */
  roleClaim?: string;
  /** OIDC_NODE_CLAIM: the scope node claim's name, or a dotted path to it; default `funds_node`. */
  nodeClaim?: string;
}

export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;

/** jose is ESM-only: loaded with import() so this CommonJS package can use it. */
const loadJose = () => import('jose');

/**
 * The claim `path` names: a claim of exactly that name (namespaced claims such as
 * `https://funds.example.org/role` hold dots), else the dotted path into nested objects
 * (`realm_access.funds_role`).
 */
export function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The issuer's JWKS URL from its OpenID Connect discovery document, whose `issuer` must be the
 * configured issuer exactly (OpenID Connect Discovery 1.0, section 4.3).
 */
export async function discoverJwksUrl(issuer: string, timeoutMs = 5000): Promise<URL> {
  const address = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(address, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`OIDC discovery: ${address} answered HTTP ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuer) {
    throw new Error(`OIDC discovery: ${address} names the issuer ${JSON.stringify(document.issuer)}, not ${JSON.stringify(issuer)}`);
  }
  if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri)) {
    throw new Error(`OIDC discovery: ${address} has no http(s) jwks_uri`);
  }
  return new URL(document.jwks_uri);
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
/** Why jose refused a token, in words for its holder; null when the token is not at fault (the keys could not be fetched). */
function tokenFault(jose: Awaited<ReturnType<typeof loadJose>>, error: unknown): string | null {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'it was issued by another issuer (iss)';
    if (error.claim === 'aud') return 'it is meant for another audience (aud)';
    if (error.claim === 'exp' && error.reason === 'missing') return 'it has no expiry (exp); every token must expire';
    if (error.claim === 'nbf') return 'it is not valid yet (nbf)';
    return `its claim ${error.claim} is not valid (${error.reason})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return "its key (kid) is not one of the issuer's current keys";
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature is not valid';
  if (
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'it is not a well-formed token signed with RS256 or ES256';
  }
  return null;
}

/**
 * Verifies a user token: RS256/ES256 tokens against the OIDC issuer's keys (chosen by `kid`),
 * HS256 development tokens when enabled; anything else is INVALID_TOKEN. When the issuer's keys
 * cannot be fetched, SERVICE_UNAVAILABLE (the token may well be good). A JWKS file is read here,
 * so a bad one stops the gateway at start.
 */
export function createUserTokenVerifier(auth: AuthConfig): UserTokenVerifier {
  const maxLifetime = auth.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const oidc = auth.oidc;
  const localJwks = oidc?.jwks ?? (oidc?.jwksFile ? readJwksFile(oidc.jwksFile) : undefined);
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const getKeys = (config: OidcConfig) => {
    keys ??= loadJose().then(async (jose) => {
      if (localJwks) return jose.createLocalJWKSet(localJwks);
      const url = config.jwksUrl ? new URL(config.jwksUrl) : await discoverJwksUrl(config.issuer);
      return jose.createRemoteJWKSet(url, {
        cooldownDuration: config.jwksCooldownSeconds === undefined ? undefined : config.jwksCooldownSeconds * 1000,
      });
    });
    // A failed discovery is tried again by the next request.
    keys.catch(() => (keys = undefined));
    return keys;
  };

  return async (token) => {
    const alg = headerAlg(token);
    if (alg === 'HS256' && devTokensEnabled(auth)) return verifyUserToken(token, auth.userTokenSecret, maxLifetime);
    if (!oidc || !(OIDC_ALGORITHMS as readonly string[]).includes(alg ?? '')) {
      const accepted = [...(oidc ? OIDC_ALGORITHMS : []), ...(devTokensEnabled(auth) ? ['HS256'] : [])].join(', ');
      throw refuse(`tokens signed with ${alg ?? 'an unknown algorithm'} are not accepted (accepted: ${accepted || 'none'})`);
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
      const fault = tokenFault(jose, error);
      if (fault) throw refuse(fault);
      throw new AuthError('SERVICE_UNAVAILABLE', "The identity provider's keys could not be fetched to check the token; try again shortly");
    }
    const exp = payload.exp as number;
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
    if (exp - issuedAt > maxLifetime) throw refuse(`it is valid for longer than the maximum of ${maxLifetime} s (from iat to exp)`);
    const roleClaim = oidc.roleClaim ?? 'funds_role';
    const role = claimAt(payload, roleClaim);
    if (role === undefined) throw refuse(`it has no role claim '${roleClaim}'`);
    if (!isRole(role)) throw refuse(`unknown role '${String(role)}' in claim '${roleClaim}'`);
    const node = claimAt(payload, oidc.nodeClaim ?? 'funds_node');
    if (typeof payload.sub !== 'string' || !payload.sub) throw refuse('it has no subject (sub)');
    return assertValidIdentity({ subject: payload.sub, role, scopeNodeId: typeof node === 'string' && node ? node : null });
  };
}

function readJwksFile(path: string): JSONWebKeySet {
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new Error(`OIDC_JWKS_FILE ${path} could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0)
    throw new Error(`OIDC_JWKS_FILE ${path} holds no keys ({ "keys": [...] })`);
  return jwks;
}
