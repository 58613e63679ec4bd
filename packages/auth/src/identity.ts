/** Who is calling, as verified at the gateway and forwarded to the subgraphs. */
export enum Role {
  NATIONAL_ADMIN = 'NATIONAL_ADMIN',
  REGIONAL_ADMIN = 'REGIONAL_ADMIN',
  FUND_OFFICER = 'FUND_OFFICER',
  DASHBOARD_VIEWER = 'DASHBOARD_VIEWER',
}

export const ROLES: readonly Role[] = Object.values(Role);

export interface Identity {
  /** Stable id of the person or client. */
  subject: string;
  role: Role;
  /** The hierarchy node the identity is limited to; null only for national admins. */
  scopeNodeId: string | null;
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
