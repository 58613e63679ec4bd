import { groupByKeys } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import type { Fund } from '../hierarchy/fund.entity';
import { FormationStep } from './formation-step.entity';
import { ActivationReadiness, activationChecks } from './formation.service';

/** Formation stages a fund completed, in order; one statement for every fund of the request's tick. */
export function formationOf(ctx: MembershipContext, fundId: string): Promise<FormationStep[]> {
  return ctx.loaders
    .get<string, FormationStep[]>('formation', async (ids) => {
      const rows = await ctx.db.read((em) =>
        em.getRepository(FormationStep).createQueryBuilder('s').where('s.fund_id = ANY(:ids)', { ids }).orderBy('s.completed_on').getMany(),
      );
      return groupByKeys(ids, rows, (s) => s.fundId);
    })
    .load(fundId);
}

/** What activating `fund` still needs (asks the database per fund). */
export async function activationReadinessOf(ctx: MembershipContext, fund: Fund): Promise<ActivationReadiness> {
  const checks = await ctx.db.read((em) => activationChecks(em, fund));
  return { ready: checks.every((c) => c.recorded && c.satisfied), checks };
}
