import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { S } from '../ledger/chart';

/** One member's share-out, as stored with the cycle. */
export interface ShareOutLineRow {
  memberId: string;
  shares: number;
  sharesValue: string;
  profit: string;
  paid: string;
}

export interface CycleRow {
  id: string;
  fundId: string;
  number: number;
  startedAfter: string | null;
  closedOn: string;
  currency: string;
  profit: Decimal;
  shares: number;
  paidOut: Decimal;
  entryId: string | null;
  lines: ShareOutLineRow[];
  recordedAt: Date;
}

interface CycleRecord {
  id: string;
  fund_id: string;
  number: number;
  started_after: string | null;
  closed_on: string;
  currency: string;
  profit: string;
  shares: number;
  paid_out: string;
  entry_id: string | null;
  lines: ShareOutLineRow[];
  recorded_at: Date;
}

const COLUMNS = `id, fund_id, number, to_char(started_after, 'YYYY-MM-DD') AS started_after, to_char(closed_on, 'YYYY-MM-DD') AS closed_on,
  currency, profit::text AS profit, shares, paid_out::text AS paid_out, entry_id, lines, recorded_at`;
const toRow = (r: CycleRecord): CycleRow => ({
  id: r.id,
  fundId: r.fund_id,
  number: r.number,
  startedAfter: r.started_after,
  closedOn: r.closed_on,
  currency: r.currency,
  profit: new Dec(r.profit),
  shares: r.shares,
  paidOut: new Dec(r.paid_out),
  entryId: r.entry_id,
  lines: r.lines,
  recordedAt: r.recorded_at,
});

/** All SQL of savings cycles. */
export class CycleRepository {
  constructor(private readonly em: EntityManager) {}

  /** Locks the fund's books row: no entry is written in the fund until the close commits. */
  async lockBooks(fundId: string): Promise<void> {
    await this.em.query(`SELECT 1 FROM ${S}.fund_book WHERE fund_id = $1 FOR UPDATE`, [fundId]);
  }

  async last(fundId: string): Promise<CycleRow | null> {
    const [row]: CycleRecord[] = await this.em.query(
      `SELECT ${COLUMNS} FROM ${S}.savings_cycle WHERE fund_id = $1 ORDER BY number DESC LIMIT 1`,
      [fundId],
    );
    return row ? toRow(row) : null;
  }

  async ofFunds(fundIds: readonly string[]): Promise<CycleRow[]> {
    const rows: CycleRecord[] = await this.em.query(
      `SELECT ${COLUMNS} FROM ${S}.savings_cycle WHERE fund_id = ANY ($1::uuid[]) ORDER BY fund_id, number DESC`,
      [fundIds],
    );
    return rows.map(toRow);
  }

  async find(id: string): Promise<CycleRow | null> {
    const [row]: CycleRecord[] = await this.em.query(`SELECT ${COLUMNS} FROM ${S}.savings_cycle WHERE id = $1`, [id]);
    return row ? toRow(row) : null;
  }

  /** How many of the fund's loans are outstanding now: paid out and not closed or written off, or with principal owed. */
  async openLoans(fundId: string): Promise<number> {
    const [row]: { n: number }[] = await this.em.query(
      `SELECT count(*)::int AS n FROM (
         SELECT id FROM ${S}.loan WHERE fund_id = $1 AND status = 'DISBURSED'
         UNION SELECT loan_id FROM ${S}.account WHERE fund_id = $1 AND code = 'LOANS_RECEIVABLE' AND balance <> 0
       ) open_loans`,
      [fundId],
    );
    return row.n;
  }

  /** Each member's shares value at the end of `asOf` (on the normal side), members holding none left out. */
  async sharesAt(fundId: string, asOf: string): Promise<{ memberId: string; value: Decimal }[]> {
    const rows: { member_id: string; value: string }[] = await this.em.query(
      `SELECT a.member_id, (-sum(p.amount))::text AS value
         FROM ${S}.posting p JOIN ${S}.account a ON a.id = p.account_id
        WHERE a.fund_id = $1 AND a.code = 'MEMBER_SHARES' AND p.value_date <= $2
        GROUP BY a.member_id HAVING sum(p.amount) <> 0
        ORDER BY a.member_id`,
      [fundId, asOf],
    );
    return rows.map((r) => ({ memberId: r.member_id, value: new Dec(r.value) }));
  }

  /** Income less expenses dated after `after` (from the beginning when null) through `to`. */
  async profit(fundId: string, after: string | null, to: string): Promise<Decimal> {
    const [row]: { profit: string | null }[] = await this.em.query(
      `SELECT (-sum(p.amount))::text AS profit
         FROM ${S}.posting p JOIN ${S}.account a ON a.id = p.account_id
        WHERE p.fund_id = $1 AND a.kind IN ('INCOME', 'EXPENSE') AND p.value_date <= $3 AND ($2::date IS NULL OR p.value_date > $2)`,
      [fundId, after, to],
    );
    return new Dec(row?.profit ?? 0);
  }

  async insert(cycle: {
    id: string;
    fundId: string;
    number: number;
    startedAfter: string | null;
    closedOn: string;
    currency: string;
    profit: string;
    shares: number;
    paidOut: string;
    entryId: string;
    lines: ShareOutLineRow[];
    recordedBy: string;
  }): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.savings_cycle (id, fund_id, province_id, county_id, village_id, number, started_after, closed_on, currency, profit,
                                        shares, paid_out, entry_id, lines, recorded_by)
       SELECT $1, fund_id, province_id, county_id, village_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM ${S}.fund_book WHERE fund_id = $2`,
      [
        cycle.id,
        cycle.fundId,
        cycle.number,
        cycle.startedAfter,
        cycle.closedOn,
        cycle.currency,
        cycle.profit,
        cycle.shares,
        cycle.paidOut,
        cycle.entryId,
        JSON.stringify(cycle.lines),
        cycle.recordedBy,
      ],
    );
  }
}
