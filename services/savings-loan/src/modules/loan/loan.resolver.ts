import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { MoneyType, PageArgs, dateArg, freeTextArg } from '@funds/graphql-kit';
import { Dec } from '@funds/money';
import type { SavingsLoanContext } from '../../context';
import { FundBooksEntity, JournalEntryType, MemberBooksEntity, money } from '../ledger/books.types';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { entryLoader, fundRefLoader, memberRefLoader } from '../ledger/ledger.loaders';
import type { LoanStatus } from './loan.entity';
import { ApplyForLoanInput, LoanMoneyInput, LoanProductInput, RepayLoanInput, RescheduleLoanInput } from './loan.inputs';
import {
  approvalsLoader,
  fundLoansPage,
  fundProductsLoader,
  instalmentsLoader,
  loanEntryIdsLoader,
  loanLoader,
  memberLoansLoader,
  productLoader,
  toInstalmentType,
} from './loan.loaders';
import { LoanService, LoanStepResult } from './loan.service';
import {
  LoanApprovalType,
  LoanArrearsType,
  LoanConnection,
  LoanInstalmentType,
  LoanProductType,
  LoanStatusEnum,
  LoanType,
} from './loan.types';
import { arrears } from './schedule';

const ZERO = new Dec(0);

@Resolver()
export class LoanMutationResolver {
  constructor(private readonly loans: LoanService) {}

  private async loan(ctx: SavingsLoanContext, result: LoanStepResult): Promise<LoanType> {
    ctx.loaders.clearAll();
    return (await loanLoader(ctx).load(result.loanId))!;
  }

  private async product(ctx: SavingsLoanContext, productId: string): Promise<LoanProductType> {
    ctx.loaders.clearAll();
    return (await productLoader(ctx).load(productId))!;
  }

  @Mutation(() => LoanProductType, {
    description:
      "A new loan product of the fund (its admins decide its lending policy). Settings left out take the fund's methodology preset (see LoanProductInput). INVALID_LOAN_PRODUCT names a setting that cannot be right; NAME_TAKEN.",
  })
  async createLoanProduct(
    @Arg('fundId', () => ID) fundId: string,
    @Arg('input', () => LoanProductInput) input: LoanProductInput,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    const { productId } = await this.loans.createLoanProduct(ctx.access, fundId, { ...input });
    return this.product(ctx, productId);
  }

  @Mutation(() => LoanProductType, {
    description: 'Change a loan product: settings left out stay. Loans already applied for keep the terms they were applied for.',
  })
  async updateLoanProduct(
    @Arg('productId', () => ID) productId: string,
    @Arg('input', () => LoanProductInput) input: LoanProductInput,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    await this.loans.updateLoanProduct(ctx.access, productId, { ...input });
    return this.product(ctx, productId);
  }

  @Mutation(() => LoanType, {
    description:
      "A member applies for a loan. The product's policy is judged now and again at disbursement, each rule with its own code naming the field: MEMBER_NOT_ACTIVE, LOAN_PRODUCT_INACTIVE, LOAN_TERM_OUT_OF_RANGE, LOAN_PURPOSE_REQUIRED, LOAN_WAITING_PERIOD, CONCURRENT_LOAN_LIMIT, LOAN_EXCEEDS_CYCLE_CAP, LOAN_EXCEEDS_SAVINGS_MULTIPLE, GROUP_MEMBER_IN_ARREARS.",
  })
  async applyForLoan(@Arg('input', () => ApplyForLoanInput) input: ApplyForLoanInput, @Ctx() ctx: SavingsLoanContext) {
    return this.loan(ctx, await this.loans.applyForLoan(ctx.access, input));
  }

  @Mutation(() => LoanType, {
    description:
      'An officer approves an applied loan (each approval is recorded with who and when; another officer may add hers to an approved loan; LOAN_ALREADY_APPROVED for the same officer twice).',
  })
  async approveLoan(
    @Arg('loanId', () => ID) loanId: string,
    @Arg('note', () => String, { nullable: true, description: 'Why, or on what terms.' }) note: string | null,
    @Arg('approvedOn', () => String, {
      nullable: true,
      description: 'The day the officer approved (YYYY-MM-DD, today by default; not before the day she applied, never in the future).',
    })
    approvedOn: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    return this.loan(ctx, await this.loans.approveLoan(ctx.access, loanId, freeTextArg(note, 'note') ?? null, approvedOn));
  }

  @Mutation(() => LoanType, { description: 'An officer refuses an applied or approved loan (not yet paid out).' })
  async rejectLoan(
    @Arg('loanId', () => ID) loanId: string,
    @Arg('note', () => String, { nullable: true, description: 'Why.' }) note: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    return this.loan(ctx, await this.loans.rejectLoan(ctx.access, loanId, freeTextArg(note, 'note') ?? null));
  }

  @Mutation(() => LoanType, {
    description:
      "Pay an approved loan out: its policy judged again, its schedule fixed from the value date, one journal entry (Dr the loan's receivable the principal, Cr cash the principal less an upfront fee, Cr fee income the upfront fee). The fund's cash must cover it (INSUFFICIENT_CASH).",
  })
  async disburseLoan(@Arg('input', () => LoanMoneyInput) input: LoanMoneyInput, @Ctx() ctx: SavingsLoanContext) {
    return this.loan(ctx, await this.loans.disburseLoan(ctx.access, input));
  }

  @Mutation(() => LoanType, {
    description:
      "A repayment: fees, then interest, then principal, oldest instalment first; more than is due pays the next instalments ahead (early repayment; no rebate of flat interest or fees). Dr cash, Cr fee income, interest income and the loan's receivable. The loan closes when everything is paid; more than everything owed is refused (REPAYMENT_EXCEEDS_OUTSTANDING).",
  })
  async repayLoan(@Arg('input', () => RepayLoanInput) input: RepayLoanInput, @Ctx() ctx: SavingsLoanContext) {
    return this.loan(ctx, await this.loans.repayLoan(ctx.access, input));
  }

  @Mutation(() => LoanType, {
    description:
      'A new schedule version for what a disbursed loan still owes, from the value date over termMonths: the principal owed, with interest by the loan’s method and rate; the unpaid fee split over the new instalments; unpaid interest and fees fallen due before the value date added to the first new instalment. No money moves; the old version is kept.',
  })
  async rescheduleLoan(@Arg('input', () => RescheduleLoanInput) input: RescheduleLoanInput, @Ctx() ctx: SavingsLoanContext) {
    return this.loan(ctx, await this.loans.rescheduleLoan(ctx.access, input));
  }

  @Mutation(() => LoanType, {
    description:
      "Give up the principal a disbursed loan still owes as lost (the fund's admins decide): Dr write-offs, Cr the loan's receivable.",
  })
  async writeOffLoan(@Arg('input', () => LoanMoneyInput) input: LoanMoneyInput, @Ctx() ctx: SavingsLoanContext) {
    return this.loan(ctx, await this.loans.writeOffLoan(ctx.access, input));
  }
}

@Resolver(() => LoanType)
export class LoanFieldsResolver {
  constructor(private readonly days: BusinessDays) {}

  @FieldResolver(() => LoanProductType, { nullable: true, description: 'The product it was applied for.' })
  product(@Root() loan: LoanType, @Ctx() ctx: SavingsLoanContext) {
    return productLoader(ctx).load(loan.productId);
  }

  @FieldResolver(() => MemberBooksEntity, { description: 'The borrower.' })
  member(@Root() loan: LoanType) {
    return Object.assign(new MemberBooksEntity(), { id: loan.memberId });
  }

  @FieldResolver(() => [LoanApprovalType], { description: 'Officers’ approvals, oldest first.' })
  approvals(@Root() loan: LoanType, @Ctx() ctx: SavingsLoanContext) {
    return approvalsLoader(ctx).load(loan.id);
  }

  @FieldResolver(() => [LoanInstalmentType], {
    description: 'Its schedule (empty before disbursement): the current version, or every version with `allVersions`.',
  })
  async instalments(
    @Root() loan: LoanType,
    @Arg('allVersions', () => Boolean, { nullable: true, description: 'Every schedule version (after rescheduling), oldest first.' })
    allVersions: boolean | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    const rows = await instalmentsLoader(ctx, allVersions === true).load(loan.id);
    return rows.map((i) => toInstalmentType(i, loan.currency));
  }

  @FieldResolver(() => MoneyType, { description: 'Principal still owed (zero before disbursement, once closed and once written off).' })
  async outstandingPrincipal(@Root() loan: LoanType, @Ctx() ctx: SavingsLoanContext) {
    if (loan.status !== LoanStatusEnum.DISBURSED) return money(ZERO, loan.currency);
    const rows = await instalmentsLoader(ctx).load(loan.id);
    return money(
      rows.reduce((a, i) => a.plus(i.principal).minus(i.principalPaid), ZERO),
      loan.currency,
    );
  }

  @FieldResolver(() => LoanArrearsType, {
    description: 'What it is behind on at the end of `asOf` (today by default): only a disbursed loan is ever behind.',
  })
  async arrears(
    @Root() loan: LoanType,
    @Arg('asOf', () => String, { nullable: true, description: 'The day (YYYY-MM-DD).' }) asOf: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ) {
    let day = asOf ? dateArg(asOf, 'asOf') : null;
    if (!day) {
      const fund = await fundRefLoader(ctx).load(loan.fundId);
      day = this.days.today(fund?.ref.countryCode ?? '');
    }
    const rows = loan.status === LoanStatusEnum.DISBURSED ? await instalmentsLoader(ctx).load(loan.id) : [];
    const a = arrears(rows, day);
    return Object.assign(new LoanArrearsType(), {
      asOf: day,
      daysPastDue: a.daysPastDue,
      instalmentsOverdue: a.instalmentsOverdue,
      overduePrincipal: money(a.overduePrincipal, loan.currency),
      overdueInterest: money(a.overdueInterest, loan.currency),
      overdueFee: money(a.overdueFee, loan.currency),
    });
  }

  @FieldResolver(() => [JournalEntryType], { description: 'Its repayments (journal entries), oldest first.' })
  async repayments(@Root() loan: LoanType, @Ctx() ctx: SavingsLoanContext) {
    return this.entriesOf(ctx, loan, [EntryKind.LOAN_REPAYMENT]);
  }

  @FieldResolver(() => [JournalEntryType], { description: 'Its disbursement and write-off entries, oldest first.' })
  async entries(@Root() loan: LoanType, @Ctx() ctx: SavingsLoanContext) {
    return this.entriesOf(ctx, loan, [EntryKind.LOAN_DISBURSED, EntryKind.LOAN_WRITE_OFF]);
  }

  /** A loan's entries of these kinds: one statement for the ids of every loan of the level, one for the entries. */
  private async entriesOf(ctx: SavingsLoanContext, loan: LoanType, kinds: string[]): Promise<JournalEntryType[]> {
    const ids = (await loanEntryIdsLoader(ctx).load(loan.id)).filter((e) => kinds.includes(e.kind)).map((e) => e.entryId);
    return (await entryLoader(ctx).loadMany(ids)).filter((e): e is JournalEntryType => !!e && !(e instanceof Error));
  }
}

@ArgsType()
class FundLoansArgs extends PageArgs {
  @Field(() => LoanStatusEnum, { nullable: true, description: 'Only loans in this status.' })
  status?: LoanStatus;
}

@Resolver(() => FundBooksEntity)
export class FundLoansResolver {
  @FieldResolver(() => LoanConnection, {
    nullable: true,
    description:
      "The fund's loans, oldest first (members' money: the fund's people and admins, never viewers or portfolio apps); null until its books open.",
  })
  async loans(@Root() fund: FundBooksEntity, @Args(() => FundLoansArgs) args: FundLoansArgs, @Ctx() ctx: SavingsLoanContext) {
    const ref = await fundRefLoader(ctx).load(fund.id);
    if (!ref || !ref.hasBooks || !ctx.access.canSee(ref.ref)) return null;
    ctx.access.authorize('Fund.loans', ref.ref, 'loans');
    return fundLoansPage(ctx, fund.id, args);
  }

  @FieldResolver(() => [LoanProductType], { description: "The fund's loan products (its lending policy), by name." })
  async loanProducts(@Root() fund: FundBooksEntity, @Ctx() ctx: SavingsLoanContext) {
    const ref = await fundRefLoader(ctx).load(fund.id);
    if (!ref || !ctx.access.canSee(ref.ref)) return [];
    return fundProductsLoader(ctx).load(fund.id);
  }
}

@Resolver(() => MemberBooksEntity)
export class MemberLoansResolver {
  @FieldResolver(() => [LoanType], {
    nullable: true,
    description: "Her loans, oldest first (personal financial data: her fund's people and admins, never viewers or portfolio apps).",
  })
  async loans(@Root() member: MemberBooksEntity, @Ctx() ctx: SavingsLoanContext) {
    const ref = await memberRefLoader(ctx).load(member.id);
    if (!ref || !ctx.access.canSee(ref.ref)) return null;
    ctx.access.authorize('Member.loans', ref.ref, 'loans');
    return memberLoansLoader(ctx).load(member.id);
  }
}
