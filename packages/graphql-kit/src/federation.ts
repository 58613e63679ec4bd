import 'reflect-metadata';
import { GraphQLSchema, parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import Decimal from 'decimal.js';

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
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Decimal, scalar: DecimalScalar }],
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [type, ref] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[type] = { ...(resolvers[type] ?? {}), __resolveReference: ref.__resolveReference };
  }
  const federated = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> }]);
  return { schema: federated, sdl };
}
