import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Query limits checked before planning: a request over any of them is refused with
 * GRAPHQL_VALIDATION_FAILED (depth, cost, aliases, directives) or GRAPHQL_PARSE_FAILED (tokens),
 * and nothing reaches a subgraph. Introspection is exempt from the depth and cost limits.
 *
 * Cost: every field costs 1 (2 with a selection), multiplied by the `first` of the lists it sits
 * in. Armor's default 1.5x-per-level factor is off (depth has its own limit) and inline
 * fragments add no level, so the console's BrowseCounty example (20 villages x 20 funds) costs
 * about 5,000; 100 x 100 x 100 nested pages cost over a million and are refused.
 */
export const QUERY_LIMITS = {
  maxDepth: { n: 12, flattenFragments: true },
  costLimit: { maxCost: 20000, depthCostFactor: 1, flattenFragments: true },
  maxAliases: { n: 30 },
  maxTokens: { n: 2000 },
  maxDirectives: { n: 50 },
} as const;

export function queryLimits(): ReturnType<ApolloArmor['protect']> {
  return new ApolloArmor({
    maxDepth: { ...QUERY_LIMITS.maxDepth },
    costLimit: { ...QUERY_LIMITS.costLimit },
    maxAliases: { ...QUERY_LIMITS.maxAliases },
    maxTokens: { ...QUERY_LIMITS.maxTokens },
    maxDirectives: { ...QUERY_LIMITS.maxDirectives },
  }).protect();
}
