import 'reflect-metadata';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { Arg, Args, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { Dec } from '@funds/money';
import {
  MoneyType,
  BaseContext,
  PageArgs,
  RunningServer,
  baseContext,
  buildFederatedSchema,
  connectionType,
  CursorCodec,
  pageSize,
  startSubgraphServer,
  toPage,
} from '@funds/graphql-kit';

/**
 * Two subgraphs that exist only in tests, built with the same kit as the real services, standing
 * in for the next services (savings-loan's books, reporting's read models): each returns a page
 * (the kit's connection, with its PageInfo), amounts (the kit's Money) and partner references. They
 * prove that the subgraphs to come compose with the real ones, and let an end-to-end test watch the
 * gateway resolve a Partner reference through the membership subgraph's `_entities`.
 */

/** The membership subgraph owns Partner; a subgraph that stores partner ids declares only its key. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Partner', { description: 'A partner organisation, resolved by the membership subgraph.' })
export class PartnerReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'Test-only: capital a partner placed with a fund (what savings-loan will return).' })
export class ProbeCapital {
  @Field(() => ID)
  id!: string;

  @Field(() => MoneyType, { description: 'How much.' })
  amount!: MoneyType;

  @Field(() => PartnerReference, { description: 'Whose money it is.' })
  partner!: PartnerReference;
}

export const ProbeCapitalConnection = connectionType(ProbeCapital, 'ProbeCapital');
const CAPITAL_CURSOR = new CursorCodec<ProbeCapital>('probeCapital', [{ kind: 'text', of: (row) => row.id }]);

/** One capital row per partner id asked for, amounts 2,500,000 IRR, 5,000,000 IRR, ... */
export function capitalOf(partnerIds: string[]): ProbeCapital[] {
  return partnerIds.map((id, i) => ({
    id: `capital-${i + 1}`,
    amount: MoneyType.of(new Dec('2500000').times(i + 1), 'IRR'),
    partner: { id },
  }));
}

@Resolver()
class ProbeBooksResolver {
  @Query(() => ProbeCapitalConnection, { description: 'Test-only: capital rows for the given partners, paged.' })
  probeCapital(@Arg('partnerIds', () => [ID]) partnerIds: string[], @Args() args: PageArgs) {
    const rows = capitalOf(partnerIds);
    const first = pageSize(args.first);
    const after = args.after ? String(CAPITAL_CURSOR.decode(args.after)[0]) : null;
    const start = after ? rows.findIndex((row) => row.id === after) + 1 : 0;
    return new ProbeCapitalConnection({
      page: toPage(rows.slice(start, start + first + 1), first, CAPITAL_CURSOR),
      count: async () => rows.length,
      cursor: CAPITAL_CURSOR,
    });
  }
}

@ObjectType({ description: 'Test-only: a loan as reporting will count it.' })
export class ProbeLoan {
  @Field(() => ID)
  id!: string;

  @Field(() => MoneyType, { description: 'Principal outstanding.' })
  outstanding!: MoneyType;

  @Field(() => PartnerReference, { nullable: true, description: 'Partner whose credit line financed it.' })
  financedBy!: PartnerReference | null;
}

export const ProbeLoanConnection = connectionType(ProbeLoan, 'ProbeLoan');
const LOAN_CURSOR = new CursorCodec<ProbeLoan>('probeLoans', [{ kind: 'text', of: (row) => row.id }]);

@Resolver()
class ProbeReportsResolver {
  @Query(() => MoneyType, { description: 'Test-only: a portfolio total.' })
  probePortfolioTotal(): MoneyType {
    return MoneyType.of(new Dec('0'), 'IRR');
  }

  @Query(() => ProbeLoanConnection, { description: 'Test-only: loans, paged.' })
  probeLoans(@Args() _args: PageArgs) {
    return new ProbeLoanConnection({
      page: { items: [], hasNextPage: false, endCursor: null },
      count: async () => 0,
      cursor: LOAN_CURSOR,
    });
  }
}

export interface ProbeSubgraph {
  name: string;
  sdl: string;
  schema: Awaited<ReturnType<typeof buildFederatedSchema>>['schema'];
}

export async function buildProbeSubgraphs(): Promise<ProbeSubgraph[]> {
  const books = await buildFederatedSchema({ resolvers: [ProbeBooksResolver] });
  const reports = await buildFederatedSchema({ resolvers: [ProbeReportsResolver] });
  return [
    { name: 'probe_books', ...books },
    { name: 'probe_reports', ...reports },
  ];
}

/** Composes subgraphs as schema/compose.mjs does; returns the supergraph or the errors' messages. */
export function compose(subgraphs: { name: string; sdl: string; url?: string }[]): { supergraphSdl?: string; errors: string[] } {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url ?? `http://127.0.0.1/${s.name}`, typeDefs: parse(s.sdl) })),
  );
  if (result.errors) return { errors: result.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`) };
  return { supergraphSdl: result.supergraphSdl, errors: [] };
}

/** The probe books subgraph as a real HTTP server that, like every subgraph, answers only the gateway. */
export async function startProbeBooks(gatewaySecret: string): Promise<ProbeSubgraph & { server: RunningServer }> {
  const [books] = await buildProbeSubgraphs();
  const server = await startSubgraphServer<BaseContext>(
    {
      name: 'probe_books',
      schema: books.schema,
      healthCheck: async () => undefined,
      createContext: async (req) => baseContext(req.headers, gatewaySecret),
    },
    0,
  );
  return { ...books, server };
}
