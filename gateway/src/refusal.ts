import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from '@apollo/server';

/**
 * A request the gateway itself refuses, with an HTTP status and a code a client can act on
 * (`field` and `details` when they help). formatGatewayError passes these through as they are;
 * nothing else the gateway raises reaches a client unmasked.
 */
export class GatewayRefusal extends GraphQLError {
  constructor(
    code: string,
    message: string,
    status: number,
    extra: { field?: string; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    // Apollo reads extensions.http (status, and headers as a Map) for the response, then drops it.
    const http = { status, ...(extra.headers ? { headers: new HeaderMap(Object.entries(extra.headers)) } : {}) };
    const extensions: Record<string, unknown> = {
      code,
      ...(extra.field ? { field: extra.field } : {}),
      ...(extra.details ? { details: extra.details } : {}),
      http,
    };
    super(message, { extensions });
    this.name = 'GatewayRefusal';
  }
}

/** One check of a resolved operation, before planning; throws a GatewayRefusal to refuse it. */
export type RequestRule<C extends BaseContext> = (request: GraphQLRequestContextDidResolveOperation<C>) => void | Promise<void>;

/**
 * Runs `rules` in order once the operation is resolved (variables known, nothing planned or
 * sent to a subgraph yet); the first refusal is the answer. One plugin, so the order is the
 * order written here, not the order Apollo happens to settle several plugins' promises in.
 */
export function requestRulesPlugin<C extends BaseContext>(rules: RequestRule<C>[]): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(request) {
          for (const rule of rules) await rule(request);
        },
      };
    },
  };
}
