import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import type { ScopedDatabase, ScopedDb } from '@funds/db-kit';
import { Access, DomainError, dateArg } from '@funds/graphql-kit';
import { Dec } from '@funds/money';
import { AccountCode, AccountKind, CHART, S, normalSign } from './chart';
import { AccountTotal, BalanceSheet, IncomeStatement, TrialBalance, money } from './books.types';
import { BusinessDays } from './business-days';
import { EntryKind } from './ledger.enums';
import { LedgerRepository } from './ledger.repository';
import { locateFund } from '../scope/fund-scope';
import { idempotent } from '../idempotency/idempotency';
import { bookEvent } from './ledger.events';

/** Entries the loans module posts: a loan's instalments record them, so they are not reversed alone. */
const LOAN_KINDS = new Set<string>([EntryKind.LOAN_DISBURSED, EntryKind.LOAN_REPAYMENT, EntryKind.LOAN_WRITE_OFF]);
/** What a money mutation returns (and its idempotency key stores): the entry it posted. */
export interface PostedResult {
  fundId: string;
  entryId: string;
}

/**
 * The journal's rules that are not one money event's: reversal, closing months, and the fund's
 * statements at a date. A statement is read from postings by value date, so it is right at any
 * date, back-dated entries included.
 */
export class LedgerService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
  ) {}

  /**
   * Reverses an entry: a new entry with every posting mirrored, dated `valueDate` (today by
   * default, in an open month), naming the entry it reverses. An entry is reversed at most once
   * (a unique key in the database), and a reversal is not itself reversed.
   */
  reverseEntry(
    access: Access,
    input: { entryId: string; reason: string; valueDate?: string | null; idempotencyKey: string },
  ): Promise<PostedResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const [original]: {
        id: string;
        fund_id: string;
        kind: EntryKind;
        currency: string;
        reverses_id: string | null;
        reversed: boolean;
      }[] = await em.query(
        `SELECT e.id, e.fund_id, e.kind, e.currency, e.reverses_id,
                  EXISTS (SELECT 1 FROM ${S}.journal_entry r WHERE r.reverses_id = e.id) AS reversed
             FROM ${S}.journal_entry e WHERE e.id = $1`,
        [input.entryId],
      );
      if (!original) throw new DomainError('NOT_FOUND', `No journal entry with id ${input.entryId}`, 'entryId');
      const fund = await locateFund(access, em, original.fund_id, 'entryId');
      access.authorize('reverseEntry', fund.ref, 'entryId');
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation: 'reverseEntry',
          input: { ...input, idempotencyKey: undefined },
          recordedBy: access.identity.subject,
        },
        async () => {
          if (original.kind === EntryKind.REVERSAL) {
            throw new DomainError('ENTRY_IS_A_REVERSAL', 'A reversal is not reversed; post the corrected entry instead', 'entryId');
          }
          if (original.reversed)
            throw new DomainError('ENTRY_ALREADY_REVERSED', `Entry ${input.entryId} has already been reversed`, 'entryId');
          if (LOAN_KINDS.has(original.kind)) {
            throw new DomainError(
              'ENTRY_OF_A_LOAN',
              "A loan's entry is not reversed alone (her schedule would still count it): correct the loan through its own steps (a repayment, a reschedule, a write-off)",
              'entryId',
            );
          }
          const postings: {
            code: AccountCode;
            member_id: string | null;
            loan_id: string | null;
            partner_id: string | null;
            amount: string;
          }[] = await em.query(
            `SELECT a.code, a.member_id, a.loan_id, a.partner_id, p.amount::text AS amount
                 FROM ${S}.posting p JOIN ${S}.account a ON a.id = p.account_id
                WHERE p.entry_id = $1 ORDER BY p.id`,
            [input.entryId],
          );
          const posted = await new LedgerRepository(em).post({
            fundId: fund.ref.id,
            kind: EntryKind.REVERSAL,
            valueDate,
            currency: original.currency,
            memo: input.reason,
            reversesId: input.entryId,
            recordedBy: access.identity.subject,
            lines: postings.map((p) => ({
              account: { code: p.code, memberId: p.member_id, loanId: p.loan_id, partnerId: p.partner_id },
              amount: new Dec(p.amount).negated(),
            })),
          });
          await new LedgerRepository(em).appendEvents([
            bookEvent(fund.ref, 'EntryReversed', posted.id, access, {
              entryId: posted.id,
              reversedEntryId: input.entryId,
              kind: original.kind,
              currency: original.currency,
              valueDate,
            }),
          ]);
          return { fundId: fund.ref.id, entryId: posted.id };
        },
      );
    });
  }

  /**
   * Closes a fund's books through the end of `month` (YYYY-MM): entries dated on or before its
   * last day are refused from then on. Months close in order and stay closed; a month still
   * running (or in the future) cannot close.
   */
  closeMonth(access: Access, input: { fundId: string; month: string }): Promise<{ fundId: string; closedThrough: string }> {
    return this.db.transaction(access.dbScope, async (em) => {
      const fund = await locateFund(access, em, input.fundId);
      access.authorize('closeMonth', fund.ref, 'fundId');
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) {
        throw new DomainError('INVALID_INPUT', 'month is written YYYY-MM, e.g. 2026-10', 'month');
      }
      const [{ last_day }]: { last_day: string }[] = await em.query(
        `SELECT to_char((to_date($1, 'YYYY-MM') + interval '1 month - 1 day')::date, 'YYYY-MM-DD') AS last_day`,
        [input.month],
      );
      if (last_day >= this.days.today(fund.ref.countryCode)) {
        throw new DomainError('PERIOD_NOT_ENDED', `${input.month} has not ended yet in this fund's country`, 'month');
      }
      // The row lock waits for entries being written (they hold it shared), so none lands in the month after it closes.
      const [book]: { closed_through: string | null }[] = await em.query(
        `SELECT to_char(closed_through, 'YYYY-MM-DD') AS closed_through FROM ${S}.fund_book WHERE fund_id = $1 FOR UPDATE`,
        [fund.ref.id],
      );
      if (book.closed_through && book.closed_through >= last_day) {
        throw new DomainError('PERIOD_ALREADY_CLOSED', `The books are closed through ${book.closed_through} already`, 'month');
      }
      await em.query(`UPDATE ${S}.fund_book SET closed_through = $2 WHERE fund_id = $1`, [fund.ref.id, last_day]);
      await new LedgerRepository(em).appendEvents([bookEvent(fund.ref, 'PeriodClosed', fund.ref.id, access, { closedThrough: last_day })]);
      return { fundId: fund.ref.id, closedThrough: last_day };
    });
  }

  /** Each account's balance at the end of `asOf`, added up per code (debit and credit balances apart). */
  async totals(ctx: { db: ScopedDb }, fundId: string, currency: string, range: { from?: string; to: string }): Promise<AccountTotal[]> {
    const rows: { code: AccountCode; kind: AccountKind; accounts: number; debit: string; credit: string }[] = await ctx.db.read(
      (em: EntityManager) =>
        em.query(
          `SELECT code, kind, count(*)::int AS accounts,
                sum(greatest(balance, 0))::text AS debit, sum(greatest(-balance, 0))::text AS credit
           FROM (SELECT a.id, a.code, a.kind, sum(p.amount) AS balance
                   FROM ${S}.posting p JOIN ${S}.account a ON a.id = p.account_id
                  WHERE p.fund_id = $1 AND p.value_date <= $2 AND ($3::date IS NULL OR p.value_date >= $3)
                  GROUP BY a.id, a.code, a.kind) per_account
          GROUP BY code, kind ORDER BY code`,
          [fundId, range.to, range.from ?? null],
        ),
    );
    return rows.map((r) => {
      const debit = new Dec(r.debit);
      const credit = new Dec(r.credit);
      return Object.assign(new AccountTotal(), {
        code: r.code,
        kind: r.kind,
        accounts: r.accounts,
        debit: money(debit, currency),
        credit: money(credit, currency),
        balance: money(debit.minus(credit).times(normalSign(r.code)), currency),
      });
    });
  }

  async trialBalance(ctx: { db: ScopedDb }, fundId: string, currency: string, asOf: string): Promise<TrialBalance> {
    const lines = await this.totals(ctx, fundId, currency, { to: asOf });
    return Object.assign(new TrialBalance(), {
      asOf,
      lines,
      totalDebits: money(sum(lines.map((l) => l.debit.amount)), currency),
      totalCredits: money(sum(lines.map((l) => l.credit.amount)), currency),
    });
  }

  async balanceSheet(ctx: { db: ScopedDb }, fundId: string, currency: string, asOf: string): Promise<BalanceSheet> {
    const lines = await this.totals(ctx, fundId, currency, { to: asOf });
    const of = (kind: AccountKind) => lines.filter((l) => CHART[l.code].kind === kind);
    const total = (kind: AccountKind) => sum(of(kind).map((l) => l.balance.amount));
    const earnings = total('INCOME').minus(total('EXPENSE'));
    return Object.assign(new BalanceSheet(), {
      asOf,
      assets: of('ASSET'),
      liabilities: of('LIABILITY'),
      equity: of('EQUITY'),
      currentEarnings: money(earnings, currency),
      totalAssets: money(total('ASSET'), currency),
      totalLiabilities: money(total('LIABILITY'), currency),
      totalEquity: money(total('EQUITY').plus(earnings), currency),
    });
  }

  async incomeStatement(ctx: { db: ScopedDb }, fundId: string, currency: string, from: string, to: string): Promise<IncomeStatement> {
    dateArg(from, 'from');
    dateArg(to, 'to');
    if (to < from) throw new DomainError('INVALID_PERIOD', 'to must be on or after from', 'to');
    const lines = await this.totals(ctx, fundId, currency, { from, to });
    const income = lines.filter((l) => l.kind === 'INCOME');
    const expenses = lines.filter((l) => l.kind === 'EXPENSE');
    return Object.assign(new IncomeStatement(), {
      from,
      to,
      income,
      expenses,
      netIncome: money(sum(income.map((l) => l.balance.amount)).minus(sum(expenses.map((l) => l.balance.amount))), currency),
    });
  }
}

function sum(values: Decimal[]): Decimal {
  return values.reduce((a, b) => a.plus(b), new Dec(0));
}
