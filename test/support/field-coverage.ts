import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FragmentDefinitionNode,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  TypeInfo,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { ExecutedOperation } from '../../gateway/src/operation-hook';

/**
 * Field coverage: which parts of the public API the tests exercise. The gateway tells
 * `recordOperation` about every operation it executes (GatewayOptions.onOperation, set by
 * test/support/platform.ts and gateway/test/support/fixture-platform.ts); each jest worker appends
 * what it saw to coverage/fields/<pid>-<worker>.jsonl; scripts/field-coverage.mjs compares the union
 * with the public schema (schema/supergraph.graphql) after jest. What counts as covered:
 * - `Type.field`: selected on that object or interface type. A field selected through an interface
 *   (`... on HierarchyNode { name }`) covers it on the interface and on every type implementing it;
 *   a field selected on an object type also covers the interface fields it implements.
 * - `Type.field(arg)`: the argument given, as a literal or as a variable the request defines.
 * - `Input.field`: an input object field given, in a literal or inside a variable's value.
 * - `Enum.VALUE`: given (literal or in a variable's value) or returned in the response data: an
 *   output-only value is covered by a test that reads it back (tests assert those values).
 */

/** FIELD_COVERAGE_DIR moves it (two runs in one working tree would clear each other's records). */
const DIR = process.env.FIELD_COVERAGE_DIR ?? join(__dirname, '..', '..', 'coverage', 'fields');
const file = join(DIR, `${process.pid}-${process.env.JEST_WORKER_ID ?? '0'}.jsonl`);
const written = new Set<string>();

export function recordOperation(operation: ExecutedOperation): void {
  const seen = coveredBy(operation);
  const fresh = [...seen].filter((key) => !written.has(key));
  if (fresh.length === 0) return;
  for (const key of fresh) written.add(key);
  mkdirSync(DIR, { recursive: true });
  appendFileSync(file, `${JSON.stringify(fresh)}\n`);
}

/** The coverage keys one executed operation adds. */
export function coveredBy({ schema, document, operationName, variables, data }: ExecutedOperation): Set<string> {
  const keys = new Set<string>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation) return keys;

  const field = (type: GraphQLNamedType, name: string) => {
    keys.add(`${type.name}.${name}`);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const iface of type.getInterfaces()) if (iface.getFields()[name]) keys.add(`${iface.name}.${name}`);
    }
    if (isInterfaceType(type)) {
      for (const impl of schema.getPossibleTypes(type)) keys.add(`${impl.name}.${name}`);
      for (const impl of schema.getImplementations(type).interfaces) keys.add(`${impl.name}.${name}`);
    }
  };

  // The document: fields, arguments, literal input fields and enum values, variables' values.
  const typeInfo = new TypeInfo(schema);
  const nodes = [operation, ...reachableFragments(operation, fragments)];
  for (const node of nodes) {
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(fieldNode) {
          const parent = typeInfo.getParentType();
          if (!parent || fieldNode.name.value.startsWith('__')) return;
          field(parent, fieldNode.name.value);
          for (const arg of fieldNode.arguments ?? []) {
            const given = arg.value.kind !== Kind.VARIABLE || variables[arg.value.name.value] !== undefined;
            if (given) {
              keys.add(`${parent.name}.${fieldNode.name.value}(${arg.name.value})`);
              if (isInterfaceType(parent)) {
                for (const impl of schema.getPossibleTypes(parent)) keys.add(`${impl.name}.${fieldNode.name.value}(${arg.name.value})`);
              }
            }
          }
        },
        ObjectField(objectField) {
          const input = typeInfo.getParentInputType();
          const named = input && getNamedType(input);
          if (named && isInputObjectType(named)) keys.add(`${named.name}.${objectField.name.value}`);
        },
        EnumValue(value) {
          const input = typeInfo.getInputType();
          const named = input && getNamedType(input);
          if (named && isEnumType(named)) keys.add(`${named.name}.${value.value}`);
        },
      }),
    );
  }
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (type) inputValue(type, variables[definition.variable.name.value], keys);
  }

  // The response: enum values returned.
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (root && data) responseValue(schema, root, operation.selectionSet, data, fragments, keys);
  return keys;
}

function reachableFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(operation);
  return [...found.values()];
}

/** Input object fields and enum values inside a variable's value. */
function inputValue(type: GraphQLInputType, value: unknown, keys: Set<string>): void {
  if (value === undefined || value === null) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    for (const item of Array.isArray(value) ? value : [value]) inputValue(nullable.ofType, item, keys);
  } else if (isInputObjectType(nullable) && typeof value === 'object') {
    const fields = nullable.getFields();
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      if (!fields[name] || fieldValue === undefined) continue;
      keys.add(`${nullable.name}.${name}`);
      inputValue(fields[name].type, fieldValue, keys);
    }
  } else if (isEnumType(nullable) && typeof value === 'string') {
    keys.add(`${nullable.name}.${value}`);
  }
}

/** Enum values in the data, following the selection sets (fragments on other types find no keys). */
function responseValue(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  value: unknown,
  fragments: Map<string, FragmentDefinitionNode>,
  keys: Set<string>,
): void {
  if (value === undefined || value === null) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) for (const item of value) responseValue(schema, nullable.ofType, selectionSet, item, fragments, keys);
    return;
  }
  if (isEnumType(nullable)) {
    if (typeof value === 'string') keys.add(`${nullable.name}.${value}`);
    return;
  }
  if (!selectionSet || typeof value !== 'object' || !(isObjectType(nullable) || isAbstractType(nullable))) return;
  const object = value as Record<string, unknown>;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = 'getFields' in nullable ? nullable.getFields() : {};
      const definition = fields[selection.name.value];
      if (definition)
        responseValue(schema, definition.type, selection.selectionSet, object[(selection.alias ?? selection.name).value], fragments, keys);
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : nullable;
      if (condition && (isObjectType(condition) || isInterfaceType(condition))) {
        responseValue(schema, condition, fragment.selectionSet, object, fragments, keys);
      }
    }
  }
}
