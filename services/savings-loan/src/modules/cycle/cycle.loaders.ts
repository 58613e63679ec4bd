import { groupByKeys } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { money } from '../ledger/books.types';
import { CycleRepository, CycleRow } from './cycle.repository';
import { SavingsCycleType, ShareOutLineType } from './cycle.types';

export function toCycle(c: CycleRow): SavingsCycleType {
  return Object.assign(new SavingsCycleType(), {
    id: c.id,
    fundId: c.fundId,
    entryId: c.entryId,
    number: c.number,
    startedAfter: c.startedAfter,
    closedOn: c.closedOn,
    profit: money(c.profit, c.currency),
    shares: c.shares,
    paidOut: money(c.paidOut, c.currency),
    lines: c.lines.map((l) =>
      Object.assign(new ShareOutLineType(), {
        memberId: l.memberId,
        shares: l.shares,
        sharesValue: money(l.sharesValue, c.currency),
        profit: money(l.profit, c.currency),
        paid: money(l.paid, c.currency),
      }),
    ),
  });
}

/** Each fund's closed cycles, newest first: one statement per level. */
export const fundCyclesLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, SavingsCycleType[]>('fundCycles', (fundIds) =>
    ctx.db.read(async (em) => {
      const rows = await new CycleRepository(em).ofFunds(fundIds);
      return groupByKeys(fundIds, rows.map(toCycle), (c) => c.fundId);
    }),
  );
