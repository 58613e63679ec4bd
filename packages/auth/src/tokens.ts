import { KeyObject, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthError, Identity, PartnerGrant, Role, assertValidIdentity } from './identity';

const ISSUER = 'funds-platform';
const USER_AUDIENCE = 'funds-gateway';
const GATEWAY_AUDIENCE = 'funds-subgraph';

/** Header carrying the gateway-signed identity to subgraphs. */
export const GATEWAY_IDENTITY_HEADER = 'x-gateway-identity';

interface Claims {
  role: Role;
  node?: string | null;
  grants?: PartnerGrant[];
}

function toIdentity(payload: jwt.JwtPayload & Claims): Identity {
  return assertValidIdentity({
    subject: String(payload.sub ?? ''),
    role: payload.role,
    scopeNodeId: payload.node ?? null,
    ...(payload.grants ? { grants: payload.grants } : {}),
  });
}

function sign(identity: Identity, secret: string, audience: string, expiresIn: number): string {
  const claims: Claims = { role: identity.role, node: identity.scopeNodeId };
  if (identity.grants?.length) claims.grants = [...identity.grants];
  return jwt.sign(claims, secretKey(secret), { algorithm: 'HS256', issuer: ISSUER, audience, subject: identity.subject, expiresIn });
}

/** The longest a user token may be valid (exp - iat) unless configured: one day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/** The gateway signs identities for 60 s; a subgraph accepts none valid for longer than this. */
const MAX_GATEWAY_IDENTITY_LIFETIME_SECONDS = 300;

function describeSeconds(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function verify(
  token: string,
  secret: string,
  audience: string,
  failure: 'INVALID_TOKEN' | 'NOT_FROM_GATEWAY',
  maxLifetimeSeconds: number,
): Identity {
  let payload: jwt.JwtPayload & Claims;
  try {
    payload = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], issuer: ISSUER, audience }) as jwt.JwtPayload & Claims;
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? 'it has expired' : 'its signature or claims are not valid';
    throw new AuthError(failure, `The token was refused: ${reason}`);
  }
  // A token without exp would never expire; one valid for longer than the maximum is refused
  // whole (not cut short), so whoever issued it notices.
  if (typeof payload.exp !== 'number') {
    throw new AuthError(failure, 'The token was refused: it has no expiry (exp); every token must expire');
  }
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (payload.exp - issuedAt > maxLifetimeSeconds) {
    throw new AuthError(
      failure,
      `The token was refused: it is valid for longer than the maximum of ${describeSeconds(maxLifetimeSeconds)} (from iat to exp)`,
    );
  }
  return toIdentity(payload);
}

/** A token for a person or partner app, presented as `Authorization: Bearer <token>`. */
export function signUserToken(identity: Identity, secret: string, expiresInSeconds = 8 * 3600): string {
  return sign(assertValidIdentity(identity), secret, USER_AUDIENCE, expiresInSeconds);
}

/**
 * The identity in a user token: signed with `secret`, not expired, with an `exp` at most
 * `maxLifetimeSeconds` after its `iat` (after now when it has none).
 */
export function verifyUserToken(token: string, secret: string, maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS): Identity {
  return verify(token, secret, USER_AUDIENCE, 'INVALID_TOKEN', maxLifetimeSeconds);
}

/** Reads `Bearer <token>` from an Authorization header; null when absent. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AuthError('INVALID_TOKEN', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** The identity the gateway forwards: short-lived, signed with the gateway's own secret. */
export function signGatewayIdentity(identity: Identity, secret: string): string {
  return sign(identity, secret, GATEWAY_AUDIENCE, 60);
}

export function verifyGatewayIdentity(token: string, secret: string): Identity {
  return verify(token, secret, GATEWAY_AUDIENCE, 'NOT_FROM_GATEWAY', MAX_GATEWAY_IDENTITY_LIFETIME_SECONDS);
}

/**
 * The HS256 key of a secret, made once per secret: jsonwebtoken would otherwise build a key object
 * from the string on every sign and verify (measured: a tenth of the gateway's CPU under load).
 */
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return key;
}
