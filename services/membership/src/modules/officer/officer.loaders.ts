import { groupByKeys } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { Officer } from './officer.entity';

/** A fund's board (current terms, or the whole history), one statement for every fund of the request's tick. */
export function officersOf(ctx: MembershipContext, fundId: string, current: boolean): Promise<Officer[]> {
  return ctx.loaders
    .get<string, Officer[]>(`officers:${current}`, async (ids) => {
      const rows = await ctx.db.read((em) => {
        const qb = em.getRepository(Officer).createQueryBuilder('o').where('o.fund_id = ANY(:ids)', { ids });
        if (current) qb.andWhere('o.ended_on IS NULL');
        return qb.orderBy('o.role').addOrderBy('o.term_start').getMany();
      });
      return groupByKeys(ids, rows, (o) => o.fundId);
    })
    .load(fundId);
}
