import type { EntityManager } from 'typeorm';
import { COUNTRY_TIME_ZONES } from '../scope/node-scope';
import type { PortfolioLevel } from './portfolio.types';

const S = 'reporting';

/** The ancestry column that holds a node of each level. */
const COLUMN: Record<PortfolioLevel, string> = {
  PROVINCE: 'province_id',
  COUNTY: 'county_id',
  VILLAGE: 'village_id',
  FUND: 'fund_id',
  GROUP: 'group_id',
};

/** Today where a node is, from the instant `$3`: its country's zone (UTC for a country with none). */
const TODAY_SQL = `(($3::timestamptz) AT TIME ZONE (CASE n0.country_code ${Object.entries(COUNTRY_TIME_ZONES)
  .map(([country, zone]) => `WHEN '${country}' THEN '${zone}'`)
  .join(' ')} ELSE 'UTC' END))::date`;

/** One node's portfolio asked for: the node, its day (null: today in its country) and the first day of its disbursement period (null: from the first loan). */
export interface PortfolioKey {
  id: string;
  asOf: string | null;
  from: string | null;
}

/** One row of the portfolio statement: `part` says which of its parts it is (see portfolios()). */
export interface PortfolioRow {
  part: 'node' | 'currency' | 'loans' | 'disbursed' | 'savings' | 'members';
  /** The key's position in the batch (from 1). */
  ord: string;
  currency: string | null;
  v1: string | null;
  v2: string | null;
  v3: string | null;
  v4: string | null;
  v5: string | null;
  v6: string | null;
  v7: string | null;
  v8: string | null;
}

/**
 * All SQL of the portfolio: ONE statement for any number of nodes of one level, each at its own
 * day and period (a DataLoader's batch: a node with its children, a time series), aggregating reporting's per-loan state, members and balance movements under each node
 * with the ancestry column of its level (indexed). Row-level security leaves out what the caller's
 * scope does not hold. Its parts, told apart by `part`:
 * - node: v1 the day, v2 the newest event's time (epoch ms), v3 its level, v4..v8 its ancestry (province to group);
 * - currency: each currency of the funds under the node (so a node with no loans still has its line);
 * - loans (per currency): v1 gross loan portfolio, v2 principal more than 1 day past due, v3 more
 *   than 30 days, v4 overdue principal, v5 active borrowers;
 * - disbursed (per currency): v1 count, v2 principal;
 * - savings (per currency): v1 savings, v2 shares;
 * - members: v1 open memberships, v2 women, v3 female-headed households.
 *
 * Per loan, on the node's day D: the principal repaid by D (value dates); the schedule version
 * in force (the newest that took effect by D) and the principal repaid against it (the principal
 * repaid by D less what was repaid before that version: its principal is what was then owed);
 * the overdue principal (instalments of that version due before D, less that repaid, not below
 * zero); the oldest instalment whose running principal exceeds what was repaid against it, due
 * before D: days past due are D less its due day.
 */
export class PortfolioRepository {
  constructor(private readonly em: EntityManager) {}

  async portfolios(level: PortfolioLevel, keys: readonly PortfolioKey[], now: Date): Promise<PortfolioRow[]> {
    const c = COLUMN[level];
    return this.em.query(
      `WITH n AS (
         SELECT k.ord, n0.id, n0.level, n0.country_code, n0.province_id, n0.county_id, n0.village_id, n0.fund_id, n0.group_id,
                coalesce(k.as_of, ${TODAY_SQL}) AS as_of, k.from_day
           FROM unnest($1::uuid[], $2::date[], $4::date[]) WITH ORDINALITY AS k(id, as_of, from_day, ord)
           JOIN ${S}.node n0 ON n0.id = k.id AND n0.level = $5
       ),
       lent AS (
         SELECT n.ord, n.as_of, l.id, l.member_id, l.currency, l.principal
           FROM n JOIN ${S}.loan_state l ON l.${c} = n.id
          WHERE l.disbursed_on <= n.as_of AND (l.written_off_on IS NULL OR l.written_off_on > n.as_of)
       ),
       per_loan AS (
         SELECT lo.ord, lo.as_of, lo.id, lo.member_id, lo.currency,
                lo.principal - coalesce(p.paid, 0) AS outstanding,
                greatest(coalesce(p.paid, 0) - (lo.principal - coalesce(v.base, lo.principal)), 0) AS paid_v,
                coalesce(v.version, 1) AS version
           FROM lent lo
           LEFT JOIN LATERAL (SELECT sum(r.principal) AS paid FROM ${S}.loan_repayment r
                               WHERE r.loan_id = lo.id AND r.value_date <= lo.as_of) p ON true
           LEFT JOIN LATERAL (SELECT s.version, s.principal AS base FROM ${S}.loan_schedule s
                               WHERE s.loan_id = lo.id AND s.effective_on <= lo.as_of ORDER BY s.version DESC LIMIT 1) v ON true
       ),
       at_risk AS (
         SELECT pl.ord, pl.as_of, pl.member_id, pl.currency, pl.outstanding,
                greatest(coalesce(d.due, 0) - pl.paid_v, 0) AS overdue, d.oldest
           FROM per_loan pl
           LEFT JOIN LATERAL (SELECT sum(i.principal) AS due, min(i.due_on) FILTER (WHERE i.principal_through > pl.paid_v) AS oldest
                                FROM ${S}.loan_instalment i
                               WHERE i.loan_id = pl.id AND i.version = pl.version AND i.due_on < pl.as_of) d ON true
          WHERE pl.outstanding > 0
       )
       SELECT 'node' AS part, n.ord::text AS ord, NULL AS currency, n.as_of::text AS v1,
              (SELECT (extract(epoch FROM max(d.last_event_at)) * 1000)::bigint::text FROM ${S}.node d
                WHERE d.${c} = n.id OR d.id = n.fund_id) AS v2,
              n.level AS v3, n.province_id::text AS v4, n.county_id::text AS v5, n.village_id::text AS v6,
              n.fund_id::text AS v7, n.group_id::text AS v8
         FROM n
       UNION ALL
       SELECT DISTINCT 'currency', n.ord::text, f.currency, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
         FROM n JOIN ${S}.node f ON f.level = 'FUND' AND f.currency IS NOT NULL AND (f.${c} = n.id OR f.id = n.fund_id)
       UNION ALL
       SELECT 'loans', ord::text, currency, sum(outstanding)::text,
              coalesce(sum(outstanding) FILTER (WHERE as_of - oldest > 1), 0)::text,
              coalesce(sum(outstanding) FILTER (WHERE as_of - oldest > 30), 0)::text,
              sum(overdue)::text, count(DISTINCT member_id)::text, NULL, NULL, NULL
         FROM at_risk GROUP BY ord, currency
       UNION ALL
       SELECT 'disbursed', n.ord::text, l.currency, count(*)::text, sum(l.principal)::text, NULL, NULL, NULL, NULL, NULL, NULL
         FROM n JOIN ${S}.loan_state l ON l.${c} = n.id
        WHERE l.disbursed_on <= n.as_of AND (n.from_day IS NULL OR l.disbursed_on >= n.from_day)
        GROUP BY n.ord, l.currency
       UNION ALL
       SELECT 'savings', n.ord::text, m.currency, coalesce(sum(m.amount) FILTER (WHERE m.account = 'SAVINGS'), 0)::text,
              coalesce(sum(m.amount) FILTER (WHERE m.account = 'SHARES'), 0)::text, NULL, NULL, NULL, NULL, NULL, NULL
         FROM n JOIN ${S}.balance_movement m ON m.${c} = n.id AND m.value_date <= n.as_of
        GROUP BY n.ord, m.currency
       UNION ALL
       SELECT 'members', n.ord::text, NULL, count(*)::text, (count(*) FILTER (WHERE f.sex = 'FEMALE'))::text,
              (count(*) FILTER (WHERE f.female_headed))::text, NULL, NULL, NULL, NULL, NULL
         FROM n JOIN ${S}.member_fact f ON f.${c} = n.id
        WHERE f.joined_on <= n.as_of AND (f.exited_on IS NULL OR f.exited_on > n.as_of)
        GROUP BY n.ord`,
      [keys.map((k) => k.id), keys.map((k) => k.asOf), now, keys.map((k) => k.from), level],
    );
  }
}
