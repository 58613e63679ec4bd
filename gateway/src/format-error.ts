import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Errors the gateway itself raises about the request; their messages are about the client's input. */
const GATEWAY_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
]);

/** Extensions a subgraph's own error formatter sets; everything else (serviceName, ...) is dropped. */
const SUBGRAPH_EXTENSIONS = ['code', 'field', 'details'] as const;

/**
 * The public shape of every error. Subgraph errors arrive already cleaned by their own
 * formatter: keep their message and `code`/`field`/`details`. The gateway's own request errors
 * keep their message and code. Anything else (a subgraph that cannot be reached, a failure in
 * the gateway) is logged and answered as INTERNAL_SERVER_ERROR without internals.
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void = console.error,
): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const fromSubgraph = typeof extensions.serviceName === 'string' && !extensions.response;
  if (fromSubgraph && code && code !== 'DOWNSTREAM_SERVICE_ERROR') {
    const kept = Object.fromEntries(
      SUBGRAPH_EXTENSIONS.filter((key) => extensions[key] !== undefined).map((key) => [key, extensions[key]]),
    );
    return { ...base, extensions: kept };
  }
  // A subgraph that refused the caller's identity (e.g. a token scoped to a node that does not
  // exist) answers HTTP 401 with a coded GraphQL error in its body: pass that code on.
  const refused = subgraphAuthRefusal(extensions.response);
  if (refused) return { ...base, message: refused.message, extensions: { code: refused.code } };
  if (!fromSubgraph && !extensions.response && code && GATEWAY_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  log(unwrapResolverError(error));
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

const SUBGRAPH_AUTH_CODES = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'NOT_FROM_GATEWAY']);

function subgraphAuthRefusal(response: unknown): { code: string; message: string } | null {
  const r = response as { status?: number; body?: { errors?: { message?: string; extensions?: { code?: string } }[] } } | undefined;
  const first = r?.status === 401 ? r.body?.errors?.[0] : undefined;
  const code = first?.extensions?.code;
  return code && SUBGRAPH_AUTH_CODES.has(code) ? { code, message: first?.message ?? 'Refused' } : null;
}
