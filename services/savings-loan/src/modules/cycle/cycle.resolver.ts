import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { SavingsLoanContext } from '../../context';
import { FundBooks, JournalEntryType } from '../ledger/books.types';
import { entryLoader, fundRefLoader } from '../ledger/ledger.loaders';
import { fundCyclesLoader } from './cycle.loaders';
import { CycleService } from './cycle.service';
import { SavingsCycleType } from './cycle.types';

@Resolver(() => FundBooks)
export class FundCyclesResolver {
  @FieldResolver(() => [SavingsCycleType], {
    description:
      "The savings group's closed cycles and their share-outs, newest first. Names members' money: her fund's people and admins read it, not viewers or portfolio apps.",
  })
  async cycles(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    const fund = await fundRefLoader(ctx).load(books.fundId);
    if (fund) ctx.access.authorize('FundBooks.cycles', fund.ref, 'cycles');
    return fundCyclesLoader(ctx).load(books.fundId);
  }
}

@Resolver(() => SavingsCycleType)
export class SavingsCycleFieldsResolver {
  @FieldResolver(() => JournalEntryType, {
    nullable: true,
    description: 'The share-out entry: every member’s shares and profit paid in cash.',
  })
  entry(@Root() cycle: SavingsCycleType, @Ctx() ctx: SavingsLoanContext) {
    return cycle.entryId ? entryLoader(ctx).load(cycle.entryId) : null;
  }
}

@Resolver()
export class CycleResolver {
  constructor(private readonly cycles: CycleService) {}

  @Mutation(() => SavingsCycleType, {
    description:
      "Close a savings group's cycle on `closedOn` (today by default) and share out: each member is paid her shares' value plus her part of the cycle's profit (income less expenses since the previous close, or since the books opened) in proportion to her shares, in one SHARE_OUT entry; the social fund carries over. Refused while any loan of the fund is outstanding (CYCLE_HAS_OPEN_LOANS): every loan is repaid (closed) or written off first, so the profit is known. The remainder rule is SavingsCycle's.",
  })
  async closeCycle(
    @Arg('fundId', () => ID) fundId: string,
    @Arg('closedOn', () => String, { nullable: true, description: 'The closing day (YYYY-MM-DD; today by default, in an open month).' })
    closedOn: string | null,
    @Arg('idempotencyKey', () => String, { description: 'A key the client makes (a UUID); the same key and request give the same result.' })
    idempotencyKey: string,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    const result = await this.cycles.closeCycle(ctx.access, { fundId, closedOn, idempotencyKey });
    ctx.loaders.clearAll();
    const cycles = await fundCyclesLoader(ctx).load(result.fundId);
    return cycles.find((c) => c.id === result.cycleId);
  }
}
