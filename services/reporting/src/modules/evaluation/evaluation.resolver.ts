import type Decimal from 'decimal.js';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import type { ReportingContext } from '../../context';
import { PortfolioEntities } from '../portfolio/portfolio.resolver';
import type { PortfolioLevel } from '../portfolio/portfolio.types';
import { evaluationOf } from './evaluation.service';
import { EvaluationReport } from './evaluation.types';

const DESCRIPTION =
  "The facilitation programmes' 6-monthly evaluation of the node for a half-year of its calendar (Solar Hijri for Iranian nodes, the year starting at Nowruz; Gregorian for Vietnamese ones): its portfolio at the half-year's end and the previous one's, the change, member growth and the funds above a PAR30 threshold; null outside the caller's scope.";

/** The `evaluationReport` field of one level's entity. */
function evaluationResolverOf(level: PortfolioLevel) {
  @Resolver(() => PortfolioEntities[level])
  class EvaluationFieldResolver {
    @FieldResolver(() => EvaluationReport, { nullable: true, description: DESCRIPTION })
    evaluationReport(
      @Root() node: { id: string },
      @Ctx() ctx: ReportingContext,
      @Arg('halfYear', () => String, {
        nullable: true,
        description: "The half-year, YYYY-H1 or YYYY-H2 in the node's calendar (1405-H1, 2026-H2); the last complete one when left out.",
      })
      halfYear: string | null | undefined,
      @Arg('par30Above', () => DecimalScalar, {
        nullable: true,
        description: 'The PAR30 (a ratio, 0 to 1) above which a fund is listed in fundsAtRisk; 0.1 when left out.',
      })
      par30Above: Decimal | null | undefined,
    ): Promise<EvaluationReport | null> {
      return evaluationOf(ctx, level, node.id, halfYear, par30Above);
    }
  }
  Object.defineProperty(EvaluationFieldResolver, 'name', { value: `${level}EvaluationResolver` });
  return EvaluationFieldResolver;
}

export const EVALUATION_RESOLVERS = (['PROVINCE', 'COUNTY', 'VILLAGE', 'FUND'] as const).map(evaluationResolverOf);
