import jwt from 'jsonwebtoken';
import { AuthError, Identity, Role, assertValidIdentity } from './identity';

const ISSUER = 'funds-platform';
const USER_AUDIENCE = 'funds-gateway';
const GATEWAY_AUDIENCE = 'funds-subgraph';

/** Header carrying the gateway-signed identity to subgraphs. */
export const GATEWAY_IDENTITY_HEADER = 'x-gateway-identity';

interface Claims {
  role: Role;
  node?: string | null;
}

function toIdentity(payload: jwt.JwtPayload & Claims): Identity {
  return assertValidIdentity({
    subject: String(payload.sub ?? ''),
    role: payload.role,
    scopeNodeId: payload.node ?? null,
  });
}

function sign(identity: Identity, secret: string, audience: string, expiresIn: number): string {
  const claims: Claims = { role: identity.role, node: identity.scopeNodeId };
  return jwt.sign(claims, secret, { algorithm: 'HS256', issuer: ISSUER, audience, subject: identity.subject, expiresIn });
}

function verify(token: string, secret: string, audience: string, failure: 'INVALID_TOKEN' | 'NOT_FROM_GATEWAY'): Identity {
  let payload: jwt.JwtPayload & Claims;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER, audience }) as jwt.JwtPayload & Claims;
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? 'it has expired' : 'its signature or claims are not valid';
    throw new AuthError(failure, `The token was refused: ${reason}`);
  }
  return toIdentity(payload);
}

/** A token for a person or partner app, presented as `Authorization: Bearer <token>`. */
export function signUserToken(identity: Identity, secret: string, expiresInSeconds = 8 * 3600): string {
  return sign(assertValidIdentity(identity), secret, USER_AUDIENCE, expiresInSeconds);
}

export function verifyUserToken(token: string, secret: string): Identity {
  return verify(token, secret, USER_AUDIENCE, 'INVALID_TOKEN');
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
  return verify(token, secret, GATEWAY_AUDIENCE, 'NOT_FROM_GATEWAY');
}
