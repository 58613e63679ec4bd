/** Who is calling, as verified at the gateway and forwarded to the subgraphs. */
export enum Role {
  NATIONAL_ADMIN = 'NATIONAL_ADMIN',
  REGIONAL_ADMIN = 'REGIONAL_ADMIN',
  FUND_OFFICER = 'FUND_OFFICER',
  DASHBOARD_VIEWER = 'DASHBOARD_VIEWER',
  /** A third-party client holding an API key; what it may do is its grants (never more than its node). */
  PARTNER_APP = 'PARTNER_APP',
}

/**
 * What a partner app's key allows, under its node:
 * - PORTFOLIO_READ: the hierarchy, its counts and portfolio figures; never members' personal data;
 * - FUND_WRITE: what a fund officer does in one fund (its node must be a fund).
 */
export enum PartnerGrant {
  PORTFOLIO_READ = 'PORTFOLIO_READ',
  FUND_WRITE = 'FUND_WRITE',
}

export const PARTNER_GRANTS: readonly PartnerGrant[] = Object.values(PartnerGrant);

export const ROLES: readonly Role[] = Object.values(Role);

export interface Identity {
  /** Stable id of the person or client. */
  subject: string;
  role: Role;
  /** The hierarchy node the identity is limited to; null only for national admins. */
  scopeNodeId: string | null;
  /** A partner app's grants (empty for people). */
  grants?: readonly PartnerGrant[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Checks the shape rules: every role but national admin needs a scope node. */
export function assertValidIdentity(identity: Identity): Identity {
  if (!identity.subject) throw new AuthError('INVALID_TOKEN', 'The token has no subject');
  if (!isRole(identity.role)) throw new AuthError('INVALID_TOKEN', `Unknown role '${String(identity.role)}'`);
  if (identity.role !== Role.NATIONAL_ADMIN && !identity.scopeNodeId) {
    throw new AuthError('INVALID_TOKEN', `Role ${identity.role} needs a scope node id`);
  }
  const grants = identity.grants ?? [];
  if (grants.some((g) => !(PARTNER_GRANTS as readonly string[]).includes(g))) {
    throw new AuthError('INVALID_TOKEN', `Unknown grant in ${JSON.stringify(grants)}`);
  }
  if ((identity.role === Role.PARTNER_APP) !== grants.length > 0) {
    throw new AuthError('INVALID_TOKEN', 'Grants belong to partner apps, and a partner app needs at least one');
  }
  return identity;
}

/** SERVICE_UNAVAILABLE: the token could not be checked (the identity provider's keys could not be fetched). */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'INVALID_TOKEN' | 'NOT_FROM_GATEWAY' | 'SERVICE_UNAVAILABLE';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
