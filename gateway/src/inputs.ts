import {
  DocumentNode,
  GraphQLError,
  GraphQLInputType,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  ValueNode,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { DecimalScalar } from '@funds/money';
import type { GatewayContext } from './context';
import { GatewayRefusal, RequestRule } from './refusal';

/**
 * The platform's own scalars. The supergraph only names them, so the gateway's schema would take
 * any value and the subgraph that owns the field would refuse it later (its HTTP 400 used to
 * become INTERNAL_SERVER_ERROR). The gateway checks every value with the real parser instead.
 */
export const PLATFORM_SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map([[DecimalScalar.name, DecimalScalar as GraphQLScalarType]]);

export interface InputProblem {
  /** The input field the value is for, as subgraphs name it: `baselineMonthlyIncome`, `policy.maxMembers`, `amount`. */
  field: string;
  error: GraphQLError;
}

/** Where a value sits: argument, then input-object fields (and list positions of variables). */
type Path = (string | number)[];

/** An argument's own name when it is the value, else the path inside the argument (as class-validator reports it). */
function fieldName(path: Path): string {
  return (path.length > 1 ? path.slice(1) : path).join('.');
}

function asGraphQLError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error));
}

/** The first value in `document` (literals) or `variables` that a platform scalar refuses; null when all parse. */
export function findInputProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  scalars: ReadonlyMap<string, GraphQLScalarType> = PLATFORM_SCALARS,
): InputProblem | null {
  const found: InputProblem[] = [];
  /** Where each variable of the operation is used first (argument and input fields around it). */
  const usedAt = new Map<string, Path>();
  const path: Path = [];
  const typeInfo = new TypeInfo(schema);
  const checkLiteral = (node: ValueNode) => {
    const type = getNamedType(typeInfo.getInputType());
    const scalar = type && scalars.get(type.name);
    if (!scalar || found.length) return;
    try {
      scalar.parseLiteral(node, undefined);
    } catch (error) {
      found.push({ field: fieldName(path), error: asGraphQLError(error) });
    }
  };
  const literal = { enter: checkLiteral };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: {
        enter: (node) => void path.push(node.variable.name.value),
        leave: () => void path.pop(),
      },
      Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      Variable: (node, _key, parent) => {
        const name = node.name.value;
        const isDefinition = parent !== undefined && 'kind' in parent && parent.kind === Kind.VARIABLE_DEFINITION;
        if (!isDefinition && path.length && !usedAt.has(name)) usedAt.set(name, [...path]);
      },
      StringValue: literal,
      IntValue: literal,
      FloatValue: literal,
      BooleanValue: literal,
      EnumValue: literal,
    }),
  );
  if (found.length) return found[0];

  const walk = (value: unknown, type: GraphQLInputType, at: Path): InputProblem | null => {
    if (value === null || value === undefined) return null;
    if (isNonNullType(type)) return walk(value, type.ofType, at);
    if (isListType(type)) {
      const items: unknown[] = Array.isArray(value) ? value : [value];
      for (const [i, item] of items.entries()) {
        const problem = walk(item, type.ofType, Array.isArray(value) ? [...at, i] : at);
        if (problem) return problem;
      }
      return null;
    }
    if (isInputObjectType(type)) {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      for (const field of Object.values(type.getFields())) {
        if (!(field.name in value)) continue;
        const problem = walk((value as Record<string, unknown>)[field.name], field.type, [...at, field.name]);
        if (problem) return problem;
      }
      return null;
    }
    const scalar = isScalarType(type) ? scalars.get(type.name) : undefined;
    if (!scalar) return null;
    try {
      scalar.parseValue(value);
      return null;
    } catch (error) {
      return { field: fieldName(at), error: asGraphQLError(error) };
    }
  };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type || !variables || !(name in variables)) continue;
    const problem = walk(variables[name], type, usedAt.get(name) ?? [name]);
    if (problem) return problem;
  }
  return null;
}

/**
 * Refuses, with HTTP 400 and the scalar's own code (INVALID_DECIMAL) and the field, a value in
 * the query or its variables that a platform scalar rejects, before anything is sent to a
 * subgraph. Literals and variables get the same answer.
 */
export const validInputs: RequestRule<GatewayContext> = ({ schema, document, operation, request }) => {
  if (!operation) return;
  const problem = findInputProblem(schema, document, operation, request.variables);
  if (!problem) return;
  const code = typeof problem.error.extensions.code === 'string' ? problem.error.extensions.code : 'BAD_USER_INPUT';
  throw new GatewayRefusal(code, problem.error.message, 400, { field: problem.field });
};
