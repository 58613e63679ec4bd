import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DocumentNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { AuthConfig, AuthError, Identity, UserTokenVerifier, bearerToken, createUserTokenVerifier } from '@funds/auth';
import { GatewayRefusal, RequestRule } from './refusal';
import { ApiKeyCheck, apiKeyOf } from './api-keys';

export interface GatewayContext {
  /** The verified caller; null for an anonymous request (allowed only for introspection). */
  identity: Identity | null;
  /** Sent to every subgraph as `x-request-id` and echoed in the response. */
  requestId: string;
  /** Aborts when the request's time limit is reached (deadline.ts); its subgraph fetches carry it. */
  signal?: AbortSignal;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

const verifiers = new WeakMap<AuthConfig, UserTokenVerifier>();

/**
 * One verifier per configuration, so the OIDC issuer's keys are fetched once and cached. The
 * gateway makes it at start, so a bad JWKS file stops it there.
 */
export function userTokenVerifier(auth: AuthConfig): UserTokenVerifier {
  let verifier = verifiers.get(auth);
  if (!verifier) verifiers.set(auth, (verifier = createUserTokenVerifier(auth)));
  return verifier;
}

/**
 * Reads `Authorization: Bearer <token>`, or a partner app's API key (`X-Api-Key`, or a Bearer
 * token starting `fk_`) when `apiKeys` is given. A token that is present but not valid is refused at
 * once (HTTP 401, INVALID_TOKEN; 503 SERVICE_UNAVAILABLE when the identity provider's keys cannot
 * be fetched to check it); no token gives an anonymous context.
 */
export async function createContext(headers: IncomingHttpHeaders, auth: AuthConfig, apiKeys?: ApiKeyCheck): Promise<GatewayContext> {
  const given = headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  try {
    // A partner app's API key (X-Api-Key, or a Bearer token starting fk_): checked by the membership subgraph.
    const key = apiKeys ? apiKeyOf(headers) : null;
    if (key) return { identity: await apiKeys!.check(key, headers, requestId), requestId };
    const token = bearerToken(headers.authorization);
    return { identity: token ? await userTokenVerifier(auth)(token) : null, requestId };
  } catch (error) {
    if (error instanceof AuthError) {
      const status = error.code === 'SERVICE_UNAVAILABLE' ? 503 : 401;
      throw new GatewayRefusal(error.code, error.message, status);
    }
    throw error;
  }
}

/** True when every root field, through fragments, is an introspection field (`__schema`, `__type`, `__typename`). */
export function isIntrospectionOnly(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const seen = new Set<string>();
  const check = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__');
      if (selection.kind === Kind.INLINE_FRAGMENT) return check(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return true;
      seen.add(name);
      const fragment = fragments.get(name);
      return fragment !== undefined && check(fragment);
    });
  return check(operation.selectionSet);
}

/**
 * Refuses, with HTTP 400 and OPERATION_RESOLUTION_FAILURE, a request whose operation cannot be
 * run: an `operationName` the document does not define, several operations and no
 * `operationName`, or a subscription (this API has none). Without this the gateway's planner
 * threw and the client got HTTP 500.
 */
export const runnableOperation: RequestRule<GatewayContext> = ({ operation, document, request }) => {
  const refuse = (message: string) => new GatewayRefusal('OPERATION_RESOLUTION_FAILURE', message, 400);
  if (!operation) {
    const named = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
    if (request.operationName) {
      throw refuse(`The document has no operation named "${request.operationName}"${named.length ? ` (it has ${named.join(', ')})` : ''}`);
    }
    throw refuse('The document has several operations: say which one to run with operationName');
  }
  if (operation.operation === 'subscription') {
    throw refuse('This API has no subscriptions: send a query or a mutation');
  }
};

/**
 * Refuses an anonymous operation that asks for data, before any subgraph is called. Pure
 * introspection stays open so the console's documentation pane works without a token.
 */
export const identityRequired: RequestRule<GatewayContext> = ({ contextValue, operation, document }) => {
  if (contextValue.identity || (operation && isIntrospectionOnly(operation, document))) return;
  throw new GatewayRefusal(
    'UNAUTHENTICATED',
    'Sign in: send "Authorization: Bearer <token>" (a development token comes from `npm run token -- <role> <nodeId>`)',
    401,
  );
};
