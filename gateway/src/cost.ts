import { DocumentNode, GraphQLError, GraphQLSchema, getNamedType, getVariableValues, isCompositeType } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '@funds/graphql-kit';
import type { GatewayContext } from './context';
import { isIntrospectionOnly } from './context';
import { GatewayRefusal, RequestRule } from './refusal';

/** The most an operation may cost; BrowseCounty (20 villages x 20 funds) costs about 4,200. */
export const DEFAULT_MAX_COST = 20_000;

/**
 * What one field costs: 1 for a scalar or enum, 2 for an object, plus the cost of what is
 * selected under it multiplied by the page it asks for: `first` (or `last`) as the request gives
 * it (a literal, a variable's value, the variable's default), else the default page size of
 * every paged list (DEFAULT_PAGE_SIZE). Introspection fields cost nothing. Lists without
 * paging arguments (ancestry, officers, formation steps) are small and count once.
 */
export const pageCostEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const own = isCompositeType(getNamedType(field.type)) ? 2 : 1;
  const paged = field.args.some((arg) => arg.name === 'first' || arg.name === 'last');
  const asked = [args.first, args.last].find((n): n is number => typeof n === 'number');
  const page = paged ? Math.max(asked ?? DEFAULT_PAGE_SIZE, 0) : 1;
  return own + page * childComplexity;
};

/**
 * The cost of the operation `operationName` (or the only one) of `document` with these
 * variables. Throws a GraphQLError when the variables do not fit the operation.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string,
): number {
  return getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [pageCostEstimator] });
}

/**
 * Refuses, with HTTP 400 and COST_LIMIT_EXCEEDED (details: cost, limit), an operation that
 * would cost more than `limit`, once the operation and its variables are known and before
 * planning. Replaces a cost limit that saw only literals, so `first: $n` or no `first` at all
 * was counted as one item.
 */
export function costWithin(limit: number): RequestRule<GatewayContext> {
  return ({ schema, document, operation, request }) => {
    if (!operation || isIntrospectionOnly(operation, document)) return;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
    if (coerced.errors) throw new GatewayRefusal('BAD_USER_INPUT', coerced.errors[0].message, 400);
    let cost: number;
    try {
      cost = operationCost(schema, document, request.variables, operation.name?.value);
    } catch (error) {
      // Too many fields (after fragments are expanded) to count at all.
      const message = error instanceof GraphQLError ? error.message : 'The operation is too large to count';
      throw new GatewayRefusal('COST_LIMIT_EXCEEDED', message, 400, { details: { limit } });
    }
    if (cost > limit) {
      throw new GatewayRefusal(
        'COST_LIMIT_EXCEEDED',
        `This operation would cost ${cost}, over the limit of ${limit}: ask for smaller pages (first) or fewer nested lists`,
        400,
        { details: { cost, limit } },
      );
    }
  };
}
