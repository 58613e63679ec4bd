import { DocumentNode, GraphQLError, GraphQLSchema, getNamedType, getVariableValues, isCompositeType } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, EXPORT_PAGE_FIELDS, EXPORT_PAGE_SIZE } from '@funds/graphql-kit';
import type { GatewayContext } from './context';
import { isIntrospectionOnly } from './context';
import { GatewayRefusal, RequestRule } from './refusal';

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

const EXPORT_FIELDS = new Set(EXPORT_PAGE_FIELDS);

/** The largest page of `Type.field`: EXPORT_PAGE_SIZE for the export lists (EXPORT_PAGE_FIELDS), else `maxPageSize`. */
export function pageLimitOf(coordinate: string, maxPageSize: number): number {
  return EXPORT_FIELDS.has(coordinate) ? EXPORT_PAGE_SIZE : maxPageSize;
}

/** The first paged field, in document order, whose `first` or `last` is over its limit (pageLimitOf). */
function oversizedPage(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  maxPageSize: number,
): { field: string; argument: 'first' | 'last'; size: number; limit: number } | null {
  let found: { field: string; argument: 'first' | 'last'; size: number; limit: number } | null = null;
  const estimator: ComplexityEstimator = ({ type, field, args }) => {
    const limit = pageLimitOf(`${type.name}.${field.name}`, maxPageSize);
    for (const argument of ['first', 'last'] as const) {
      const size = args[argument];
      if (!found && typeof size === 'number' && size > limit) found = { field: field.name, argument, size, limit };
    }
    return 0;
  };
  getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [estimator] });
  return found;
}

/**
 * Refuses, once the operation and its variables are known and before planning:
 * - with HTTP 400 and INVALID_PAGE_SIZE (field: first or last; details: field, size, limit), a page
 *   larger than `limits.maxPageSize` (a literal, a variable's value or its default), or than
 *   EXPORT_PAGE_SIZE on the export lists (EXPORT_PAGE_FIELDS);
 * - with HTTP 400 and COST_LIMIT_EXCEEDED (details: cost, limit), an operation that would cost
 *   more than `limits.maxCost`. Replaces a cost limit that saw only literals, so `first: $n` or no
 *   `first` at all was counted as one item.
 */
export function costWithin(limits: { maxCost: number; maxPageSize: number }): RequestRule<GatewayContext> {
  const limit = limits.maxCost;
  return ({ schema, document, operation, request }) => {
    if (!operation || isIntrospectionOnly(operation, document)) return;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
    if (coerced.errors) throw new GatewayRefusal('BAD_USER_INPUT', coerced.errors[0].message, 400);
    let cost: number;
    let page: ReturnType<typeof oversizedPage>;
    try {
      page = oversizedPage(schema, document, request.variables, operation.name?.value, limits.maxPageSize);
      cost = operationCost(schema, document, request.variables, operation.name?.value);
    } catch (error) {
      // Too many fields (after fragments are expanded) to count at all.
      const message = error instanceof GraphQLError ? error.message : 'The operation is too large to count';
      throw new GatewayRefusal('COST_LIMIT_EXCEEDED', message, 400, { details: { limit } });
    }
    if (page) {
      throw new GatewayRefusal(
        'INVALID_PAGE_SIZE',
        `${page.field}(${page.argument}: ${page.size}) asks for more than ${page.limit} items: page through the list with after`,
        400,
        { field: page.argument, details: { field: page.field, size: page.size, limit: page.limit } },
      );
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
