import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { appendEvents, isCheckViolation, uuid7 } from '@funds/db-kit';
import { DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString, fitsCurrency } from '@funds/money';
import { FUND_MONEY_LOCK } from '../idempotency/idempotency';
import { AccountCode, AccountKey, CHART, S, normalSign, openAccounts } from './chart';
import { EntryKind } from './ledger.enums';

/** One line of a journal entry: an account and a signed amount (debit positive, credit negative). */
export interface EntryLine {
  account: AccountKey;
  amount: Decimal;
}

/** A money event of one fund: two or more lines summing to zero, in the fund's currency. */
export interface NewEntry {
  fundId: string;
  kind: EntryKind;
  /** The business day it happened (YYYY-MM-DD); never in a closed month. */
  valueDate: string;
  currency: string;
  memo?: string | null;
  memberId?: string | null;
  loanId?: string | null;
  partnerId?: string | null;
  meetingId?: string | null;
  /** The entry this one reverses (each entry is reversed at most once). */
  reversesId?: string | null;
  /** The caller's subject (who recorded it). */
  recordedBy: string;
  lines: EntryLine[];
}

export interface PostedEntry {
  id: string;
  fundId: string;
  kind: EntryKind;
  valueDate: string;
  currency: string;
}

/** Entries waiting to be written together, per transaction (withDeferredPostings). */
const deferred = new WeakMap<EntityManager, (NewEntry & { id: string })[]>();

/**
 * Runs `work` with the journal entries it posts in `em`'s transaction queued, then writes them all
 * at once: their accounts opened in two statements, the entries in one, the postings in one (in
 * account-id order, as single entries are). For a unit of work that posts many entries and reads
 * no balance it changed in between (a collection sheet): 4 statements instead of 4 per entry. The
 * database's checks are the same (no overdraft, balanced entries at commit, closed months).
 */
export async function withDeferredPostings<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  const queue: (NewEntry & { id: string })[] = [];
  deferred.set(em, queue);
  try {
    const result = await work();
    deferred.delete(em);
    await new LedgerRepository(em).postAll(queue);
    return result;
  } finally {
    deferred.delete(em);
  }
}

/** An account the caller named that would pass zero on the wrong side: which one, for the message. */
export class OverdraftError extends DomainError {}

/**
 * All SQL of the journal. `post` writes one entry with its postings in the caller's transaction;
 * the database checks again what it checks (a balanced entry in one fund and currency, no
 * overdraft, no closed month) and a violation becomes a coded error, never a 500.
 */
export class LedgerRepository {
  constructor(private readonly em: EntityManager) {}

  async post(entry: NewEntry): Promise<PostedEntry> {
    assertBalanced(entry);
    const id = uuid7();
    const queue = deferred.get(this.em);
    if (queue) queue.push({ ...entry, id });
    else await this.postAll([{ ...entry, id }]);
    return { id, fundId: entry.fundId, kind: entry.kind, valueDate: entry.valueDate, currency: entry.currency };
  }

  /** Writes entries (already checked) with their postings: four statements whatever their number. */
  async postAll(entries: (NewEntry & { id: string })[]): Promise<void> {
    if (entries.length === 0) return;
    const byFund = new Map<string, (NewEntry & { id: string })[]>();
    for (const e of entries) byFund.set(e.fundId, [...(byFund.get(e.fundId) ?? []), e]);
    for (const [fundId, list] of byFund) {
      const lines = list.flatMap((e) => e.lines.map((l) => ({ entry: e, line: l })));
      const accountIds = await openAccounts(
        this.em,
        fundId,
        lines.map((x) => x.line.account),
      );
      // Postings in account-id order: concurrent entries lock their accounts' balances in the same
      // order, so two of them never wait on each other in a circle.
      const order = lines.map((_, i) => i).sort((a, b) => (accountIds[a] < accountIds[b] ? -1 : accountIds[a] > accountIds[b] ? 1 : 0));
      try {
        await this.em.query(
          `INSERT INTO ${S}.journal_entry (id, fund_id, province_id, county_id, village_id, kind, value_date, currency, memo,
                                           member_id, loan_id, partner_id, meeting_id, reverses_id, recorded_by)
           SELECT e.id, b.fund_id, b.province_id, b.county_id, b.village_id, e.kind, e.value_date, e.currency, e.memo,
                  e.member_id, e.loan_id, e.partner_id, e.meeting_id, e.reverses_id, e.recorded_by
             FROM ${S}.fund_book b, ${FUND_MONEY_LOCK},
                  unnest($2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[], $11::uuid[], $12::text[])
                    WITH ORDINALITY AS e(id, kind, value_date, currency, memo, member_id, loan_id, partner_id, meeting_id, reverses_id, recorded_by, n)
            WHERE b.fund_id = $1
            ORDER BY e.n`,
          [
            fundId,
            list.map((e) => e.id),
            list.map((e) => e.kind),
            list.map((e) => e.valueDate),
            list.map((e) => e.currency),
            list.map((e) => e.memo ?? null),
            list.map((e) => e.memberId ?? null),
            list.map((e) => e.loanId ?? null),
            list.map((e) => e.partnerId ?? null),
            list.map((e) => e.meetingId ?? null),
            list.map((e) => e.reversesId ?? null),
            list.map((e) => e.recordedBy),
          ],
        );
        await this.em.query(
          `INSERT INTO ${S}.posting (entry_id, fund_id, province_id, county_id, village_id, account_id, amount, currency, value_date, balance_after)
           SELECT p.entry_id, b.fund_id, b.province_id, b.county_id, b.village_id, p.account_id, p.amount, p.currency, p.value_date, 0
             FROM ${S}.fund_book b,
                  unnest($2::uuid[], $3::uuid[], $4::numeric[], $5::text[], $6::date[]) WITH ORDINALITY AS p(entry_id, account_id, amount, currency, value_date, n)
            WHERE b.fund_id = $1
            ORDER BY p.n`,
          [
            fundId,
            order.map((i) => lines[i].entry.id),
            order.map((i) => accountIds[i]),
            order.map((i) => decimalToString(lines[i].line.amount)),
            order.map((i) => lines[i].entry.currency),
            order.map((i) => lines[i].entry.valueDate),
          ],
        );
      } catch (error) {
        throw translateLedgerError(error, list[0]);
      }
    }
  }

  /** The fund's book row, share-locked: what a money mutation reads first (its currency, its closing). */
  async fundBook(fundId: string): Promise<{ currency: string; closedThrough: string | null } | null> {
    const [row]: { currency: string; closed_through: string | null }[] = await this.em.query(
      `SELECT currency, to_char(closed_through, 'YYYY-MM-DD') AS closed_through FROM ${S}.fund_book WHERE fund_id = $1`,
      [fundId],
    );
    return row ? { currency: row.currency, closedThrough: row.closed_through } : null;
  }

  /**
   * Current balances of the accounts (on their normal side). With `lock`, the accounts are locked
   * first (until the transaction ends), so a rule that reads a balance and then posts (a
   * withdrawal) is judged against the balance no concurrent entry can change under it.
   */
  async balances(fundId: string, keys: AccountKey[], lock = false): Promise<Decimal[]> {
    if (keys.length === 0) return [];
    const params = [
      fundId,
      keys.map((k) => k.code),
      keys.map((k) => k.memberId ?? null),
      keys.map((k) => k.loanId ?? null),
      keys.map((k) => k.partnerId ?? null),
    ];
    const match = `FROM ${S}.account a
           JOIN unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[]) AS k(code, member_id, loan_id, partner_id)
             ON a.code = k.code AND a.member_id IS NOT DISTINCT FROM k.member_id
            AND a.loan_id IS NOT DISTINCT FROM k.loan_id AND a.partner_id IS NOT DISTINCT FROM k.partner_id
          WHERE a.fund_id = $1`;
    if (lock) await this.em.query(`SELECT ${S}.lock_accounts(ARRAY(SELECT a.id ${match}))`, params);
    const rows: { code: AccountCode; member_id: string | null; loan_id: string | null; partner_id: string | null; balance: string }[] =
      await this.em.query(`SELECT a.code, a.member_id, a.loan_id, a.partner_id, a.balance::text AS balance ${match}`, params);
    const text = (code: string, m: string | null, l: string | null, p: string | null) => `${code}|${m ?? ''}|${l ?? ''}|${p ?? ''}`;
    const byKey = new Map(
      rows.map((r) => [text(r.code, r.member_id, r.loan_id, r.partner_id), new Dec(r.balance).times(normalSign(r.code))]),
    );
    return keys.map((k) => byKey.get(text(k.code, k.memberId ?? null, k.loanId ?? null, k.partnerId ?? null)) ?? new Dec(0));
  }

  /** Appends the books' events (for reporting) in the same transaction. */
  async appendEvents(events: Parameters<typeof appendEvents>[2]): Promise<void> {
    await appendEvents(this.em, S, events);
  }
}

/** The service's checks, before the database's: two or more non-zero lines in the currency's units, summing to zero. */
export function assertBalanced(entry: NewEntry): void {
  if (entry.lines.length < 2) throw new Error(`journal entry ${entry.kind} needs two or more lines`);
  let total = new Dec(0);
  for (const line of entry.lines) {
    if (line.amount.isZero()) throw new Error(`journal entry ${entry.kind} has a zero line on ${line.account.code}`);
    if (!fitsCurrency(line.amount, entry.currency)) {
      throw new DomainError(
        'INVALID_AMOUNT',
        `Amounts in ${entry.currency} have no more decimals than the currency's minor units`,
        'amount',
      );
    }
    total = total.plus(line.amount);
  }
  if (!total.isZero()) throw new Error(`journal entry ${entry.kind} does not balance: its lines sum to ${decimalToString(total)}`);
}

/** A refusal of the database's checks, as the coded error a caller can act on. */
export function translateLedgerError(error: unknown, entry: Pick<NewEntry, 'valueDate' | 'fundId'>): unknown {
  if (isCheckViolation(error, 'account_overdraft_check')) {
    return new DomainError('INSUFFICIENT_FUNDS', 'The balance does not cover this amount (another entry may have used it first)', 'amount');
  }
  if (isCheckViolation(error, 'journal_entry_period_check')) {
    return new DomainError(
      'PERIOD_CLOSED',
      `The month of ${entry.valueDate} is closed in this fund's books; date it in an open month`,
      'valueDate',
    );
  }
  return error;
}

/** Whose account, in words, for messages. */
export function accountWord(code: AccountCode): string {
  return CHART[code].description;
}
