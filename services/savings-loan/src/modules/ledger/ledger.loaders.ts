import type Decimal from 'decimal.js';
import { CursorCodec, PageArgs, byKeys, dateArg, groupByKeys, pageSize, toPage } from '@funds/graphql-kit';
import { Dec } from '@funds/money';
import type { SavingsLoanContext } from '../../context';
import { FundRefRow, MemberRefRow, ScopeRepository } from '../scope/fund-scope';
import { AccountCode, CHART, S, normalSign } from './chart';
import { JournalEntryConnection, JournalEntryType, LedgerAccount, PostingType, money } from './books.types';
import { guaranteeHeld } from '../guarantee/guarantee.repository';

/** Balances per account code, on each code's normal side. */
export type CodeBalances = Map<AccountCode, Decimal>;

export const fundRefLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, FundRefRow | null>('fundRef', (ids) =>
    ctx.db.read(async (em) => {
      const found = await new ScopeRepository(em).funds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  );

export const memberRefLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, MemberRefRow | null>('memberRef', (ids) =>
    ctx.db.read(async (em) => {
      const found = await new ScopeRepository(em).members(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  );

/** Current balances of a fund's accounts per code (members' accounts added up): one statement per level. */
export const fundBalancesLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, CodeBalances>('fundBalances', (fundIds) =>
    ctx.db.read(async (em) => {
      const rows: { fund_id: string; code: AccountCode; balance: string }[] = await em.query(
        `SELECT fund_id, code, sum(balance)::text AS balance FROM ${S}.account WHERE fund_id = ANY ($1::uuid[]) GROUP BY fund_id, code`,
        [fundIds],
      );
      return groupByKeys(fundIds, rows, (r) => r.fund_id).map(codeBalances);
    }),
  );

/** Current balances of members' own accounts (savings, shares) per member. */
export const memberBalancesLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, CodeBalances>('memberBalances', (memberIds) =>
    ctx.db.read(async (em) => {
      const rows: { member_id: string; code: AccountCode; balance: string }[] = await em.query(
        `SELECT member_id, code, balance::text AS balance FROM ${S}.account WHERE member_id = ANY ($1::uuid[])`,
        [memberIds],
      );
      return groupByKeys(memberIds, rows, (r) => r.member_id).map(codeBalances);
    }),
  );

/** Current balances of a group's members' accounts per code. */
export const groupBalancesLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, { fundId: string | null; balances: CodeBalances }>('groupBalances', (groupIds) =>
    ctx.db.read(async (em) => {
      const rows: { group_id: string; fund_id: string; code: AccountCode; balance: string }[] = await em.query(
        `SELECT m.group_id, m.fund_id, a.code, sum(a.balance)::text AS balance
           FROM ${S}.member_ref m JOIN ${S}.account a ON a.member_id = m.id
          WHERE m.group_id = ANY ($1::uuid[]) GROUP BY m.group_id, m.fund_id, a.code`,
        [groupIds],
      );
      return groupByKeys(groupIds, rows, (r) => r.group_id).map((list) => ({
        fundId: list[0]?.fund_id ?? null,
        balances: codeBalances(list),
      }));
    }),
  );

function codeBalances(rows: { code: AccountCode; balance: string }[]): CodeBalances {
  return new Map(rows.map((r) => [r.code, new Dec(r.balance).times(normalSign(r.code))]));
}

interface EntryRow {
  id: string;
  fund_id: string;
  kind: JournalEntryType['kind'];
  value_date: string;
  currency: string;
  memo: string | null;
  member_id: string | null;
  loan_id: string | null;
  partner_id: string | null;
  meeting_id: string | null;
  reverses_id: string | null;
  reversed_by_id: string | null;
  recorded_at: Date;
  seq: string;
}

export const ENTRY_COLUMNS = `e.id, e.fund_id, e.kind, to_char(e.value_date, 'YYYY-MM-DD') AS value_date, e.currency, e.memo, e.member_id,
  e.loan_id, e.partner_id, e.meeting_id, e.reverses_id, e.recorded_at, e.seq::text AS seq,
  (SELECT r.id FROM ${S}.journal_entry r WHERE r.reverses_id = e.id) AS reversed_by_id`;

export function toEntry(r: EntryRow): JournalEntryType {
  return Object.assign(new JournalEntryType(), {
    id: r.id,
    fundId: r.fund_id,
    kind: r.kind,
    valueDate: r.value_date,
    currency: r.currency,
    memo: r.memo,
    memberId: r.member_id,
    loanId: r.loan_id,
    partnerId: r.partner_id,
    meetingId: r.meeting_id,
    reversesId: r.reverses_id,
    reversedById: r.reversed_by_id,
    recordedAt: r.recorded_at,
    seq: Number(r.seq),
  });
}

export const entryLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, JournalEntryType | null>('entry', (ids) =>
    ctx.db.read(async (em) => {
      const rows: EntryRow[] = await em.query(`SELECT ${ENTRY_COLUMNS} FROM ${S}.journal_entry e WHERE e.id = ANY ($1::uuid[])`, [ids]);
      return byKeys(ids, rows.map(toEntry), (e) => e.id, null);
    }),
  );

/** The postings of entries, with their accounts: one statement per level. */
export const postingsLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, PostingType[]>('postings', (entryIds) =>
    ctx.db.read(async (em) => {
      const rows: {
        entry_id: string;
        amount: string;
        currency: string;
        account_id: string;
        code: AccountCode;
        member_id: string | null;
        loan_id: string | null;
        partner_id: string | null;
        balance: string;
      }[] = await em.query(
        `SELECT p.entry_id, p.amount::text AS amount, p.currency, a.id AS account_id, a.code, a.member_id, a.loan_id, a.partner_id, a.balance::text AS balance
           FROM ${S}.posting p JOIN ${S}.account a ON a.id = p.account_id
          WHERE p.entry_id = ANY ($1::uuid[]) ORDER BY p.id`,
        [entryIds],
      );
      return groupByKeys(entryIds, rows, (r) => r.entry_id).map((list) =>
        list.map((r) => {
          const amount = new Dec(r.amount);
          return Object.assign(new PostingType(), {
            account: toAccount({
              id: r.account_id,
              code: r.code,
              member_id: r.member_id,
              loan_id: r.loan_id,
              partner_id: r.partner_id,
              balance: r.balance,
              currency: r.currency,
            }),
            debit: amount.gt(0) ? money(amount, r.currency) : null,
            credit: amount.lt(0) ? money(amount.negated(), r.currency) : null,
          });
        }),
      );
    }),
  );

export function toAccount(r: {
  id: string;
  code: AccountCode;
  member_id: string | null;
  loan_id: string | null;
  partner_id: string | null;
  balance: string;
  currency: string;
}): LedgerAccount {
  return Object.assign(new LedgerAccount(), {
    id: r.id,
    code: r.code,
    kind: CHART[r.code].kind,
    description: CHART[r.code].description,
    memberId: r.member_id,
    loanId: r.loan_id,
    partnerId: r.partner_id,
    balance: money(new Dec(r.balance).times(normalSign(r.code)), r.currency),
  });
}

/** The last closed day of each fund's books (null: none closed). */
export const closedThroughLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, string | null>('closedThrough', (fundIds) =>
    ctx.db.read(async (em) => {
      const rows: { fund_id: string; closed_through: string | null }[] = await em.query(
        `SELECT fund_id, to_char(closed_through, 'YYYY-MM-DD') AS closed_through FROM ${S}.fund_book WHERE fund_id = ANY ($1::uuid[])`,
        [fundIds],
      );
      return byKeys(fundIds, rows, (r) => r.fund_id, null).map((r) => r?.closed_through ?? null);
    }),
  );

/** Savings each member's loans hold back as guarantee. */
export const heldAsGuaranteeLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, Decimal>('heldAsGuarantee', (memberIds) =>
    ctx.db.read(async (em) => {
      const held = await guaranteeHeld(em, memberIds);
      return memberIds.map((id) => held.get(id) ?? new Dec(0));
    }),
  );

const JOURNAL_CURSOR = new CursorCodec<JournalEntryType>('journal', [{ kind: 'int', of: (e) => e.seq }]);

/** A page of a fund's journal, oldest first, optionally between two value dates. */
export async function journalPage(ctx: SavingsLoanContext, fundId: string, args: PageArgs & { from?: string; to?: string }) {
  const size = pageSize(args.first);
  const after = args.after ? (JOURNAL_CURSOR.decode(args.after)[0] as number) : 0;
  if (args.from) dateArg(args.from, 'from');
  if (args.to) dateArg(args.to, 'to');
  const filters = [fundId, args.from ?? null, args.to ?? null];
  const rows: EntryRow[] = await ctx.db.read((em) =>
    em.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${S}.journal_entry e
        WHERE e.fund_id = $1 AND ($2::date IS NULL OR e.value_date >= $2) AND ($3::date IS NULL OR e.value_date <= $3) AND e.seq > $4
        ORDER BY e.seq LIMIT $5`,
      [...filters, after, size + 1],
    ),
  );
  return new JournalEntryConnection({
    page: toPage(rows.map(toEntry), size, JOURNAL_CURSOR),
    cursor: JOURNAL_CURSOR,
    count: async () => {
      const [{ n }]: { n: number }[] = await ctx.db.read((em) =>
        em.query(
          `SELECT count(*)::int AS n FROM ${S}.journal_entry e
            WHERE e.fund_id = $1 AND ($2::date IS NULL OR e.value_date >= $2) AND ($3::date IS NULL OR e.value_date <= $3)`,
          filters,
        ),
      );
      return n;
    },
  });
}

export interface StatementRow {
  id: string;
  entry_id: string;
  kind: JournalEntryType['kind'];
  value_date: string;
  amount: string;
  balance: string;
  memo: string | null;
}

/**
 * A member's account movements from `from` to `to` in value-date order, each with the balance after
 * it (on the account's normal side: members' savings and shares are credit balances), and the
 * balance before `from`.
 */
export async function statementRows(
  ctx: SavingsLoanContext,
  memberId: string,
  code: AccountCode,
  from: string,
  to: string,
): Promise<{ rows: StatementRow[]; opening: string | null }> {
  return ctx.db.read(async (em) => {
    const rows: StatementRow[] = await em.query(
      `SELECT * FROM (
           SELECT p.id::text AS id, p.entry_id, e.kind, to_char(p.value_date, 'YYYY-MM-DD') AS value_date, e.memo,
                  (-p.amount)::text AS amount,
                  (-sum(p.amount) OVER (ORDER BY p.value_date, p.id))::text AS balance
             FROM ${S}.posting p
             JOIN ${S}.account a ON a.id = p.account_id
             JOIN ${S}.journal_entry e ON e.id = p.entry_id
            WHERE a.member_id = $1 AND a.code = $2 AND p.value_date <= $4
         ) movements
         WHERE value_date >= $3 ORDER BY value_date, id::bigint`,
      [memberId, code, from, to],
    );
    const [opening]: { balance: string | null }[] = await em.query(
      `SELECT (-sum(p.amount))::text AS balance FROM ${S}.posting p JOIN ${S}.account a ON a.id = p.account_id
        WHERE a.member_id = $1 AND a.code = $2 AND p.value_date < $3`,
      [memberId, code, from],
    );
    return { rows, opening: opening?.balance ?? null };
  });
}
