import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { logInternalError } from '@funds/graphql-kit';
import { GatewayRefusal } from './refusal';

/** Errors Apollo raises about the request; their messages are about the client's input. */
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

/** Extensions a subgraph's own error formatter sets; everything else (serviceName, response, ...) is dropped. */
const PUBLIC_EXTENSIONS = ['code', 'field', 'details'] as const;

/** Codes that say only "something broke": never passed on as if they were about the request. */
const UNCODED = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

function publicExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PUBLIC_EXTENSIONS.filter((key) => extensions[key] !== undefined).map((key) => [key, extensions[key]]));
}

/**
 * The public shape of every error. The gateway's own refusals (GatewayRefusal) and Apollo's
 * request errors keep their message and code (`field`/`details` too for refusals). Subgraph
 * errors arrive already cleaned by their own formatter: keep their message and
 * `code`/`field`/`details`, whether the subgraph answered HTTP 200 or refused the whole fetch
 * with a 4xx and a coded body (e.g. INVALID_DECIMAL at variable coercion, INVALID_TOKEN).
 * Anything else (a subgraph that cannot be reached, a failure in the gateway) is logged and
 * answered as INTERNAL_SERVER_ERROR without internals: no URL, no subgraph name, no stack.
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void = logInternalError,
): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (error instanceof GatewayRefusal) return { ...base, extensions: publicExtensions(extensions) };
  const fromSubgraph = typeof extensions.serviceName === 'string' && !extensions.response;
  if (fromSubgraph && code && !UNCODED.has(code)) return { ...base, extensions: publicExtensions(extensions) };
  const refused = subgraphRefusal(extensions.response);
  if (refused) return { ...base, message: refused.message, extensions: refused.extensions };
  if (!fromSubgraph && !extensions.response && code && GATEWAY_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  // A subgraph's failure arrives as a GraphQL error wrapping a plain object: log the error itself then.
  const original = unwrapResolverError(error);
  log(original instanceof Error ? original : error);
  if (unreachable(error)) {
    return {
      message: 'A service behind the gateway could not be reached; try again in a moment',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

interface SubgraphResponse {
  status?: number;
  body?: { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] };
}

/**
 * A subgraph that refused the whole fetch (HTTP 4xx, e.g. a variable its scalar rejects, or an
 * identity it does not accept) answers with a coded GraphQL error in its body; the gateway's
 * data source turns that into "400: Bad Request". Pass the subgraph's first coded error on.
 */
function subgraphRefusal(response: unknown): { message: string; extensions: Record<string, unknown> } | null {
  const r = response as SubgraphResponse | undefined;
  if (!r || typeof r.status !== 'number' || r.status < 400 || r.status >= 500) return null;
  const first = Array.isArray(r.body?.errors) ? r.body.errors[0] : undefined;
  const code = first?.extensions?.code;
  if (typeof code !== 'string' || UNCODED.has(code) || typeof first?.message !== 'string') return null;
  return { message: first.message, extensions: publicExtensions(first.extensions ?? {}) };
}

/**
 * Network failures of a subgraph fetch (refused, reset, unreachable): the request may be retried.
 * Node's fetch (undici) wraps them in `TypeError: fetch failed` with the system error, or its own
 * (a connection the subgraph closed mid-answer: UND_ERR_SOCKET), as `cause`.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether the error, or one it wraps (originalError, cause), is a subgraph that could not be reached. */
export function unreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; errno?: unknown; type?: unknown; message?: unknown; originalError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.errno === 'string' && NETWORK_CODES.has(e.errno)) return true;
  if (e.type === 'system' && typeof e.message === 'string' && /socket hang up|ECONN|EPIPE/.test(e.message)) return true;
  return unreachable(e.originalError, depth + 1) || unreachable(e.cause, depth + 1);
}
