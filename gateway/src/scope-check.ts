import { LRUCache } from 'lru-cache';
import { GATEWAY_IDENTITY_HEADER, Identity, signGatewayIdentity } from '@funds/auth';
import { logInternalError } from '@funds/graphql-kit';
import { GatewayRefusal } from './refusal';

export interface ScopeCheckOptions {
  /** The subgraph that owns the hierarchy and answers `viewer { scopeNode { id } }`; `membership` unless given. */
  subgraph?: string;
  /** How long an answer about a node is kept, in milliseconds; 60 s unless given. */
  ttlMs?: number;
  /** How many nodes' answers are kept at most (least recently used go first); 10,000 unless given. */
  maxEntries?: number;
  /** How long to wait for the subgraph, in milliseconds; 5 s unless given. */
  timeoutMs?: number;
}

/** The operation the check sends; subgraphs can tell it from client traffic by its name. */
export const SCOPE_CHECK_OPERATION = 'GatewayScopeCheck';
const SCOPE_CHECK_QUERY = `query ${SCOPE_CHECK_OPERATION} { viewer { scopeNode { id } } }`;

interface CheckContext {
  identity: Identity;
  requestId: string;
}

/**
 * Refuses a token whose scope node does not exist, for every operation, whichever subgraph it
 * would go to (only the membership subgraph knew, and the others served the token). The gateway
 * asks the hierarchy's subgraph once per node and role, with the caller's identity signed as for any
 * fetch, and keeps the answer for a short time in a bounded LRU cache; concurrent requests for
 * one node share one question.
 *
 * - the node exists: the request goes on;
 * - the subgraph refuses the identity with 401 INVALID_TOKEN, or has no such node: 401 INVALID_TOKEN;
 * - no clear answer (unreachable, timeout, 5xx, errors): 503 SERVICE_UNAVAILABLE, not kept, so
 *   a database outage is never reported as a bad token.
 */
export class ScopeNodeCheck {
  private readonly known: LRUCache<string, boolean, CheckContext>;

  constructor(
    private readonly url: string,
    private readonly gatewaySecret: string,
    options: ScopeCheckOptions = {},
    private readonly log: (message: string, error?: unknown) => void = (_message, error) => logInternalError(error),
  ) {
    const timeoutMs = options.timeoutMs ?? 5000;
    this.known = new LRUCache<string, boolean, CheckContext>({
      max: options.maxEntries ?? 10_000,
      ttl: options.ttlMs ?? 60_000,
      fetchMethod: (_nodeId, _stale, { context }) => this.ask(context, timeoutMs),
    });
  }

  async assertScopeNodeExists(identity: Identity, requestId: string): Promise<void> {
    const nodeId = identity.scopeNodeId;
    if (!nodeId) return;
    let exists: boolean | undefined;
    try {
      // Kept per role and grants too: whether a node may be a scope depends on who is scoped to it
      // (a county is a regional admin's scope, never a fund officer's: SCOPE_LEVELS in @funds/auth).
      const key = `${identity.role}|${[...(identity.grants ?? [])].sort().join(',')}|${nodeId}`;
      exists = await this.known.fetch(key, { context: { identity, requestId } });
    } catch (error) {
      this.log(`the scope check of node ${nodeId} failed`, error);
      throw new GatewayRefusal('SERVICE_UNAVAILABLE', 'Your access cannot be checked right now; try again in a moment', 503, {
        headers: { 'retry-after': '5' },
      });
    }
    if (!exists)
      throw new GatewayRefusal(
        'INVALID_TOKEN',
        `The token's scope node ${nodeId} does not exist, or is not a level its role may be scoped to (docs/permissions.md, scope levels)`,
        401,
      );
  }

  /** True when the node exists, false when the subgraph says it does not; throws when there is no clear answer. */
  private async ask({ identity, requestId }: CheckContext, timeoutMs: number): Promise<boolean> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(identity, this.gatewaySecret),
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: SCOPE_CHECK_QUERY, operationName: SCOPE_CHECK_OPERATION }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => null)) as {
      data?: { viewer?: { scopeNode?: { id?: unknown } | null } | null } | null;
      errors?: { extensions?: { code?: unknown } }[];
    } | null;
    if (response.status === 401 && body?.errors?.[0]?.extensions?.code === 'INVALID_TOKEN') return false;
    if (response.status !== 200 || !body || body.errors?.length || !body.data?.viewer) {
      throw new Error(`unexpected answer (HTTP ${response.status}): ${JSON.stringify(body?.errors ?? body).slice(0, 500)}`);
    }
    return typeof body.data.viewer.scopeNode?.id === 'string';
  }
}
