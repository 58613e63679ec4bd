import type { EntityManager } from 'typeorm';
import type { PortfolioLevel } from './portfolio.types';

const S = 'reporting';

/** The ancestry column that holds a node of each level. */
export const LEVEL_COLUMN: Record<PortfolioLevel, string> = {
  PROVINCE: 'province_id',
  COUNTY: 'county_id',
  VILLAGE: 'village_id',
  FUND: 'fund_id',
  GROUP: 'group_id',
};

/** Each level's children in the roll-up (a fund is computed from its loans, not from its groups). */
export const CHILD_LEVEL: Partial<Record<PortfolioLevel, PortfolioLevel>> = { PROVINCE: 'COUNTY', COUNTY: 'VILLAGE', VILLAGE: 'FUND' };

/**
 * The advisory lock (transaction-scoped) between the snapshots' writers: shared by every
 * computation, exclusive for the event consumers' deletions. A computation reads the read models
 * and writes rows in one transaction under the shared lock, so no deletion can slip between its
 * reading and its writing (a row computed from data an event has since changed would otherwise
 * outlive the deletion meant for it). The consumers hold it for the rest of their batch's
 * transaction; computations hold it for theirs; neither waits for the other long.
 */
export const SNAPSHOT_LOCK = 8_150_001;

/** A node's snapshot asked for: the node and the day. */
export interface SnapshotKey {
  id: string;
  day: string;
}

/** node_snapshot's figures, as the read returns them. */
export interface NodeSnapshotRow {
  node_id: string;
  day: string;
  members: number;
  women: number;
  female_headed: number;
  disabled: number;
  referred: number;
  exited_through: number;
}

/** currency_snapshot's figures (amounts as exact text). */
export interface CurrencySnapshotRow {
  node_id: string;
  day: string;
  currency: string;
  gross_loan_portfolio: string;
  at_risk_1: string;
  at_risk_30: string;
  overdue: string;
  savings: string;
  shares: string;
  social_fund: string;
  partner_capital: string;
  active_borrowers: number;
  disbursed_count: number;
  disbursed: string;
  written_off: string;
  collected: string;
  income: string;
  fallen_due: string;
  paid_on_time: string;
  deposited: string;
  upfront_fees: string;
  profit_shared: string;
  share_days: string;
}

export interface CapitalSnapshotRow {
  node_id: string;
  day: string;
  currency: string;
  partner_id: string;
  kind: string;
  amount: string;
}

/** The currency_snapshot columns that add up, in the order the statements below write them. */
export const CURRENCY_SUMS = [
  'gross_loan_portfolio',
  'at_risk_1',
  'at_risk_30',
  'overdue',
  'savings',
  'shares',
  'social_fund',
  'partner_capital',
  'active_borrowers',
  'disbursed_count',
  'disbursed',
  'written_off',
  'collected',
  'income',
  'fallen_due',
  'paid_on_time',
  'deposited',
  'upfront_fees',
  'profit_shared',
  'share_days',
] as const;
const NODE_SUMS = ['members', 'women', 'female_headed', 'disabled', 'referred', 'exited_through'] as const;
const PLACE = 'level, parent_id, province_id, county_id, village_id, fund_id, group_id';

/** The keys as the statements take them: ids and days, one array each. */
const keyParams = (keys: readonly SnapshotKey[]) => [keys.map((k) => k.id), keys.map((k) => k.day)];

/** The nodes asked for with their place: a fund hangs under its village, a group under its fund, a county under its province. */
const nodesSql = (level: PortfolioLevel) => `
  k AS (SELECT DISTINCT k.id, k.day FROM unnest($1::uuid[], $2::date[]) AS k(id, day)),
  n AS (SELECT k.id, k.day, n0.level,
               CASE n0.level WHEN 'GROUP' THEN n0.fund_id WHEN 'FUND' THEN n0.village_id WHEN 'VILLAGE' THEN n0.county_id
                             WHEN 'COUNTY' THEN n0.province_id END AS parent_id,
               n0.province_id, n0.county_id, n0.village_id, n0.fund_id, n0.group_id
          FROM k JOIN ${S}.node n0 ON n0.id = k.id AND n0.level = '${level}')`;

/**
 * The snapshots' SQL. Every statement takes any number of (node, day) keys of one level: a
 * dashboard's batch is one statement per level and step, whatever the number of nodes or days.
 * Run in the platform's scope (the snapshot of a node counts everything under it, whoever asked).
 */
export class SnapshotRepository {
  constructor(private readonly em: EntityManager) {}

  async lockShared(): Promise<void> {
    await this.em.query(`SELECT pg_advisory_xact_lock_shared(${SNAPSHOT_LOCK})`);
  }

  /** The keys (of nodes reporting holds) that have no snapshot yet. */
  async missing(level: PortfolioLevel, keys: readonly SnapshotKey[]): Promise<SnapshotKey[]> {
    const rows: { id: string; day: string }[] = await this.em.query(
      `WITH ${nodesSql(level)}
       SELECT n.id, n.day::text AS day FROM n
        WHERE NOT EXISTS (SELECT 1 FROM ${S}.node_snapshot s WHERE s.node_id = n.id AND s.day = n.day)`,
      keyParams(keys),
    );
    return rows;
  }

  /** The funds under the keys' nodes (the keys themselves for funds and groups) whose snapshot of the key's day is missing. */
  async missingLeaves(level: PortfolioLevel, keys: readonly SnapshotKey[]): Promise<SnapshotKey[]> {
    if (level === 'FUND' || level === 'GROUP') return this.missing(level, keys);
    return this.em.query(
      `SELECT DISTINCT f.id, k.day::text AS day FROM unnest($1::uuid[], $2::date[]) AS k(id, day)
         JOIN ${S}.node f ON f.${LEVEL_COLUMN[level]} = k.id AND f.level = 'FUND'
        WHERE NOT EXISTS (SELECT 1 FROM ${S}.node_snapshot s WHERE s.node_id = f.id AND s.day = k.day)
        ORDER BY f.id, day`,
      keyParams(keys),
    );
  }

  /** The children of each key's node on the key's day (for the roll-up). */
  async childKeys(level: PortfolioLevel, keys: readonly SnapshotKey[]): Promise<SnapshotKey[]> {
    const child = CHILD_LEVEL[level]!;
    return this.em.query(
      `SELECT DISTINCT c.id, k.day::text AS day FROM unnest($1::uuid[], $2::date[]) AS k(id, day)
         JOIN ${S}.node c ON c.${LEVEL_COLUMN[level]} = k.id AND c.level = '${child}'`,
      keyParams(keys),
    );
  }

  /**
   * A village's, county's or province's snapshots: the sums of its children's rows of the same
   * day (which must all be there: ensureSnapshots computes them first). A node with no children
   * gets its member row, with zeros, and no currency rows.
   */
  async rollUp(level: PortfolioLevel, keys: readonly SnapshotKey[]): Promise<void> {
    const child = CHILD_LEVEL[level]!;
    await this.em.query(
      `WITH ${nodesSql(level)},
       ins_node AS (
         INSERT INTO ${S}.node_snapshot (node_id, day, ${PLACE}, ${NODE_SUMS.join(', ')})
         SELECT n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id,
                ${NODE_SUMS.map((c) => `coalesce(sum(c.${c}), 0)`).join(', ')}
           FROM n LEFT JOIN ${S}.node_snapshot c ON c.parent_id = n.id AND c.day = n.day AND c.level = '${child}'
          GROUP BY n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id
         ON CONFLICT DO NOTHING RETURNING 1),
       ins_currency AS (
         INSERT INTO ${S}.currency_snapshot (node_id, day, ${PLACE}, currency, ${CURRENCY_SUMS.join(', ')})
         SELECT n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id, c.currency,
                ${CURRENCY_SUMS.map((c) => `sum(c.${c})`).join(', ')}
           FROM n JOIN ${S}.currency_snapshot c ON c.parent_id = n.id AND c.day = n.day AND c.level = '${child}'
          GROUP BY n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id, c.currency
         ON CONFLICT DO NOTHING RETURNING 1),
       ins_capital AS (
         INSERT INTO ${S}.capital_snapshot (node_id, day, ${PLACE}, currency, partner_id, kind, amount)
         SELECT n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id,
                c.currency, c.partner_id, c.kind, sum(c.amount)
           FROM n JOIN ${S}.capital_snapshot c ON c.parent_id = n.id AND c.day = n.day AND c.level = '${child}'
          GROUP BY n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id,
                   c.currency, c.partner_id, c.kind
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins_node) + (SELECT count(*) FROM ins_currency) + (SELECT count(*) FROM ins_capital) AS written`,
      [...keyParams(keys)],
    );
  }

  /**
   * A fund's or group's snapshots, from reporting's per-loan state, members, balance movements
   * and fund flows under it (indexed by the level's ancestry column). Per loan, on the day D:
   * the principal repaid by D (value dates); the schedule version in force (the newest that took
   * effect by D) and the principal repaid against it (the principal repaid by D less what was
   * repaid before that version: its principal is what was then owed); the overdue principal
   * (instalments of that version due before D, less that repaid, not below zero); the oldest
   * instalment whose running principal exceeds what was repaid against it, due before D: days
   * past due are D less its due day.
   *
   * Fallen due and paid on time, up to D: every instalment due on or before D of the version in
   * force on its due day (one superseded by a reschedule that took effect by then is not
   * counted; nor one due after the loan was written off), its amount (principal, interest and
   * fee); paid on time, the part of it covered by what was repaid against its version by its due
   * day, after the instalments before it.
   */
  async computeLeaves(level: 'FUND' | 'GROUP', keys: readonly SnapshotKey[]): Promise<void> {
    const c = LEVEL_COLUMN[level];
    await this.em.query(
      `WITH ${nodesSql(level)},
       lent AS (
         SELECT n.id AS node, n.day, l.id, l.member_id, l.currency, l.principal
           FROM n JOIN ${S}.loan_state l ON l.${c} = n.id
          WHERE l.disbursed_on <= n.day AND (l.written_off_on IS NULL OR l.written_off_on > n.day)
       ),
       per_loan AS (
         SELECT lo.node, lo.day, lo.id, lo.member_id, lo.currency,
                lo.principal - coalesce(p.paid, 0) AS outstanding,
                greatest(coalesce(p.paid, 0) - (lo.principal - coalesce(v.base, lo.principal)), 0) AS paid_v,
                coalesce(v.version, 1) AS version
           FROM lent lo
           LEFT JOIN LATERAL (SELECT sum(r.principal) AS paid FROM ${S}.loan_repayment r
                               WHERE r.loan_id = lo.id AND r.value_date <= lo.day) p ON true
           LEFT JOIN LATERAL (SELECT s.version, s.principal AS base FROM ${S}.loan_schedule s
                               WHERE s.loan_id = lo.id AND s.effective_on <= lo.day ORDER BY s.version DESC LIMIT 1) v ON true
       ),
       at_risk AS (
         SELECT pl.node, pl.day, pl.member_id, pl.currency, pl.outstanding,
                greatest(coalesce(d.due, 0) - pl.paid_v, 0) AS overdue, d.oldest
           FROM per_loan pl
           LEFT JOIN LATERAL (SELECT sum(i.principal) AS due, min(i.due_on) FILTER (WHERE i.principal_through > pl.paid_v) AS oldest
                                FROM ${S}.loan_instalment i
                               WHERE i.loan_id = pl.id AND i.version = pl.version AND i.due_on < pl.day) d ON true
          WHERE pl.outstanding > 0
       ),
       loans AS (
         SELECT node, day, currency, sum(outstanding) AS glp,
                coalesce(sum(outstanding) FILTER (WHERE day - oldest > 1), 0) AS at_risk_1,
                coalesce(sum(outstanding) FILTER (WHERE day - oldest > 30), 0) AS at_risk_30,
                sum(overdue) AS overdue, count(DISTINCT member_id) AS borrowers
           FROM at_risk GROUP BY node, day, currency
       ),
       paid_out AS (
         SELECT n.id AS node, n.day, l.currency, count(*) AS disbursed_count, sum(l.principal) AS disbursed,
                coalesce(sum(l.written_off_principal) FILTER (WHERE l.written_off_on <= n.day), 0) AS written_off
           FROM n JOIN ${S}.loan_state l ON l.${c} = n.id
          WHERE l.disbursed_on <= n.day
          GROUP BY n.id, n.day, l.currency
       ),
       repaid AS (
         SELECT n.id AS node, n.day, l.currency, sum(r.amount) AS collected, sum(r.fee + r.interest) AS income
           FROM n JOIN ${S}.loan_state l ON l.${c} = n.id
           JOIN ${S}.loan_repayment r ON r.loan_id = l.id AND r.value_date <= n.day
          GROUP BY n.id, n.day, l.currency
       ),
       instalment AS (
         SELECT n.id AS node, n.day, l.currency, l.id AS loan_id, s.version, s.effective_on, i.due_on,
                i.principal + i.interest + i.fee AS amount,
                sum(i.principal + i.interest + i.fee) OVER (PARTITION BY n.id, n.day, l.id, s.version ORDER BY i.number)
                  - (i.principal + i.interest + i.fee) AS before
           FROM n JOIN ${S}.loan_state l ON l.${c} = n.id AND l.disbursed_on <= n.day
           JOIN ${S}.loan_schedule s ON s.loan_id = l.id
           JOIN ${S}.loan_instalment i ON i.loan_id = l.id AND i.version = s.version
          WHERE i.due_on <= n.day
            AND (l.written_off_on IS NULL OR i.due_on <= l.written_off_on)
            AND NOT EXISTS (SELECT 1 FROM ${S}.loan_schedule s2
                             WHERE s2.loan_id = l.id AND s2.version > s.version AND s2.effective_on <= i.due_on)
       ),
       due AS (
         SELECT i.node, i.day, i.currency, sum(i.amount) AS fallen_due,
                sum(least(i.amount, greatest(coalesce(p.paid, 0) - i.before, 0))) AS paid_on_time
           FROM instalment i
           LEFT JOIN LATERAL (SELECT sum(r.amount) AS paid FROM ${S}.loan_repayment r
                               WHERE r.loan_id = i.loan_id AND r.value_date <= i.due_on
                                 AND (i.version = 1 OR r.value_date >= i.effective_on)) p ON true
          GROUP BY i.node, i.day, i.currency
       ),
       balances AS (
         SELECT n.id AS node, n.day, m.currency,
                coalesce(sum(m.amount) FILTER (WHERE m.account = 'SAVINGS'), 0) AS savings,
                coalesce(sum(m.amount) FILTER (WHERE m.account = 'SHARES'), 0) AS shares,
                coalesce(sum(m.amount) FILTER (WHERE m.account = 'SOCIAL_FUND'), 0) AS social_fund,
                coalesce(sum(m.amount) FILTER (WHERE m.account = 'SAVINGS'
                  AND m.kind IN ('DEPOSIT', 'MEETING', 'REVERSAL_OF_DEPOSIT', 'REVERSAL_OF_MEETING')), 0) AS deposited
           FROM n JOIN ${S}.balance_movement m ON m.${c} = n.id AND m.value_date <= n.day
          GROUP BY n.id, n.day, m.currency
       ),
       flows AS (
         SELECT n.id AS node, n.day, f.currency, f.flow, f.partner_id, sum(f.amount) AS amount
           FROM n JOIN ${S}.fund_flow f ON f.${c} = n.id AND f.value_date <= n.day
          GROUP BY n.id, n.day, f.currency, f.flow, f.partner_id
       ),
       flow_sums AS (
         SELECT node, day, currency,
                coalesce(sum(amount) FILTER (WHERE partner_id IS NOT NULL), 0) AS partner_capital,
                coalesce(sum(amount) FILTER (WHERE flow = 'UPFRONT_FEE'), 0) AS upfront_fees,
                coalesce(sum(amount) FILTER (WHERE flow = 'PROFIT_SHARED'), 0) AS profit_shared,
                coalesce(sum(amount) FILTER (WHERE flow = 'SHARE_DAYS'), 0) AS share_days
           FROM flows GROUP BY node, day, currency
       ),
       currencies AS (
         SELECT DISTINCT n.id AS node, n.day, f.currency
           FROM n JOIN ${S}.node f ON f.level = 'FUND' AND f.currency IS NOT NULL AND f.id = n.fund_id
       ),
       members AS (
         SELECT n.id AS node, n.day,
                count(*) FILTER (WHERE f.exited_on IS NULL OR f.exited_on > n.day) AS members,
                count(*) FILTER (WHERE (f.exited_on IS NULL OR f.exited_on > n.day) AND f.sex = 'FEMALE') AS women,
                count(*) FILTER (WHERE (f.exited_on IS NULL OR f.exited_on > n.day) AND f.female_headed) AS female_headed,
                count(*) FILTER (WHERE (f.exited_on IS NULL OR f.exited_on > n.day) AND f.has_disability) AS disabled,
                count(*) FILTER (WHERE (f.exited_on IS NULL OR f.exited_on > n.day) AND f.referred) AS referred,
                count(*) FILTER (WHERE f.exited_on <= n.day) AS exited_through
           FROM n JOIN ${S}.member_fact f ON f.${c} = n.id
          WHERE f.joined_on <= n.day
          GROUP BY n.id, n.day
       ),
       ins_node AS (
         INSERT INTO ${S}.node_snapshot (node_id, day, ${PLACE}, ${NODE_SUMS.join(', ')})
         SELECT n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id,
                ${NODE_SUMS.map((col) => `coalesce(m.${col}, 0)`).join(', ')}
           FROM n LEFT JOIN members m ON m.node = n.id AND m.day = n.day
         ON CONFLICT DO NOTHING RETURNING 1
       ),
       ins_currency AS (
         INSERT INTO ${S}.currency_snapshot (node_id, day, ${PLACE}, currency, ${CURRENCY_SUMS.join(', ')})
         SELECT n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id, cu.currency,
                coalesce(lo.glp, 0), coalesce(lo.at_risk_1, 0), coalesce(lo.at_risk_30, 0), coalesce(lo.overdue, 0),
                coalesce(b.savings, 0), coalesce(b.shares, 0), coalesce(b.social_fund, 0), coalesce(fs.partner_capital, 0),
                coalesce(lo.borrowers, 0), coalesce(po.disbursed_count, 0), coalesce(po.disbursed, 0), coalesce(po.written_off, 0),
                coalesce(r.collected, 0), coalesce(r.income, 0), coalesce(d.fallen_due, 0), coalesce(d.paid_on_time, 0),
                coalesce(b.deposited, 0), coalesce(fs.upfront_fees, 0), coalesce(fs.profit_shared, 0), coalesce(fs.share_days, 0)
           FROM n JOIN currencies cu ON cu.node = n.id AND cu.day = n.day
           LEFT JOIN loans lo ON lo.node = n.id AND lo.day = n.day AND lo.currency = cu.currency
           LEFT JOIN paid_out po ON po.node = n.id AND po.day = n.day AND po.currency = cu.currency
           LEFT JOIN repaid r ON r.node = n.id AND r.day = n.day AND r.currency = cu.currency
           LEFT JOIN due d ON d.node = n.id AND d.day = n.day AND d.currency = cu.currency
           LEFT JOIN balances b ON b.node = n.id AND b.day = n.day AND b.currency = cu.currency
           LEFT JOIN flow_sums fs ON fs.node = n.id AND fs.day = n.day AND fs.currency = cu.currency
         ON CONFLICT DO NOTHING RETURNING 1
       ),
       ins_capital AS (
         INSERT INTO ${S}.capital_snapshot (node_id, day, ${PLACE}, currency, partner_id, kind, amount)
         SELECT n.id, n.day, n.level, n.parent_id, n.province_id, n.county_id, n.village_id, n.fund_id, n.group_id,
                f.currency, f.partner_id, f.flow, f.amount
           FROM n JOIN flows f ON f.node = n.id AND f.day = n.day AND f.partner_id IS NOT NULL
         ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT (SELECT count(*) FROM ins_node) + (SELECT count(*) FROM ins_currency) + (SELECT count(*) FROM ins_capital) AS written`,
      [...keyParams(keys)],
    );
  }
}
