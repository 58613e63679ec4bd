import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { DomainError, MoneyType as MoneyField, PageArgs, dateArg, freeTextArg } from '@funds/graphql-kit';
import { Dec } from '@funds/money';
import type { SavingsLoanContext } from '../../context';
import { AccountCode } from './chart';
import {
  AccountCodeEnum,
  AccountStatement,
  BalanceSheet,
  FundBooks,
  FundBooksEntity,
  GroupBooks,
  GroupBooksEntity,
  IncomeStatement,
  JournalEntryConnection,
  JournalEntryType,
  MemberAccounts,
  MemberBooksEntity,
  PostingType,
  StatementLineType,
  TrialBalance,
  money,
} from './books.types';
import { BusinessDays } from './business-days';
import {
  closedThroughLoader,
  entryLoader,
  fundBalancesLoader,
  fundRefLoader,
  groupBalancesLoader,
  heldAsGuaranteeLoader,
  journalPage,
  memberBalancesLoader,
  memberRefLoader,
  postingsLoader,
  statementRows,
} from './ledger.loaders';
import { LedgerService } from './ledger.service';

const ZERO = new Dec(0);

@Resolver(() => FundBooksEntity)
export class FundBooksResolver {
  @FieldResolver(() => FundBooks, {
    nullable: true,
    description: "The fund's books (null until they open, moments after the fund is created).",
  })
  async books(@Root() fund: FundBooksEntity, @Ctx() ctx: SavingsLoanContext): Promise<FundBooks | null> {
    const ref = await fundRefLoader(ctx).load(fund.id);
    if (!ref || !ref.hasBooks || !ctx.access.canSee(ref.ref)) return null;
    return Object.assign(new FundBooks(), {
      fundId: fund.id,
      currency: ref.currency,
      closedThrough: await closedThroughLoader(ctx).load(fund.id),
      countryCode: ref.ref.countryCode,
    });
  }
}

@ArgsType()
class JournalArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'First value date (YYYY-MM-DD).' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'Last value date (YYYY-MM-DD).' })
  to?: string;
}

@Resolver(() => FundBooks)
export class FundBooksFieldsResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly days: BusinessDays,
  ) {}

  private async balance(books: FundBooks, ctx: SavingsLoanContext, code: AccountCode) {
    const balances = await fundBalancesLoader(ctx).load(books.fundId);
    return money(balances.get(code) ?? ZERO, books.currency);
  }

  @FieldResolver(() => MoneyField, { description: 'Cash the fund holds now.' })
  cash(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return this.balance(books, ctx, 'CASH');
  }

  @FieldResolver(() => MoneyField, { description: "Members' savings now (owed to them)." })
  memberSavings(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return this.balance(books, ctx, 'MEMBER_SAVINGS');
  }

  @FieldResolver(() => MoneyField, { description: "Members' shares now (savings groups)." })
  memberShares(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return this.balance(books, ctx, 'MEMBER_SHARES');
  }

  @FieldResolver(() => MoneyField, { description: 'The social fund now.' })
  socialFund(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return this.balance(books, ctx, 'SOCIAL_FUND');
  }

  @FieldResolver(() => MoneyField, { description: 'Loan principal outstanding now.' })
  loansOutstanding(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return this.balance(books, ctx, 'LOANS_RECEIVABLE');
  }

  @FieldResolver(() => TrialBalance, { description: 'Every account code’s balance at the end of `asOf` (today by default).' })
  trialBalance(
    @Root() books: FundBooks,
    @Arg('asOf', () => String, { nullable: true }) asOf: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    return this.ledger.trialBalance(ctx, books.fundId, books.currency, this.day(books, asOf, 'asOf'));
  }

  @FieldResolver(() => BalanceSheet, { description: 'Assets, liabilities and equity at the end of `asOf` (today by default).' })
  balanceSheet(
    @Root() books: FundBooks,
    @Arg('asOf', () => String, { nullable: true }) asOf: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    return this.ledger.balanceSheet(ctx, books.fundId, books.currency, this.day(books, asOf, 'asOf'));
  }

  @FieldResolver(() => IncomeStatement, { description: 'Income and expenses from `from` to `to` (today by default), both days included.' })
  incomeStatement(
    @Root() books: FundBooks,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String, { nullable: true }) to: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    return this.ledger.incomeStatement(ctx, books.fundId, books.currency, from, this.day(books, to, 'to'));
  }

  @FieldResolver(() => JournalEntryConnection, {
    description:
      "The fund's journal, oldest first, optionally between two value dates. Names members: not for dashboard viewers or portfolio apps.",
  })
  async journal(@Root() books: FundBooks, @Args(() => JournalArgs) args: JournalArgs, @Ctx() ctx: SavingsLoanContext) {
    const fund = await fundRefLoader(ctx).load(books.fundId);
    if (fund) ctx.access.authorize('FundBooks.journal', fund.ref, 'journal');
    return journalPage(ctx, books.fundId, args);
  }

  private day(books: FundBooks, given: string | null, field: string): string {
    return given ? dateArg(given, field) : this.days.today(books.countryCode);
  }
}

@Resolver(() => GroupBooksEntity)
export class GroupBooksResolver {
  @FieldResolver(() => GroupBooks, {
    nullable: true,
    description: "The group's members' savings and shares, added up (null before any money moved).",
  })
  async books(@Root() group: GroupBooksEntity, @Ctx() ctx: SavingsLoanContext): Promise<GroupBooks | null> {
    const { fundId, balances } = await groupBalancesLoader(ctx).load(group.id);
    if (!fundId) return null;
    const fund = await fundRefLoader(ctx).load(fundId);
    if (!fund || !ctx.access.canSee(fund.ref)) return null;
    return Object.assign(new GroupBooks(), {
      savings: money(balances.get('MEMBER_SAVINGS') ?? ZERO, fund.currency),
      shares: money(balances.get('MEMBER_SHARES') ?? ZERO, fund.currency),
    });
  }
}

@ArgsType()
class StatementArgs {
  @Field(() => AccountCodeEnum, { nullable: true, description: 'Which of her accounts (MEMBER_SAVINGS by default, or MEMBER_SHARES).' })
  account?: AccountCode;

  @Field(() => String, { nullable: true, description: 'First value date (YYYY-MM-DD); from the beginning by default.' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'Last value date (YYYY-MM-DD); today by default.' })
  to?: string;
}

const STATEMENT_LIMIT = 1000;

@Resolver(() => MemberBooksEntity)
export class MemberBooksResolver {
  constructor(private readonly days: BusinessDays) {}

  @FieldResolver(() => MemberAccounts, {
    nullable: true,
    description:
      "Her savings and shares in her fund (personal financial data: her fund's people and admins, never viewers or portfolio apps).",
  })
  async accounts(@Root() member: MemberBooksEntity, @Ctx() ctx: SavingsLoanContext): Promise<MemberAccounts | null> {
    const ref = await memberRefLoader(ctx).load(member.id);
    if (!ref || !ctx.access.canSee(ref.ref)) return null;
    ctx.access.authorize('Member.accounts', ref.ref, 'accounts');
    const fund = await fundRefLoader(ctx).load(ref.ref.fundId as string);
    if (!fund) return null;
    const balances = await memberBalancesLoader(ctx).load(member.id);
    const held = await heldAsGuaranteeLoader(ctx).load(member.id);
    const savings = balances.get('MEMBER_SAVINGS') ?? ZERO;
    return Object.assign(new MemberAccounts(), {
      memberId: member.id,
      fundId: fund.ref.id,
      savings: money(savings, fund.currency),
      shares: money(balances.get('MEMBER_SHARES') ?? ZERO, fund.currency),
      heldAsGuarantee: money(held, fund.currency),
      available: money(Dec.max(savings.minus(held), 0), fund.currency),
    });
  }

  @FieldResolver(() => AccountStatement, {
    nullable: true,
    description: 'Her account’s movements with running balances over a period (personal financial data, as accounts).',
  })
  async statement(@Root() member: MemberBooksEntity, @Args(() => StatementArgs) args: StatementArgs, @Ctx() ctx: SavingsLoanContext) {
    const ref = await memberRefLoader(ctx).load(member.id);
    if (!ref || !ctx.access.canSee(ref.ref)) return null;
    ctx.access.authorize('Member.statement', ref.ref, 'statement');
    const fund = await fundRefLoader(ctx).load(ref.ref.fundId as string);
    if (!fund) return null;
    const code = args.account ?? 'MEMBER_SAVINGS';
    if (code !== 'MEMBER_SAVINGS' && code !== 'MEMBER_SHARES') {
      throw new DomainError('INVALID_INPUT', 'A member’s statement is of MEMBER_SAVINGS or MEMBER_SHARES', 'account');
    }
    const from = args.from ? dateArg(args.from, 'from') : '0001-01-01';
    const to = args.to ? dateArg(args.to, 'to') : this.days.today(fund.ref.countryCode);
    if (to < from) throw new DomainError('INVALID_PERIOD', 'to must be on or after from', 'to');
    const { rows, opening } = await statementRows(ctx, member.id, code, from, to);
    if (rows.length > STATEMENT_LIMIT) {
      throw new DomainError('PERIOD_TOO_LONG', `The period holds more than ${STATEMENT_LIMIT} movements; ask for a shorter one`, 'from');
    }
    const openingBalance = new Dec(opening ?? 0);
    const lines = rows.map((r) =>
      Object.assign(new StatementLineType(), {
        entryId: r.entry_id,
        kind: r.kind,
        valueDate: r.value_date,
        memo: r.memo,
        amount: money(r.amount, fund.currency),
        balance: money(r.balance, fund.currency),
        postingId: Number(r.id),
      }),
    );
    return Object.assign(new AccountStatement(), {
      code,
      openingBalance: money(openingBalance, fund.currency),
      closingBalance: lines.length ? lines[lines.length - 1].balance : money(openingBalance, fund.currency),
      lines,
    });
  }
}

@Resolver(() => JournalEntryType)
export class JournalEntryResolver {
  @FieldResolver(() => [PostingType], { description: 'Its postings: debits equal credits.' })
  postings(@Root() entry: JournalEntryType, @Ctx() ctx: SavingsLoanContext) {
    return postingsLoader(ctx).load(entry.id);
  }
}

@ObjectType('ClosedPeriod', { description: 'A fund’s books after a month closed.' })
class ClosedPeriod {
  @Field(() => ID, { description: 'The fund.' })
  fundId!: string;

  @Field(() => String, { description: 'The last day of the last closed month.' })
  closedThrough!: string;
}

@Resolver()
export class LedgerMutationResolver {
  constructor(private readonly ledger: LedgerService) {}

  @Mutation(() => JournalEntryType, {
    description:
      'Reverse a journal entry: a new entry mirrors each of its postings, dated `valueDate` (today by default, in an open month), naming the entry it reverses. An entry is reversed once (ENTRY_ALREADY_REVERSED); a reversal is not reversed (ENTRY_IS_A_REVERSAL). A reversal that would take a balance below zero is refused (INSUFFICIENT_FUNDS): reverse what used the money first.',
  })
  async reverseEntry(
    @Arg('entryId', () => ID) entryId: string,
    @Arg('reason', () => String, { description: 'Why (kept in the journal).' }) reason: string,
    @Arg('idempotencyKey', () => String, { description: 'A key the client makes (a UUID); the same key and request give the same result.' })
    idempotencyKey: string,
    @Arg('valueDate', () => String, { nullable: true, description: 'The day of the reversal (today by default).' })
    valueDate: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    const text = freeTextArg(reason, 'reason');
    if (!text) throw new DomainError('INVALID_INPUT', 'Invalid reason: say why the entry is reversed', 'reason');
    const result = await this.ledger.reverseEntry(ctx.access, { entryId, reason: text, idempotencyKey, valueDate });
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }

  @Mutation(() => ClosedPeriod, {
    description:
      "Close the fund's books through the end of `month` (YYYY-MM): entries dated on or before its last day are refused from then on (PERIOD_CLOSED). A month closes once it has ended in the fund's country.",
  })
  closeMonth(@Arg('fundId', () => ID) fundId: string, @Arg('month', () => String) month: string, @Ctx() ctx: SavingsLoanContext) {
    return this.ledger.closeMonth(ctx.access, { fundId, month });
  }
}
