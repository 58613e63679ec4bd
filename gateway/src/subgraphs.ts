import { AsyncLocalStorage } from 'node:async_hooks';
import { Kind, parse } from 'graphql';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GATEWAY_IDENTITY_HEADER, signGatewayIdentity } from '@funds/auth';
import type { GatewayContext } from './context';

export interface SubgraphEndpoint {
  /** The subgraph's name in the supergraph (`@join__graph(name:)`), e.g. `savings_loan`. */
  name: string;
  url: string;
}

/**
 * The subgraphs a supergraph names (its `join__Graph` enum), with their URLs replaced by
 * `overrides[name]` when given.
 */
export function subgraphEndpoints(supergraphSdl: string, overrides: Record<string, string> = {}): SubgraphEndpoint[] {
  const graphEnum = parse(supergraphSdl).definitions.find(
    (definition) => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (!graphEnum || graphEnum.kind !== Kind.ENUM_TYPE_DEFINITION) throw new Error('The supergraph has no join__Graph enum');
  return (graphEnum.values ?? []).map((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const arg = (name: string) => {
      const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
      return node?.kind === Kind.STRING ? node.value : undefined;
    };
    const name = arg('name');
    const url = arg('url');
    if (!name || !url) throw new Error(`join__Graph.${value.name.value} has no name or url`);
    return { name, url: overrides[name] ?? url };
  });
}

/** The signal of the request a subgraph fetch is made for, while the data source processes it. */
const requestSignal = new AsyncLocalStorage<AbortSignal>();

type ProcessOptions = Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0];

/**
 * Sends each subgraph fetch with the caller's identity signed by the gateway (the subgraphs
 * trust nothing else) and the request id, so logs of one request can be joined. Each fetch carries
 * the request's signal: when the request's time limit is reached (deadline.ts) the fetches in
 * flight are aborted and no new one starts.
 */
export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly gatewaySecret: string,
  ) {
    // Node's own fetch (undici, keep-alive pooled) rather than the data source's default,
    // make-fetch-happen: that one goes through agent-base, which builds an Error's stack trace on
    // every request to tell http from https, and minipass streams (B5's gateway profile).
    super({ url, fetcher: fetch as unknown as RemoteGraphQLDataSource['fetcher'] });
    const fetcher = this.fetcher;
    this.fetcher = (input, init) => {
      const signal = requestSignal.getStore();
      return fetcher(input, signal ? { ...init, signal } : init);
    };
  }

  override process(options: ProcessOptions): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const signal = (options.context as Partial<GatewayContext>).signal;
    if (!signal) return super.process(options);
    signal.throwIfAborted();
    return requestSignal.run(signal, () => super.process(options));
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    const headers = request.http?.headers;
    if (!headers || !('identity' in context)) return;
    if (context.identity) headers.set(GATEWAY_IDENTITY_HEADER, signGatewayIdentity(context.identity, this.gatewaySecret));
    headers.set('x-request-id', context.requestId);
  }
}

export type DependencyState = 'ok' | 'down';

export interface SubgraphsHealth {
  /** True when every subgraph answered its /health with 200 in time. */
  healthy: boolean;
  /** Each subgraph's state by name. */
  subgraphs: Record<string, DependencyState>;
  /**
   * What is down, most precise first: `membership.database` when the subgraph answered and named
   * its own failing check, `membership` when it did not answer (stopped, unreachable, too slow).
   */
  down: string[];
}

/** The checks a subgraph's /health names as down (`{ checks: { database: 'down' } }`), if its body says. */
async function failingChecks(response: Response): Promise<string[]> {
  try {
    const body = (await response.json()) as { checks?: Record<string, unknown> } | null;
    const checks = body && typeof body.checks === 'object' && body.checks ? body.checks : {};
    return Object.keys(checks).filter((check) => checks[check] !== 'ok' && /^[a-z][\w-]{0,40}$/i.test(check));
  } catch {
    return [];
  }
}

/** Asks every subgraph's `/health` (same origin as its GraphQL URL); each must answer 200 in time. */
export async function checkSubgraphs(endpoints: SubgraphEndpoint[], timeoutMs = 2000): Promise<SubgraphsHealth> {
  const results = await Promise.all(
    endpoints.map(async ({ name, url }): Promise<{ name: string; down: string[] }> => {
      try {
        const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
        if (response.status === 200) {
          await response.body?.cancel();
          return { name, down: [] };
        }
        const checks = await failingChecks(response);
        return { name, down: checks.length ? checks.map((check) => `${name}.${check}`) : [name] };
      } catch {
        return { name, down: [name] };
      }
    }),
  );
  return {
    healthy: results.every((r) => r.down.length === 0),
    subgraphs: Object.fromEntries(results.map((r) => [r.name, r.down.length ? 'down' : 'ok'])),
    down: results.flatMap((r) => r.down),
  };
}
