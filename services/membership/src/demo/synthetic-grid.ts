/**
 * A synthetic network for tests and benchmarks, written with one SQL statement: `size` provinces,
 * each with `size` counties, each with `size` villages, each with `size` active micro-funds of one
 * group and `members` women (every third a female head of household). Bypasses the services on
 * purpose: it is for measuring reads at scale, not for demonstrating the rules.
 */
export interface GridOptions {
  /** Prefix of the provinces' names, so grids can be told apart (and searched for). */
  tag: string;
  size: number;
  members: number;
  /** One digit that keeps the grid's national ids apart from other grids'. */
  idDigit: number;
  /** Counties per province etc. when not `size`. */
  fundsPerVillage?: number;
  /** Added to the members' numbers in their national ids (default 0), to keep clear of another network's (the synthetic one numbers its members from 1). */
  idOffset?: number;
}

export async function addSyntheticGrid(query: (sql: string, params: unknown[]) => Promise<unknown>, o: GridOptions): Promise<void> {
  await query(
    `WITH p AS (
       INSERT INTO membership.province (id, name, country_code)
       SELECT gen_random_uuid(), $1 || ' p' || i, 'IR' FROM generate_series(1, $2) i RETURNING id),
     c AS (
       INSERT INTO membership.county (id, name, province_id)
       SELECT gen_random_uuid(), 'c' || i, p.id FROM p, generate_series(1, $2) i RETURNING id, province_id),
     v AS (
       INSERT INTO membership.village (id, name, province_id, county_id)
       SELECT gen_random_uuid(), 'v' || i, c.province_id, c.id FROM c, generate_series(1, $2) i RETURNING id, county_id, province_id),
     f AS (
       INSERT INTO membership.fund (id, name, status, methodology, currency, province_id, county_id, village_id,
         policy_min_members, policy_max_members, policy_min_group_size, policy_max_group_size, policy_min_age, policy_max_age, policy_women_only, policy_residence_required)
       SELECT gen_random_uuid(), 'f' || i, 'ACTIVE', 'MICRO_FUND', 'IRR', v.province_id, v.county_id, v.id, 10, 50, 5, 7, 15, 60, true, true
         FROM v, generate_series(1, $5) i RETURNING id, village_id, county_id, province_id),
     g AS (
       INSERT INTO membership.member_group (id, name, province_id, county_id, village_id, fund_id)
       SELECT gen_random_uuid(), 'g', f.province_id, f.county_id, f.village_id, f.id FROM f RETURNING id, fund_id, village_id, county_id, province_id)
     INSERT INTO membership.member (id, given_name, family_name, national_id, country_code, birth_date, sex, female_head_of_household, joined_on,
       province_id, county_id, village_id, fund_id, group_id)
     SELECT gen_random_uuid(), 'n', 'm' || i, lpad((row_number() OVER () + $6)::text, 9, '0') || $4, 'IR', '1990-01-01', 'FEMALE', i % 3 = 0, '2026-01-01',
            g.province_id, g.county_id, g.village_id, g.fund_id, g.id
       FROM g, generate_series(1, $3) i`,
    [o.tag, o.size, o.members, String(o.idDigit), o.fundsPerVillage ?? o.size, o.idOffset ?? 0],
  );
}
