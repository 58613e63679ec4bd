import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { uuid7, type ScopedDatabase } from '@funds/db-kit';
import { Access, DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString, fitsCurrency, minorUnits } from '@funds/money';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { bookEvent } from '../ledger/ledger.events';
import { EntryLine, LedgerRepository } from '../ledger/ledger.repository';
import { idempotent } from '../idempotency/idempotency';
import { FundRefRow, MemberRefRow, locateFund, locateMember } from '../scope/fund-scope';
import { activeMemberOfFund, assertAmount } from '../savings/savings.service';
import type { Loan, LoanProduct, LoanProductSettings, LoanStatus } from './loan.entity';
import { LoanRepository } from './loan.repository';
import { presetFor } from './loan.presets';
import { Instalment, InstalmentState, LoanTerms, ScheduleError, addMonths, allocateRepayment, buildSchedule, split } from './schedule';

/** What applyForLoan asks. */
export interface ApplyForLoanInput {
  memberId: string;
  productId: string;
  principal: Decimal;
  termMonths: number;
  purpose?: string | null;
  fundingPartnerId?: string | null;
  /** The day she applied (today when left out; never in the future). */
  appliedOn?: string | null;
}

/** A money step's common arguments. */
export interface LoanMoneyInput {
  loanId: string;
  valueDate?: string | null;
  memo?: string | null;
  idempotencyKey: string;
}

/** What a loan step answers: the loan, its fund, and the journal entry when money moved. */
export interface LoanStepResult {
  fundId: string;
  loanId: string;
  entryId: string | null;
}

/** Every setting optional: what the caller leaves out comes from the fund's methodology preset (create) or stays (update). */
export type LoanProductPatch = Partial<LoanProductSettings>;

const ZERO = new Dec(0);

/**
 * Loans: products per fund, and a loan's life - apply, approve (each officer's approval recorded),
 * reject, disburse (the schedule fixed then), repay (fees, interest, principal, oldest instalment
 * first), reschedule, write off, close. Each method is one transaction opened here; each step where
 * money moves is one journal entry, idempotent by the client's key; each step records its event.
 *
 * The policy rules (judged on applying and again on disbursing, each with its own code naming the
 * field): the member active in the fund; the product active (on applying); the term within the
 * product's range; a purpose when the product asks for one; the waiting period since she joined;
 * the concurrent-loan limit (her applied, approved and disbursed loans); the cap of her loan cycle;
 * the cap as a multiple of her savings and shares, counting what she still owes on her other loans;
 * and the group guarantee (no loan to a group while one of its members is behind). A member's loan
 * steps that judge caps run one at a time (LoanRepository.lockMember, taken before counting).
 */
export class LoanService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
  ) {}

  // ---- Products

  createLoanProduct(access: Access, fundId: string, patch: LoanProductPatch): Promise<{ fundId: string; productId: string }> {
    return this.db.transaction(access.dbScope, async (em) => {
      const fund = await locateFund(access, em, fundId);
      access.authorize('createLoanProduct', fund.ref, 'fundId');
      const settings = { ...presetFor(fund.methodology, fund.currency), ...defined(patch) };
      validateSettings(settings, fund.currency);
      const productId = await new LoanRepository(em).insertProduct(fund.ref.id, settings, access.identity.subject);
      await new LedgerRepository(em).appendEvents([productEvent(fund, access, productId, settings)]);
      return { fundId: fund.ref.id, productId };
    });
  }

  updateLoanProduct(access: Access, productId: string, patch: LoanProductPatch): Promise<{ fundId: string; productId: string }> {
    return this.db.transaction(access.dbScope, async (em) => {
      const repo = new LoanRepository(em);
      const product = (await repo.products([productId], true)).get(productId);
      if (!product) throw new DomainError('NOT_FOUND', `No loan product with id ${productId}`, 'productId');
      const fund = await locateFund(access, em, product.fundId, 'productId');
      access.authorize('updateLoanProduct', fund.ref, 'productId');
      const settings = { ...settingsOf(product), ...defined(patch) };
      validateSettings(settings, fund.currency);
      await repo.updateProduct(productId, settings);
      await new LedgerRepository(em).appendEvents([productEvent(fund, access, productId, settings)]);
      return { fundId: fund.ref.id, productId };
    });
  }

  // ---- Lifecycle

  applyForLoan(access: Access, input: ApplyForLoanInput): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { member, fund } = await activeMemberOfFund(access, em, input.memberId, 'applyForLoan');
      const repo = new LoanRepository(em);
      assertAmount(input.principal, fund.currency, 'principal');
      const product = (await repo.products([input.productId])).get(input.productId);
      if (!product || product.fundId !== fund.ref.id) {
        throw new DomainError('NOT_FOUND', `No loan product with id ${input.productId} in her fund`, 'productId');
      }
      if (!product.active)
        throw new DomainError('LOAN_PRODUCT_INACTIVE', `The product '${product.name}' is no longer offered`, 'productId');
      if (input.fundingPartnerId) {
        const partner = await repo.partnerExists(input.fundingPartnerId);
        if (!partner) throw new DomainError('NOT_FOUND', `No partner with id ${input.fundingPartnerId}`, 'fundingPartnerId');
      }
      // An application recorded after the fact is judged as of the day she applied.
      const appliedOn = this.days.valueDate(input.appliedOn, fund.ref.countryCode, 'appliedOn');
      await repo.lockMember(member.ref.id);
      const purpose = input.purpose?.trim() || null;
      const cycle = await this.judge(
        em,
        { product, member, fund, principal: input.principal, termMonths: input.termMonths, purpose },
        appliedOn,
        null,
      );
      const loanId = uuid7();
      await repo.insertLoan(
        {
          id: loanId,
          fundId: fund.ref.id,
          memberId: member.ref.id,
          groupId: member.ref.groupId,
          productId: product.id,
          cycle,
          currency: fund.currency,
          principal: input.principal,
          termMonths: input.termMonths,
          method: product.method,
          annualRatePercent: product.annualRatePercent,
          feePercent: product.feePercent,
          feeTiming: product.feeTiming,
          repayment: product.repayment,
          purpose,
          appliedOn,
          fundingPartnerId: input.fundingPartnerId ?? null,
        },
        access.identity.subject,
      );
      await new LedgerRepository(em).appendEvents([
        bookEvent(fund.ref, 'LoanApplied', loanId, access, {
          loanId,
          memberId: member.ref.id,
          productId: product.id,
          cycle,
          principal: decimalToString(input.principal),
          currency: fund.currency,
          termMonths: input.termMonths,
          appliedOn,
        }),
      ]);
      return { fundId: fund.ref.id, loanId, entryId: null };
    });
  }

  /** `approvedOn`: the day the officer approved (today when left out), not before the day she applied. */
  approveLoan(access: Access, loanId: string, note: string | null, approvedOn?: string | null): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { loan, fund } = await this.locateLoan(access, em, loanId, 'approveLoan');
      expectStatus(loan, ['APPLIED', 'APPROVED']);
      const repo = new LoanRepository(em);
      if (!(await repo.insertApproval(loan.id, loan.fundId, access.identity.subject, note))) {
        throw new DomainError(
          'LOAN_ALREADY_APPROVED',
          'You have approved this loan already; another officer may add an approval',
          'loanId',
        );
      }
      const decidedOn = this.days.valueDate(approvedOn, fund.ref.countryCode, 'approvedOn');
      notBefore(decidedOn, loan.appliedOn, 'the day she applied', 'approvedOn');
      if (loan.status === 'APPLIED') await repo.setStatus(loan.id, 'APPROVED', { decidedOn, decisionNote: note });
      await new LedgerRepository(em).appendEvents([
        bookEvent(fund.ref, 'LoanApproved', loan.id, access, { loanId: loan.id, memberId: loan.memberId, approvedOn: decidedOn }),
      ]);
      return { fundId: loan.fundId, loanId: loan.id, entryId: null };
    });
  }

  rejectLoan(access: Access, loanId: string, note: string | null): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { loan, fund } = await this.locateLoan(access, em, loanId, 'rejectLoan');
      expectStatus(loan, ['APPLIED', 'APPROVED']);
      const today = this.days.today(fund.ref.countryCode);
      await new LoanRepository(em).setStatus(loan.id, 'REJECTED', { decidedOn: today, decisionNote: note });
      await new LedgerRepository(em).appendEvents([
        bookEvent(fund.ref, 'LoanRejected', loan.id, access, { loanId: loan.id, memberId: loan.memberId, rejectedOn: today }),
      ]);
      return { fundId: loan.fundId, loanId: loan.id, entryId: null };
    });
  }

  /**
   * Pays an approved loan out: the policy judged again (under the member's lock), the schedule
   * fixed from the value date, Dr the loan's receivable (principal), Cr cash (principal less an
   * upfront fee), Cr fee income (the upfront fee). The fund's cash must cover what is paid out.
   */
  disburseLoan(access: Access, input: LoanMoneyInput): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const repo = new LoanRepository(em);
      const seen = await this.locateLoan(access, em, input.loanId, 'disburseLoan');
      await repo.lockMember(seen.loan.memberId);
      const { loan, fund } = await this.locateLoan(access, em, input.loanId, 'disburseLoan', true);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation: 'disburseLoan',
          input: { loanId: loan.id, valueDate, memo: input.memo ?? null },
          recordedBy: access.identity.subject,
        },
        async () => {
          expectStatus(loan, ['APPROVED']);
          notBefore(valueDate, loan.appliedOn, 'the day she applied');
          if (loan.decidedOn) notBefore(valueDate, loan.decidedOn, 'the day it was approved');
          const member = await locateMember(access, em, loan.memberId, 'loanId');
          if (member.status !== 'ACTIVE') {
            throw new DomainError(
              'MEMBER_NOT_ACTIVE',
              `The member is ${member.status.toLowerCase()} in this fund; only active members borrow`,
              'loanId',
            );
          }
          const product = (await repo.products([loan.productId])).get(loan.productId)!;
          const cycle = await this.judge(
            em,
            { product, member, fund, principal: loan.principal, termMonths: loan.termMonths, purpose: loan.purpose },
            valueDate,
            loan.id,
          );
          const schedule = scheduleOf(() => buildSchedule(loan.principal, loan.currency, termsOf(loan), loan.termMonths, valueDate));
          const paidOut = loan.principal.minus(schedule.upfrontFee);
          const ledger = new LedgerRepository(em);
          const [cash] = await ledger.balances(fund.ref.id, [{ code: 'CASH' }], true);
          if (cash.lt(paidOut)) {
            throw new DomainError(
              'INSUFFICIENT_CASH',
              `The fund holds ${decimalToString(cash)} ${fund.currency} in cash; paying this loan out needs ${decimalToString(paidOut)}`,
              'loanId',
              { cash: decimalToString(cash), needed: decimalToString(paidOut) },
            );
          }
          const lines: EntryLine[] = [
            { account: { code: 'LOANS_RECEIVABLE', loanId: loan.id }, amount: loan.principal },
            { account: { code: 'CASH' }, amount: paidOut.negated() },
          ];
          if (schedule.upfrontFee.gt(0)) lines.push({ account: { code: 'FEE_INCOME' }, amount: schedule.upfrontFee.negated() });
          const entry = await ledger.post({
            fundId: fund.ref.id,
            kind: EntryKind.LOAN_DISBURSED,
            valueDate,
            currency: fund.currency,
            memo: input.memo,
            memberId: loan.memberId,
            loanId: loan.id,
            partnerId: loan.fundingPartnerId,
            recordedBy: access.identity.subject,
            lines,
          });
          await repo.markDisbursed(loan.id, cycle, valueDate, entry.id);
          await repo.insertInstalments(loan, 1, schedule.instalments);
          await ledger.appendEvents([
            bookEvent(fund.ref, 'LoanDisbursed', loan.id, access, {
              loanId: loan.id,
              memberId: loan.memberId,
              entryId: entry.id,
              principal: decimalToString(loan.principal),
              upfrontFee: decimalToString(schedule.upfrontFee),
              currency: fund.currency,
              valueDate,
              cycle,
              fundingPartnerId: loan.fundingPartnerId,
              schedule: scheduleEvent(schedule.instalments),
            }),
          ]);
          return { fundId: fund.ref.id, loanId: loan.id, entryId: entry.id };
        },
      );
    });
  }

  repayLoan(access: Access, input: LoanMoneyInput & { amount: Decimal }): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { loan, fund } = await this.locateLoan(access, em, input.loanId, 'repayLoan', true);
      assertAmount(input.amount, fund.currency);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation: 'repayLoan',
          input: { loanId: loan.id, amount: decimalToString(input.amount), valueDate, memo: input.memo ?? null },
          recordedBy: access.identity.subject,
        },
        async () => {
          const entryId = await repayLoanIn(em, access, loan, fund, {
            amount: input.amount,
            valueDate,
            memo: input.memo ?? null,
            meetingId: null,
          });
          return { fundId: fund.ref.id, loanId: loan.id, entryId };
        },
      );
    });
  }

  /**
   * A new schedule version for what is outstanding, from the value date over `termMonths`: the
   * principal still owed, with interest on it by the loan's method and rate; the fee not yet paid
   * (spread) split over the new instalments by the remainder rule; interest and fee that fell due
   * before the value date and are unpaid added to the first new instalment. The old version stays,
   * as history, with what was paid of it. No money moves.
   */
  rescheduleLoan(access: Access, input: { loanId: string; termMonths: number; valueDate?: string | null }): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { loan, fund } = await this.locateLoan(access, em, input.loanId, 'rescheduleLoan', true);
      expectStatus(loan, ['DISBURSED']);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      notBefore(valueDate, loan.disbursedOn!, 'the day it was paid out');
      const repo = new LoanRepository(em);
      const current = await repo.instalments([loan.id]);
      const sum = (pick: (i: (typeof current)[number]) => Decimal, rows = current) => rows.reduce((a, i) => a.plus(pick(i)), ZERO);
      const principal = sum((i) => i.principal.minus(i.principalPaid));
      const feeLeft = sum((i) => i.fee.minus(i.feePaid));
      const overdueInterest = sum(
        (i) => i.interest.minus(i.interestPaid),
        current.filter((i) => i.dueOn < valueDate),
      );
      const terms = { ...termsOf(loan), feePercent: ZERO, feeTiming: 'SPREAD' as const };
      const schedule = scheduleOf(() => buildSchedule(principal, loan.currency, terms, input.termMonths, valueDate), 'termMonths');
      const fees = split(feeLeft, schedule.instalments.length, minorUnits(loan.currency));
      const instalments: Instalment[] = schedule.instalments.map((i, n) => ({
        ...i,
        fee: fees[n],
        interest: n === 0 ? i.interest.plus(overdueInterest) : i.interest,
      }));
      const version = loan.scheduleVersion + 1;
      await repo.insertInstalments(loan, version, instalments);
      await repo.markRescheduled(loan.id, version);
      await new LedgerRepository(em).appendEvents([
        bookEvent(fund.ref, 'LoanRescheduled', loan.id, access, {
          loanId: loan.id,
          memberId: loan.memberId,
          scheduleVersion: version,
          valueDate,
          principal: decimalToString(principal),
          currency: loan.currency,
          schedule: scheduleEvent(instalments),
        }),
      ]);
      return { fundId: fund.ref.id, loanId: loan.id, entryId: null };
    });
  }

  /** Gives up the principal still owed as lost: Dr write-offs, Cr the loan's receivable; the loan is WRITTEN_OFF. */
  writeOffLoan(access: Access, input: LoanMoneyInput): Promise<LoanStepResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { loan, fund } = await this.locateLoan(access, em, input.loanId, 'writeOffLoan', true);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation: 'writeOffLoan',
          input: { loanId: loan.id, valueDate, memo: input.memo ?? null },
          recordedBy: access.identity.subject,
        },
        async () => {
          expectStatus(loan, ['DISBURSED']);
          notBefore(valueDate, loan.disbursedOn!, 'the day it was paid out');
          const ledger = new LedgerRepository(em);
          const [outstanding] = await ledger.balances(fund.ref.id, [{ code: 'LOANS_RECEIVABLE', loanId: loan.id }], true);
          const entry = await ledger.post({
            fundId: fund.ref.id,
            kind: EntryKind.LOAN_WRITE_OFF,
            valueDate,
            currency: fund.currency,
            memo: input.memo,
            memberId: loan.memberId,
            loanId: loan.id,
            recordedBy: access.identity.subject,
            lines: [
              { account: { code: 'WRITE_OFFS' }, amount: outstanding },
              { account: { code: 'LOANS_RECEIVABLE', loanId: loan.id }, amount: outstanding.negated() },
            ],
          });
          await new LoanRepository(em).setStatus(loan.id, 'WRITTEN_OFF', { writtenOffOn: valueDate });
          await ledger.appendEvents([
            bookEvent(fund.ref, 'LoanWrittenOff', loan.id, access, {
              loanId: loan.id,
              memberId: loan.memberId,
              entryId: entry.id,
              principal: decimalToString(outstanding),
              currency: loan.currency,
              valueDate,
            }),
          ]);
          return { fundId: fund.ref.id, loanId: loan.id, entryId: entry.id };
        },
      );
    });
  }

  // ---- Shared steps

  /** The loan, visible to the caller and authorized for `operation` on its fund (`lock`: its row locked). */
  private async locateLoan(
    access: Access,
    em: EntityManager,
    loanId: string,
    operation: string,
    lock = false,
  ): Promise<{ loan: Loan; fund: FundRefRow }> {
    const loan = (await new LoanRepository(em).loans([loanId], lock)).get(loanId);
    if (!loan) throw new DomainError('NOT_FOUND', `No loan with id ${loanId}`, 'loanId');
    const fund = await locateFund(access, em, loan.fundId, 'loanId');
    access.authorize(operation, fund.ref, 'loanId');
    return { loan, fund };
  }

  /**
   * The policy rules for a loan of `principal` to `member` from `product` on `day` (applying or
   * disbursing `loanId`); returns her loan cycle (1 for her first loan in the fund). Called with
   * the member's lock held.
   */
  private async judge(
    em: EntityManager,
    c: { product: LoanProduct; member: MemberRefRow; fund: FundRefRow; principal: Decimal; termMonths: number; purpose: string | null },
    day: string,
    loanId: string | null,
  ): Promise<number> {
    const { product, member, fund } = c;
    const repo = new LoanRepository(em);
    const field = (name: string) => (loanId ? 'loanId' : name);
    if (!Number.isInteger(c.termMonths) || c.termMonths < product.minTermMonths || c.termMonths > product.maxTermMonths) {
      throw new DomainError(
        'LOAN_TERM_OUT_OF_RANGE',
        `The product '${product.name}' lends for ${product.minTermMonths} to ${product.maxTermMonths} months`,
        field('termMonths'),
        { minTermMonths: product.minTermMonths, maxTermMonths: product.maxTermMonths },
      );
    }
    if (product.purposeRequired && !c.purpose) {
      throw new DomainError(
        'LOAN_PURPOSE_REQUIRED',
        `The product '${product.name}' lends for a stated livelihood: give the purpose`,
        field('purpose'),
      );
    }
    const eligibleOn = addMonths(member.joinedOn, product.waitingMonths);
    if (day < eligibleOn) {
      throw new DomainError(
        'LOAN_WAITING_PERIOD',
        `The product '${product.name}' lends after ${product.waitingMonths} months of membership: she joined on ${member.joinedOn}, so from ${eligibleOn}`,
        field('memberId'),
        { joinedOn: member.joinedOn, waitingMonths: product.waitingMonths, eligibleOn },
      );
    }
    const counts = await repo.memberLoanCounts(member.ref.id, fund.ref.id, loanId);
    if (counts.open >= product.maxConcurrentLoans) {
      throw new DomainError(
        'CONCURRENT_LOAN_LIMIT',
        `She has ${counts.open} loan(s) open; the product '${product.name}' allows ${product.maxConcurrentLoans} at a time`,
        field('memberId'),
        { open: counts.open, maxConcurrentLoans: product.maxConcurrentLoans },
      );
    }
    const cycle = counts.disbursedEver + 1;
    if (product.cycleCaps?.length) {
      const cap = product.cycleCaps[Math.min(cycle, product.cycleCaps.length) - 1];
      if (c.principal.gt(cap)) {
        throw new DomainError(
          'LOAN_EXCEEDS_CYCLE_CAP',
          `Her loan number ${cycle} may be at most ${decimalToString(cap)} ${fund.currency}`,
          field('principal'),
          { cycle, cap: decimalToString(cap) },
        );
      }
    }
    if (product.maxSavingsMultiple) {
      const [savings, shares] = await new LedgerRepository(em).balances(fund.ref.id, [
        { code: 'MEMBER_SAVINGS', memberId: member.ref.id },
        { code: 'MEMBER_SHARES', memberId: member.ref.id },
      ]);
      const outstanding = await repo.memberOutstanding(member.ref.id, fund.ref.id, loanId);
      const maximum = savings
        .plus(shares)
        .times(product.maxSavingsMultiple)
        .minus(outstanding)
        .toDecimalPlaces(minorUnits(fund.currency), Dec.ROUND_DOWN);
      if (c.principal.gt(maximum)) {
        throw new DomainError(
          'LOAN_EXCEEDS_SAVINGS_MULTIPLE',
          `She may borrow at most ${decimalToString(Dec.max(maximum, 0))} ${fund.currency} now: ${decimalToString(product.maxSavingsMultiple)} times her savings and shares (${decimalToString(savings.plus(shares))}) less ${decimalToString(outstanding)} she owes`,
          field('principal'),
          {
            savings: decimalToString(savings.plus(shares)),
            multiple: decimalToString(product.maxSavingsMultiple),
            outstanding: decimalToString(outstanding),
            maximum: decimalToString(Dec.max(maximum, 0)),
          },
        );
      }
    }
    if (product.groupGuarantee && member.ref.groupId) {
      const late = await repo.groupLoansInArrears(member.ref.groupId, day);
      if (late > 0) {
        throw new DomainError(
          'GROUP_MEMBER_IN_ARREARS',
          'Her group guarantees its loans: no new loan goes to the group while a member is behind on one',
          field('memberId'),
          { loansInArrears: late },
        );
      }
    }
    return cycle;
  }
}

/**
 * A repayment of a loan inside the caller's own transaction (the collection sheet's): the loan is
 * locked, checked visible and authorized (repayLoan), allocated, posted (Dr cash, Cr fee and
 * interest income and the loan's receivable), its instalments paid, closed when all is paid; its
 * events appended. No idempotency of its own: the caller's is the unit. Returns the entry id.
 */
export async function repayInTransaction(
  em: EntityManager,
  access: Access,
  input: { loanId: string; amount: Decimal; valueDate: string; meetingId: string | null },
): Promise<string> {
  const loan = (await new LoanRepository(em).loans([input.loanId], true)).get(input.loanId);
  if (!loan) throw new DomainError('NOT_FOUND', `No loan with id ${input.loanId}`, 'loanId');
  const fund = await locateFund(access, em, loan.fundId, 'loanId');
  access.authorize('repayLoan', fund.ref, 'loanId');
  assertAmount(input.amount, fund.currency);
  return repayLoanIn(em, access, loan, fund, {
    amount: input.amount,
    valueDate: input.valueDate,
    memo: null,
    meetingId: input.meetingId,
  });
}

/** A repayment of a locked, visible loan: allocated, posted, instalments paid, closed when all is paid. */
async function repayLoanIn(
  em: EntityManager,
  access: Access,
  loan: Loan,
  fund: FundRefRow,
  payment: { amount: Decimal; valueDate: string; memo: string | null; meetingId: string | null },
): Promise<string> {
  expectStatus(loan, ['DISBURSED']);
  notBefore(payment.valueDate, loan.disbursedOn!, 'the day it was paid out');
  const repo = new LoanRepository(em);
  const instalments = await repo.instalments([loan.id]);
  const allocation = allocateRepayment(payment.amount, instalments as InstalmentState[]);
  if (allocation.excess.gt(0)) {
    const outstanding = payment.amount.minus(allocation.excess);
    throw new DomainError(
      'REPAYMENT_EXCEEDS_OUTSTANDING',
      `The loan owes ${decimalToString(outstanding)} ${loan.currency} in all; a repayment is at most that`,
      'amount',
      { outstanding: decimalToString(outstanding) },
    );
  }
  const lines: EntryLine[] = [{ account: { code: 'CASH' }, amount: payment.amount }];
  if (allocation.fee.gt(0)) lines.push({ account: { code: 'FEE_INCOME' }, amount: allocation.fee.negated() });
  if (allocation.interest.gt(0)) lines.push({ account: { code: 'INTEREST_INCOME' }, amount: allocation.interest.negated() });
  if (allocation.principal.gt(0))
    lines.push({ account: { code: 'LOANS_RECEIVABLE', loanId: loan.id }, amount: allocation.principal.negated() });
  const ledger = new LedgerRepository(em);
  const entry = await ledger.post({
    fundId: fund.ref.id,
    kind: EntryKind.LOAN_REPAYMENT,
    valueDate: payment.valueDate,
    currency: fund.currency,
    memo: payment.memo,
    memberId: loan.memberId,
    loanId: loan.id,
    meetingId: payment.meetingId,
    recordedBy: access.identity.subject,
    lines,
  });
  await repo.addPayments(loan.id, loan.scheduleVersion, allocation.parts);
  const owed = instalments.reduce(
    (a, i) => a.plus(i.principal).plus(i.interest).plus(i.fee).minus(i.principalPaid).minus(i.interestPaid).minus(i.feePaid),
    ZERO,
  );
  const closed = owed.minus(payment.amount).isZero();
  const events = [
    bookEvent(fund.ref, 'LoanRepaid', loan.id, access, {
      loanId: loan.id,
      memberId: loan.memberId,
      entryId: entry.id,
      amount: decimalToString(payment.amount),
      fee: decimalToString(allocation.fee),
      interest: decimalToString(allocation.interest),
      principal: decimalToString(allocation.principal),
      currency: loan.currency,
      valueDate: payment.valueDate,
      meetingId: payment.meetingId,
    }),
  ];
  if (closed) {
    await repo.setStatus(loan.id, 'CLOSED', { closedOn: payment.valueDate });
    events.push(
      bookEvent(fund.ref, 'LoanClosed', loan.id, access, { loanId: loan.id, memberId: loan.memberId, closedOn: payment.valueDate }),
    );
  }
  await ledger.appendEvents(events);
  return entry.id;
}

/** A loan's step is dated on or after the step before it. */
function notBefore(valueDate: string, earliest: string, what: string, field = 'valueDate'): void {
  if (valueDate < earliest) {
    throw new DomainError('INVALID_DATE', `This step of the loan is dated on or after ${what} (${earliest}), not ${valueDate}`, field);
  }
}

function expectStatus(loan: Loan, expected: LoanStatus[]): void {
  if (!expected.includes(loan.status)) {
    throw new DomainError(
      'INVALID_LOAN_STATUS',
      `The loan is ${loan.status.toLowerCase().replace('_', ' ')}; this step is for a loan that is ${expected.map((s) => s.toLowerCase()).join(' or ')}`,
      'loanId',
      { status: loan.status, expected },
    );
  }
}

function termsOf(loan: Loan): LoanTerms {
  return {
    method: loan.method,
    annualRatePercent: loan.annualRatePercent,
    feePercent: loan.feePercent,
    feeTiming: loan.feeTiming,
    repayment: loan.repayment,
  };
}

/** The schedule module's refusals as coded errors. */
function scheduleOf<T>(build: () => T, termField = 'loanId'): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ScheduleError) {
      if (error.code === 'INVALID_TERM') throw new DomainError('INVALID_TERM', error.message, termField);
      if (error.code === 'INVALID_RATE') throw new DomainError('INVALID_RATE', error.message, 'loanId');
      throw new DomainError('INVALID_AMOUNT', error.message, 'principal');
    }
    throw error;
  }
}

function scheduleEvent(instalments: Instalment[]) {
  return instalments.map((i) => ({
    number: i.number,
    dueOn: i.dueOn,
    principal: decimalToString(i.principal),
    interest: decimalToString(i.interest),
    fee: decimalToString(i.fee),
  }));
}

/** A product's settings as reporting reads them (amounts and percents as text). */
function productEvent(fund: FundRefRow, access: Access, productId: string, s: LoanProductSettings) {
  return bookEvent(fund.ref, 'LoanProductSet', fund.ref.id, access, {
    productId,
    name: s.name,
    method: s.method,
    annualRatePercent: decimalToString(s.annualRatePercent),
    feePercent: decimalToString(s.feePercent),
    feeTiming: s.feeTiming,
    repayment: s.repayment,
    minTermMonths: s.minTermMonths,
    maxTermMonths: s.maxTermMonths,
    maxSavingsMultiple: s.maxSavingsMultiple === null ? null : decimalToString(s.maxSavingsMultiple),
    cycleCaps: s.cycleCaps === null ? null : s.cycleCaps.map(decimalToString),
    currency: fund.currency,
    waitingMonths: s.waitingMonths,
    groupGuarantee: s.groupGuarantee,
    maxConcurrentLoans: s.maxConcurrentLoans,
    purposeRequired: s.purposeRequired,
    guaranteeHoldPercent: decimalToString(s.guaranteeHoldPercent),
    active: s.active,
  });
}

function settingsOf(p: LoanProduct): LoanProductSettings {
  const { id: _id, fundId: _fund, currency: _currency, ...settings } = p;
  return settings;
}

function defined(patch: LoanProductPatch): LoanProductPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as LoanProductPatch;
}

/** A product's settings that can be right, or INVALID_LOAN_PRODUCT naming the setting (input.<name>). */
export function validateSettings(s: LoanProductSettings, currency: string): void {
  const bad = (field: string, message: string) => new DomainError('INVALID_LOAN_PRODUCT', message, `input.${field}`);
  const name = s.name.trim();
  if (name.length < 1 || name.length > 100) throw bad('name', 'A product name has 1 to 100 characters');
  s.name = name;
  const percent = (field: 'annualRatePercent' | 'feePercent' | 'guaranteeHoldPercent', value: Decimal) => {
    if (!value.isFinite() || value.lt(0) || value.gt(100) || value.decimalPlaces() > 4)
      throw bad(field, 'A percent is 0 to 100, at most 4 decimals');
  };
  percent('annualRatePercent', s.annualRatePercent);
  percent('feePercent', s.feePercent);
  percent('guaranteeHoldPercent', s.guaranteeHoldPercent);
  if (s.method === 'QARD_AL_HASAN' && !s.annualRatePercent.isZero()) {
    throw bad('annualRatePercent', 'A qard al-hasan loan bears no interest; its cost is its service fee');
  }
  const months = (field: 'minTermMonths' | 'maxTermMonths' | 'waitingMonths', value: number, min: number) => {
    if (!Number.isInteger(value) || value < min || value > 120) throw bad(field, `${field} is a whole number of months, ${min} to 120`);
  };
  months('minTermMonths', s.minTermMonths, 1);
  months('maxTermMonths', s.maxTermMonths, 1);
  months('waitingMonths', s.waitingMonths, 0);
  if (s.minTermMonths > s.maxTermMonths) throw bad('minTermMonths', 'The shortest term is not longer than the longest');
  if (!Number.isInteger(s.maxConcurrentLoans) || s.maxConcurrentLoans < 1 || s.maxConcurrentLoans > 10) {
    throw bad('maxConcurrentLoans', 'A member may have 1 to 10 loans at a time');
  }
  if (s.maxSavingsMultiple !== null && (!s.maxSavingsMultiple.isFinite() || s.maxSavingsMultiple.lte(0) || s.maxSavingsMultiple.gt(1000))) {
    throw bad('maxSavingsMultiple', 'A multiple of savings is more than zero (leave it out for none)');
  }
  if (s.cycleCaps !== null) {
    if (s.cycleCaps.length === 0 || s.cycleCaps.length > 20) throw bad('cycleCaps', 'Give 1 to 20 caps (1st, 2nd, ... loan), or none');
    s.cycleCaps.forEach((cap, i) => {
      if (!cap.isFinite() || cap.lte(0) || !fitsCurrency(cap, currency)) {
        throw new DomainError('INVALID_LOAN_PRODUCT', `A cap is more than zero, in whole ${currency} minor units`, `input.cycleCaps.${i}`);
      }
    });
  }
}
