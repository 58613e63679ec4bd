import type { EntityManager } from 'typeorm';
import type { NodeRow } from '../scope/node-scope';

const S = 'reporting';

/** The ancestry column that holds a node of each level an evaluation is asked for. */
const COLUMN: Readonly<Record<string, string>> = {
  PROVINCE: 'province_id',
  COUNTY: 'county_id',
  VILLAGE: 'village_id',
  FUND: 'fund_id',
};

/** One node's member growth asked for: the node and the half-year's first and last days (Gregorian). */
export interface GrowthKey {
  id: string;
  start: string;
  end: string;
}

export interface GrowthRow {
  ord: string;
  joined: number;
  exited: number;
}

/** The SQL of the evaluation report (row-level security leaves out what the scope does not hold). */
export class EvaluationRepository {
  constructor(private readonly em: EntityManager) {}

  /** Memberships opened and closed in each key's half-year under each node of one level: one statement. */
  async growth(level: string, keys: readonly GrowthKey[]): Promise<GrowthRow[]> {
    const column = COLUMN[level];
    if (!column || keys.length === 0) return [];
    return this.em.query(
      `WITH k AS (SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[]) WITH ORDINALITY AS k(id, start_day, end_day, ord))
       SELECT k.ord::text AS ord,
              count(*) FILTER (WHERE f.joined_on BETWEEN k.start_day AND k.end_day)::int AS joined,
              count(*) FILTER (WHERE f.exited_on BETWEEN k.start_day AND k.end_day)::int AS exited
         FROM k JOIN ${S}.member_fact f ON f.${column} = k.id
        GROUP BY k.ord`,
      [keys.map((k) => k.id), keys.map((k) => k.start), keys.map((k) => k.end)],
    );
  }

  /** The funds (not deleted) under nodes of one level, by name; a fund is under itself. */
  async fundsUnder(level: string, ids: readonly string[]): Promise<NodeRow[]> {
    const column = COLUMN[level];
    if (!column) return [];
    const rows: {
      id: string;
      name: string;
      country_code: string;
      province_id: string;
      county_id: string | null;
      village_id: string | null;
      fund_id: string | null;
    }[] = await this.em.query(
      `SELECT id, name, country_code, province_id, county_id, village_id, fund_id FROM ${S}.node
        WHERE ${level === 'FUND' ? 'id' : column} = ANY($1::uuid[]) AND level = 'FUND' AND status <> 'DELETED'
        ORDER BY name, id`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      level: 'FUND',
      name: r.name,
      countryCode: r.country_code,
      provinceId: r.province_id,
      countyId: r.county_id,
      villageId: r.village_id,
      fundId: r.fund_id ?? r.id,
      groupId: null,
    }));
  }
}
