import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@funds/db-kit';
import { COUNTRY_TIME_ZONES } from '../scope/node-scope';
import type { PortfolioLevel } from './portfolio.types';

import { CURRENCY_SUMS, CapitalSnapshotRow, CurrencySnapshotRow, NodeSnapshotRow, SnapshotKey } from './snapshot.repository';

const S = 'reporting';

/** Today where a node is, from the instant `$3`: its country's zone (UTC for a country with none). */
const TODAY_SQL = `(($3::timestamptz) AT TIME ZONE (CASE n0.country_code ${Object.entries(COUNTRY_TIME_ZONES)
  .map(([country, zone]) => `WHEN '${country}' THEN '${zone}'`)
  .join(' ')} ELSE 'UTC' END))::date`;

/**
 * A batch's keys resolved ($1 ids, $2 days or nulls, $3 now, $4 first days of the periods or
 * nulls, $5 the level). This and SNAPSHOTS_SQL are on every dashboard answer's path, so both are
 * prepared statements (db-kit's preparedQuery): planned once per connection, not per answer.
 */
const RESOLVE_SQL = `WITH k AS (
         SELECT k.ord, n0.id, n0.level, n0.country_code, n0.province_id, n0.county_id, n0.village_id, n0.fund_id, n0.group_id,
                n0.last_event_at, coalesce(k.as_of, ${TODAY_SQL}) AS day, k.from_day
           FROM unnest($1::uuid[], $2::date[], $4::date[]) WITH ORDINALITY AS k(id, as_of, from_day, ord)
           JOIN ${S}.node n0 ON n0.id = k.id AND n0.level = $5
       )
       SELECT k.ord::int AS ord, k.id, k.level, k.province_id, k.county_id, k.village_id, k.fund_id, k.group_id,
              k.day::text AS as_of, k.from_day::text AS from_day, (k.from_day - 1)::text AS before_day,
              (extract(epoch FROM greatest(k.last_event_at, (SELECT f.last_event_at FROM ${S}.node f WHERE f.id = k.fund_id AND k.level = 'GROUP')))
                 * 1000)::bigint::text AS as_of_event,
              EXISTS (SELECT 1 FROM ${S}.node_snapshot s WHERE s.node_id = k.id AND s.day = k.day) AS has_day,
              (k.from_day IS NULL OR EXISTS (SELECT 1 FROM ${S}.node_snapshot s WHERE s.node_id = k.id AND s.day = k.from_day - 1)) AS has_before
         FROM k`;

const NODE_COLUMNS = 's.members, s.women, s.female_headed, s.disabled, s.referred, s.exited_through';
const COUNT_COLUMNS = new Set<string>(['active_borrowers', 'disbursed_count']);

/** The snapshots of the (node, day) pairs ($1 ids, $2 days). */
const SNAPSHOTS_SQL = `SELECT s.node_id, s.day::text AS day, ${NODE_COLUMNS},
                (SELECT json_agg(json_build_object('node_id', c.node_id, 'day', c.day::text, 'currency', c.currency,
                          ${CURRENCY_SUMS.map((col) => `'${col}', c.${col}${COUNT_COLUMNS.has(col) ? '' : '::text'}`).join(', ')}) ORDER BY c.currency)
                   FROM ${S}.currency_snapshot c WHERE c.node_id = s.node_id AND c.day = s.day) AS currencies,
                (SELECT json_agg(json_build_object('node_id', c.node_id, 'day', c.day::text, 'currency', c.currency,
                          'partner_id', c.partner_id, 'kind', c.kind, 'amount', c.amount::text) ORDER BY c.currency, c.kind, c.partner_id)
                   FROM ${S}.capital_snapshot c WHERE c.node_id = s.node_id AND c.day = s.day) AS capital
           FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::date[]) AS k(id, day)) k
           JOIN ${S}.node_snapshot s ON s.node_id = k.id AND s.day = k.day`;

/** One node's portfolio asked for: the node, its day (null: today in its country) and the first day of its disbursement period (null: from the first loan). */
export interface PortfolioKey {
  id: string;
  asOf: string | null;
  from: string | null;
}

/** A key resolved: the node (visible to the caller), its day, the day before its period, and whether their snapshots exist. */
export interface ResolvedKey {
  /** The key's position in the batch (from 1). */
  ord: number;
  id: string;
  level: string;
  province_id: string;
  county_id: string | null;
  village_id: string | null;
  fund_id: string | null;
  group_id: string | null;
  as_of: string;
  from_day: string | null;
  /** The day before the period's first (its flows are the day's less this day's); null without a period. */
  before_day: string | null;
  /** The newest event's time (epoch ms, as text), or null. */
  as_of_event: string | null;
  has_day: boolean;
  has_before: boolean;
}

/**
 * The portfolio's reads, in the caller's scope (row-level security leaves out what it does not
 * hold): which nodes and days a batch needs, then their snapshots (snapshot.repository.ts computes
 * them). A node's newest event is its own row's (every event bumps its node's ancestors); a
 * group's also its fund's (the books' events are the fund's).
 */
export class PortfolioRepository {
  constructor(private readonly em: EntityManager) {}

  async resolve(level: PortfolioLevel, keys: readonly PortfolioKey[], now: Date): Promise<ResolvedKey[]> {
    return preparedQuery<ResolvedKey>(this.em, RESOLVE_SQL, [
      keys.map((k) => k.id),
      keys.map((k) => k.asOf),
      now,
      keys.map((k) => k.from),
      level,
    ]);
  }

  /**
   * The snapshots of the (node, day) pairs in ONE statement: per pair its member row, with its
   * currency rows and partners' capital rows as JSON arrays (amounts as exact text).
   */
  async snapshots(
    pairs: readonly SnapshotKey[],
  ): Promise<{ nodes: NodeSnapshotRow[]; currencies: CurrencySnapshotRow[]; capital: CapitalSnapshotRow[] }> {
    const rows = await preparedQuery<NodeSnapshotRow & { currencies: CurrencySnapshotRow[] | null; capital: CapitalSnapshotRow[] | null }>(
      this.em,
      SNAPSHOTS_SQL,
      [pairs.map((p) => p.id), pairs.map((p) => p.day)],
    );
    return {
      nodes: rows,
      currencies: rows.flatMap((r) => r.currencies ?? []),
      capital: rows.flatMap((r) => r.capital ?? []),
    };
  }
}
