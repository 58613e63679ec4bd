import 'reflect-metadata';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError, GraphQLScalarType, Kind, parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Dec, DecimalScalar } from '@funds/money';
import { AuthConfig, AuthError, Identity, Role, signUserToken } from '@funds/auth';
import {
  BaseContext,
  DomainError,
  RunningServer,
  SubgraphServerOptions,
  baseContext,
  buildFederatedSchema,
  startSubgraphServer,
} from '@funds/graphql-kit';
import { GatewayOptions, RunningGateway, startGateway } from '../../src/gateway';
import { SCOPE_CHECK_OPERATION } from '../../src/scope-check';

/** A tiny real platform for gateway tests: one type-graphql subgraph behind the real gateway. */

export const FIXTURE_AUTH: AuthConfig = { userTokenSecret: 'fixture-user-secret', gatewaySecret: 'fixture-gateway-secret' };

@ObjectType({ description: 'The identity the fixture subgraph received, as verified from the gateway header.' })
class WhoAmI {
  @Field({ description: 'Stable id of the caller.' })
  subject!: string;

  @Field({ description: 'The caller role.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'The hierarchy node the caller is limited to.' })
  scopeNodeId!: string | null;

  @Field({ description: 'The request id the gateway forwarded.' })
  requestId!: string;
}

/**
 * Scope nodes, as the fixture plays the hierarchy's subgraph for the gateway's scope check:
 * `missing-*` does not exist, `refused-*` is refused with 401 INVALID_TOKEN when the context is
 * made (as the membership subgraph does), `broken-*` fails like a database error; any other exists.
 */
@ObjectType({ description: 'A hierarchy node.' })
class FixtureNode {
  @Field(() => ID, { description: 'Its id.' })
  id!: string;
}

@ObjectType({ description: 'Who is calling, as the hierarchy subgraph sees it.' })
class Viewer {
  @Field(() => FixtureNode, { nullable: true, description: 'The scope node; null when it does not exist.' })
  scopeNode!: FixtureNode | null;
}

@ObjectType({ description: 'An endless chain of links, to build queries of any depth.' })
class Link {
  @Field(() => Int, { description: 'How far this link is from the first one.' })
  depth!: number;
}

/** A scalar only the fixture subgraph knows (the gateway has no parser for it): it refuses odd numbers. */
const EvenScalar = new GraphQLScalarType<number, number>({
  name: 'Even',
  description: 'An even integer; odd ones are refused by the subgraph with NOT_EVEN.',
  serialize: (value) => value as number,
  parseValue(value) {
    if (typeof value === 'number' && Number.isInteger(value) && value % 2 === 0) return value;
    throw new GraphQLError(`Even numbers only; got ${JSON.stringify(value)}`, { extensions: { code: 'NOT_EVEN' } });
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.INT && Number(ast.value) % 2 === 0) return Number(ast.value);
    throw new GraphQLError('Even numbers only', { extensions: { code: 'NOT_EVEN' } });
  },
});

@InputType({ description: 'A payment, to put a Decimal inside an input object.' })
class PaymentInput {
  @Field(() => DecimalScalar, { description: 'The amount.' })
  amount!: Dec;

  @Field(() => String, { nullable: true, description: 'A note.' })
  note?: string;
}

@Resolver(() => Link)
class LinkResolver {
  @FieldResolver(() => Link, { description: 'The following link.' })
  next(@Root() link: Link): Link {
    return { depth: link.depth + 1 };
  }

  @FieldResolver(() => [Link], { description: 'A page of following links (first or last of them; 20 unless given).' })
  links(
    @Root() link: Link,
    @Arg('first', () => Int, { nullable: true, description: 'How many.' }) first?: number,
    @Arg('last', () => Int, { nullable: true, description: 'How many, from the end.' }) last?: number,
  ): Link[] {
    return pageOfLinks(link.depth + 1, first ?? last);
  }
}

function pageOfLinks(depth: number, size: number | undefined): Link[] {
  return Array.from({ length: Math.min(size ?? 20, 100) }, () => ({ depth }));
}

@Resolver()
class FixtureResolver {
  @Query(() => WhoAmI, { description: 'Echoes the identity this subgraph received from the gateway.' })
  whoami(@Ctx() context: BaseContext): WhoAmI {
    return { ...context.identity, requestId: context.requestId };
  }

  @Query(() => Viewer, { description: "The caller's scope node." })
  viewer(@Ctx() context: BaseContext): Viewer {
    const id = context.identity.scopeNodeId;
    if (id?.startsWith('broken-')) throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (fixture database)');
    return { scopeNode: id && !id.startsWith('missing-') ? { id } : null };
  }

  @Query(() => [Link], { description: 'A page of first links (first or last of them; 20 unless given).' })
  links(
    @Arg('first', () => Int, { nullable: true, description: 'How many.' }) first?: number,
    @Arg('last', () => Int, { nullable: true, description: 'How many, from the end.' }) last?: number,
  ): Link[] {
    return pageOfLinks(0, first ?? last);
  }

  @Query(() => Link, { description: 'The first link of a chain.' })
  chain(): Link {
    return { depth: 0 };
  }

  @Query(() => String, { description: 'Echoes a Decimal argument.' })
  amount(@Arg('value', () => DecimalScalar) value: Dec): string {
    return value.toFixed();
  }

  @Query(() => String, { description: 'Echoes the amount of a payment.' })
  pay(@Arg('input', () => PaymentInput) input: PaymentInput): string {
    return input.amount.toFixed();
  }

  @Query(() => Int, { description: 'Half of an even number.' })
  half(@Arg('value', () => EvenScalar) value: number): number {
    return value / 2;
  }

  @Query(() => Int, { description: 'Answers `ms` after it is asked (a slow subgraph), with `ms`.' })
  async slow(@Arg('ms', () => Int, { description: 'How long to take, in milliseconds.' }) ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return ms;
  }

  @Query(() => String, { description: 'Fails like a bug would: an unexpected error naming internals.' })
  broken(): string {
    throw new Error('relation "fixture_secret_table" does not exist');
  }

  @Query(() => String, { description: 'Fails with an expected business error carrying a code and field.' })
  refused(): string {
    throw new DomainError('NOT_ELIGIBLE_AGE', 'Members must be at least 18 years old', 'dateOfBirth', { minimumAge: 18 });
  }
}

export interface FixturePlatform {
  gateway: RunningGateway;
  /** Origin of the gateway, e.g. http://127.0.0.1:43121. */
  gatewayOrigin: string;
  subgraph: RunningServer;
  /** Headers of every GraphQL request that reached the subgraph, in order (the gateway's scope checks aside). */
  received: IncomingHttpHeaders[];
  /** The scope node of every scope check the gateway sent, in order. */
  scopeChecks: (string | null)[];
  /** The request id of every GraphQL request the gateway abandoned (closed before the subgraph answered). */
  abandoned: string[];
  /** A user token as `pnpm token` would give, signed with the fixture's secret. */
  tokenFor(role: Role, scopeNodeId: string | null, subject?: string): string;
  stopSubgraph(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `gateway` overrides the gateway's options (limits, CORS origins, scope check cache);
 * `subgraph.internalRoutes` plays the membership subgraph's /internal routes (the API key check).
 */
export async function startFixturePlatform(
  gatewayOptions: Partial<GatewayOptions> = {},
  subgraphOptions: { internalRoutes?: SubgraphServerOptions<BaseContext>['internalRoutes'] } = {},
): Promise<FixturePlatform> {
  const received: IncomingHttpHeaders[] = [];
  const scopeChecks: (string | null)[] = [];
  const abandoned: string[] = [];
  const { schema, sdl } = await buildFederatedSchema({ resolvers: [FixtureResolver, LinkResolver] });
  const subgraph = await startSubgraphServer(
    {
      name: 'fixture',
      schema,
      createContext: async (req) => {
        const context = baseContext(req.headers, FIXTURE_AUTH.gatewaySecret);
        const isScopeCheck = (req.body as { operationName?: unknown } | undefined)?.operationName === SCOPE_CHECK_OPERATION;
        if (isScopeCheck) scopeChecks.push(context.identity.scopeNodeId);
        else received.push(req.headers);
        req.res?.once('close', () => {
          if (!req.res?.writableFinished) abandoned.push(context.requestId);
        });
        if (context.identity.scopeNodeId?.startsWith('refused-')) {
          throw new AuthError('INVALID_TOKEN', `The token's scope node ${context.identity.scopeNodeId} does not exist`);
        }
        return context;
      },
      healthCheck: async () => undefined,
      internalRoutes: subgraphOptions.internalRoutes,
    },
    0,
  );
  const composed = composeServices([{ name: 'fixture', url: subgraph.url, typeDefs: parse(sdl) }]);
  if (composed.errors) throw new Error(`fixture composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      port: 0,
      supergraphSdl: composed.supergraphSdl,
      auth: FIXTURE_AUTH,
      scopeCheck: { subgraph: 'fixture' },
      ...gatewayOptions,
    });
  } catch (error) {
    await subgraph.stop(); // a gateway that refuses to start leaves nothing running
    throw error;
  }

  let subgraphStopped = false;
  const stopSubgraph = async () => {
    if (subgraphStopped) return;
    subgraphStopped = true;
    await subgraph.stop();
  };
  return {
    gateway,
    gatewayOrigin: new URL(gateway.url).origin,
    subgraph,
    received,
    scopeChecks,
    abandoned,
    tokenFor: (role, scopeNodeId, subject = 'fixture-user') =>
      signUserToken({ subject, role, scopeNodeId } as Identity, FIXTURE_AUTH.userTokenSecret),
    stopSubgraph,
    stop: async () => {
      await gateway.stop();
      await stopSubgraph();
    },
  };
}
