import 'reflect-metadata';
import { DocumentNode, GraphQLSchema, Kind, parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { ArgumentValidationError, buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { validateOrReject, ValidationError, ValidatorOptions } from 'class-validator';
import { DecimalScalar } from '@funds/money';
import Decimal from 'decimal.js';
import { refuseUnstorableText } from './input-guard';
import { auditMutationFields } from './audit';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  /** `__resolveReference` per entity type: type-graphql has no decorator for them. */
  referenceResolvers?: ReferenceResolvers;
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** Supplies resolver instances (with their services) to type-graphql. */
  container?: BuildSchemaOptions['container'];
  /** Every mutation writes the audit log (audit.ts): the context must then carry the request's `audit`. */
  auditMutations?: boolean;
}

const VALIDATOR_OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/**
 * type-graphql's own argument validation, with class-validator loaded once: its default
 * validator requires class-validator again on every argument it validates (a module resolution
 * each time, about a tenth of the subgraph's CPU on a tree of a few hundred nodes, where every
 * `funds(first:)` and `groups(first:)` below a list validates its arguments). Same rules,
 * options and error (ArgumentValidationError) as type-graphql's default.
 */
export async function validateArguments(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  try {
    if (Array.isArray(value)) {
      await Promise.all(
        value.filter((item) => item !== null && typeof item === 'object').map((item) => validateOrReject(item, VALIDATOR_OPTIONS)),
      );
    } else {
      await validateOrReject(value, VALIDATOR_OPTIONS);
    }
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}

/**
 * type-graphql classes -> an Apollo Federation 2 subgraph schema. Prints the type-graphql schema
 * with its directives (@key), adds the federation @link, and merges the reference resolvers.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    container: options.container,
    skipCheck: true,
    validateFn: validateArguments,
    scalarsMap: [{ type: Decimal, scalar: DecimalScalar }],
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
  const typeDefs = parse(sdl);
  assertEveryEntityResolves(typeDefs, options.referenceResolvers ?? {});
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [type, ref] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[type] = { ...(resolvers[type] ?? {}), __resolveReference: ref.__resolveReference };
  }
  // Every argument of every field, NUL and unpaired surrogates refused before any resolver runs.
  const guarded = refuseUnstorableText(buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]));
  const federated = options.auditMutations ? auditMutationFields(guarded) : guarded;
  return { schema: federated, sdl };
}

/**
 * Every type with a resolvable `@key` needs a `__resolveReference`: without one, Apollo's subgraph
 * answers an `_entities` call with the bare representation (`{ __typename, id }`), so any other
 * field of the entity fails or reads null when a second subgraph references it. A type another
 * subgraph owns is declared here with `@key(fields: "id", resolvable: false)` and needs none.
 */
export function assertEveryEntityResolves(typeDefs: DocumentNode, referenceResolvers: ReferenceResolvers): void {
  const missing: string[] = [];
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const keys = (definition.directives ?? []).filter((d) => d.name.value === 'key');
    const resolvable = keys.some(
      (key) => !(key.arguments ?? []).some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value),
    );
    if (resolvable && typeof referenceResolvers[definition.name.value]?.__resolveReference !== 'function') {
      missing.push(definition.name.value);
    }
  }
  if (missing.length) {
    throw new Error(
      `Entity type(s) ${missing.join(', ')} declare a resolvable @key but have no __resolveReference: ` +
        'add one to referenceResolvers, or declare the key with resolvable: false',
    );
  }
}
