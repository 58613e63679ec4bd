import type { RequestHandler } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { sendGraphQLError } from '@funds/graphql-kit';
import type { QueryLimits } from './config';

/**
 * Query limits checked before planning: a request over any of them is refused with
 * GRAPHQL_VALIDATION_FAILED (depth, aliases, directives) or GRAPHQL_PARSE_FAILED (tokens), HTTP 400,
 * and nothing reaches a subgraph. Introspection is exempt from the depth limit. The cost and page
 * size limits need the variables' values, so they are checked once the operation is resolved
 * (see cost.ts). The values are settings (QUERY_MAX_*, packages/config).
 */
export function queryLimits(limits: QueryLimits): ReturnType<ApolloArmor['protect']> {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    // Armor sees only literals (first: $n, or no first, counted as one item): see costWithin.
    costLimit: { enabled: false },
    maxAliases: { n: limits.maxAliases },
    // Tokens are counted by refuseTooManyTokens before Apollo: armor's parser hook is answered 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // Suggestions are Apollo's hideSchemaDetailsFromClientErrors and formatGatewayError's (FIELD_SUGGESTIONS).
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/** True when the query text has more than `max` tokens (counting stops there). */
export function exceedsTokens(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let n = 1; lexer.advance().kind !== TokenKind.EOF; n++) if (n > max) return true;
  } catch {
    return false; // a syntax error: the parser reports it with its position
  }
  return false;
}

/** Refuses, with HTTP 400 and GRAPHQL_PARSE_FAILED (in the media type the client accepts), a query longer than `max` tokens, before any parsing or planning. */
export function refuseTooManyTokens(max: number): RequestHandler {
  return (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query?.query;
    if (typeof query === 'string' && exceedsTokens(query, max)) {
      sendGraphQLError(req, res, 400, 'GRAPHQL_PARSE_FAILED', `Syntax Error: Token limit of ${max} exceeded.`);
      return;
    }
    next();
  };
}
