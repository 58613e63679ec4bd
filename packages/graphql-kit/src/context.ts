import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthError, GATEWAY_IDENTITY_HEADER, Identity, verifyGatewayIdentity } from '@funds/auth';
import { LoaderRegistry } from './loaders';

export interface BaseContext {
  /** The verified caller, forwarded and signed by the gateway. */
  identity: Identity;
  loaders: LoaderRegistry;
  requestId: string;
}

/**
 * Reads the identity the gateway signed. A request that did not come through the gateway
 * (no header, or a header not signed with the gateway's secret) is refused: no token, no data.
 */
export function identityFromHeaders(headers: IncomingHttpHeaders, gatewaySecret: string): Identity {
  const raw = headers[GATEWAY_IDENTITY_HEADER];
  const token = Array.isArray(raw) ? raw[0] : raw;
  if (!token) throw new AuthError('UNAUTHENTICATED', 'Sign in: this request carries no identity from the gateway');
  return verifyGatewayIdentity(token, gatewaySecret);
}

export function baseContext(headers: IncomingHttpHeaders, gatewaySecret: string): BaseContext {
  const requestId = (headers['x-request-id'] as string | undefined) ?? randomUUID();
  return { identity: identityFromHeaders(headers, gatewaySecret), loaders: new LoaderRegistry(), requestId };
}
