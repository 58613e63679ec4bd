import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { DomainError, ReferenceResolvers, dateArg } from '@funds/graphql-kit';
import type { ReportingContext } from '../../context';
import { nodeRefOf } from '../scope/node-scope';
import { portfolioLoader } from './portfolio.loaders';
import { childrenOf, seriesOf, topChildrenOf } from './portfolio.breakdown';
import { ChildRanking, Portfolio, PortfolioChild, PortfolioLevel, PortfolioSeries, RankingOrder, SeriesPeriod } from './portfolio.types';

/** The hierarchy's nodes as reporting extends them (membership owns them): each gets its portfolio. */
@ObjectType('Province', { description: 'A province (owned by membership); reporting adds its portfolio.' })
@Directive('@key(fields: "id")')
export class ProvincePortfolioEntity {
  @Field(() => ID, { description: 'Globally unique id (UUID v7).' })
  id!: string;
}

@ObjectType('County', { description: 'A county (owned by membership); reporting adds its portfolio.' })
@Directive('@key(fields: "id")')
export class CountyPortfolioEntity {
  @Field(() => ID, { description: 'Globally unique id (UUID v7).' })
  id!: string;
}

@ObjectType('Village', { description: 'A village or neighbourhood (owned by membership); reporting adds its portfolio.' })
@Directive('@key(fields: "id")')
export class VillagePortfolioEntity {
  @Field(() => ID, { description: 'Globally unique id (UUID v7).' })
  id!: string;
}

@ObjectType('Fund', { description: 'A fund (owned by membership); reporting adds its portfolio.' })
@Directive('@key(fields: "id")')
export class FundPortfolioEntity {
  @Field(() => ID, { description: 'Globally unique id (UUID v7).' })
  id!: string;
}

@ObjectType('Group', { description: 'A group of a fund (owned by membership); reporting adds its portfolio.' })
@Directive('@key(fields: "id")')
export class GroupPortfolioEntity {
  @Field(() => ID, { description: 'Globally unique id (UUID v7).' })
  id!: string;
}

type Entity = new () => { id: string };

const DESCRIPTION =
  "Portfolio indicators at the end of a day (gross loan portfolio, PAR1, PAR30, arrears, active borrowers, loans disbursed, savings, members), each naming its definition and version; null for a node outside the caller's scope or not yet known to reporting.";

/** The day and period arguments, checked: INVALID_INPUT naming the argument. */
export function portfolioArgs(
  asOf: string | null | undefined,
  periodFrom: string | null | undefined,
): { asOf: string | null; from: string | null } {
  const day = asOf === null || asOf === undefined ? null : dateArg(asOf, 'asOf');
  const from = periodFrom === null || periodFrom === undefined ? null : dateArg(periodFrom, 'periodFrom');
  if (day && from && from > day) {
    throw new DomainError(
      'INVALID_INPUT',
      `The period starts (${from}) after the day asked for (${day}); periodFrom is on or before asOf`,
      'periodFrom',
    );
  }
  return { asOf: day, from };
}

/** The `portfolio` field of one level's entity: the level's loader, the scope checked on the node's own ancestry. */
function portfolioResolverOf(entity: Entity, level: PortfolioLevel) {
  @Resolver(() => entity)
  class PortfolioFieldResolver {
    @FieldResolver(() => Portfolio, { nullable: true, description: DESCRIPTION })
    async portfolio(
      @Root() node: { id: string },
      @Ctx() ctx: ReportingContext,
      @Arg('periodFrom', () => String, {
        nullable: true,
        description: 'First day (YYYY-MM-DD) of the period of loansDisbursed, which ends on asOf; from the first loan when left out.',
      })
      periodFrom?: string | null,
      @Arg('asOf', () => String, {
        nullable: true,
        description: 'The day (YYYY-MM-DD), end of day; today in the node’s country when left out.',
      })
      asOf?: string | null,
    ): Promise<Portfolio | null> {
      const args = portfolioArgs(asOf, periodFrom);
      const computed = await portfolioLoader(ctx, level).load({ id: node.id, asOf: args.asOf, from: args.from });
      if (!computed || !ctx.access.canSee(nodeRefOf(computed.node))) return null;
      return computed.portfolio;
    }

    @FieldResolver(() => PortfolioSeries, {
      nullable: true,
      description:
        "The portfolio period by period (months by default, or quarters or half-years) in the node's calendar (Solar Hijri for Iranian nodes, the year starting at Nowruz; Gregorian for Vietnamese ones), at most 60 periods; null outside the caller's scope.",
    })
    portfolioSeries(
      @Root() node: { id: string },
      @Ctx() ctx: ReportingContext,
      @Arg('to', () => String, {
        nullable: true,
        description: 'A day (YYYY-MM-DD) of the last period, whose figures are at that day; today when left out.',
      })
      to: string | null | undefined,
      @Arg('from', () => String, { description: 'A day (YYYY-MM-DD) of the first period.' }) from: string,
      @Arg('period', () => SeriesPeriod, {
        nullable: true,
        description: "How long each period is (MONTH when left out): months, quarters or half-years of the node's calendar.",
      })
      period: SeriesPeriod | null | undefined,
    ): Promise<PortfolioSeries | null> {
      return seriesOf(ctx, level, node.id, from, to, period ?? SeriesPeriod.MONTH);
    }
  }
  Object.defineProperty(PortfolioFieldResolver, 'name', { value: `${entity.name.replace('Entity', '')}Resolver` });
  return PortfolioFieldResolver;
}

export const PortfolioEntities: Record<PortfolioLevel, Entity> = {
  PROVINCE: ProvincePortfolioEntity,
  COUNTY: CountyPortfolioEntity,
  VILLAGE: VillagePortfolioEntity,
  FUND: FundPortfolioEntity,
  GROUP: GroupPortfolioEntity,
};

export const PORTFOLIO_RESOLVERS = Object.entries(PortfolioEntities).map(([level, entity]) =>
  portfolioResolverOf(entity, level as PortfolioLevel),
);

/** Entity references: the gateway asks only for nodes membership let it see; the portfolio checks the scope again. */
export function portfolioReferenceResolvers(): ReferenceResolvers {
  const ref = (cls: Entity) => (reference: { id: string }) => Object.assign(new cls(), { id: reference.id });
  return {
    Province: { __resolveReference: ref(ProvincePortfolioEntity) },
    County: { __resolveReference: ref(CountyPortfolioEntity) },
    Village: { __resolveReference: ref(VillagePortfolioEntity) },
    Fund: { __resolveReference: ref(FundPortfolioEntity) },
    Group: { __resolveReference: ref(GroupPortfolioEntity) },
  };
}

@Resolver(() => Portfolio)
export class PortfolioFieldsResolver {
  @FieldResolver(() => [PortfolioChild], {
    description:
      "The node's children (a province's counties, a county's villages, a village's funds, a fund's groups; none for a group) with their portfolios on the same day and period, by name.",
  })
  children(@Root() portfolio: Portfolio, @Ctx() ctx: ReportingContext): Promise<PortfolioChild[]> {
    return childrenOf(ctx, portfolio);
  }

  @FieldResolver(() => [PortfolioChild], {
    description:
      "The node's children ranked by an indicator on the same day and period, the first `first` of them: e.g. the funds of a county with the highest PAR30 (by: PAR30, order: DESC). Children with no figure (a ratio over no loans outstanding) come last.",
  })
  topChildren(
    @Root() portfolio: Portfolio,
    @Ctx() ctx: ReportingContext,
    @Arg('by', () => ChildRanking, { description: 'The indicator to rank by.' }) by: ChildRanking,
    @Arg('order', () => RankingOrder, { nullable: true, description: 'DESC (highest first, the default) or ASC (lowest first).' })
    order: RankingOrder | null | undefined,
    @Arg('first', () => Int, { nullable: true, description: 'How many children, 1 to 100 (5 when left out).' })
    first: number | null | undefined,
    @Arg('currency', () => String, {
      nullable: true,
      description: "The currency whose figures rank them (ISO 4217; the node's first currency when left out).",
    })
    currency: string | null | undefined,
  ): Promise<PortfolioChild[]> {
    return topChildrenOf(ctx, portfolio, by, order ?? RankingOrder.DESC, first ?? 5, currency);
  }
}
