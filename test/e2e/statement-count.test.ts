import { TestPlatform, ok, startTestPlatform } from '../support/platform';

/**
 * A nested hierarchy query costs one SQL statement per level and field, never one per row: the
 * same query over a network 17 times larger sends exactly the same statements. Page sizes stay
 * under the gateway's cost limit (which refuses 100 x 100 x 100 x 100 nesting).
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const QUERY = `{
  provinces(first: 10) {
    totalCount
    nodes {
      name stats { members women femaleHeadedHouseholds }
      counties(first: 5) {
        nodes {
          name stats { funds members }
          villages(first: 5) {
            nodes {
              name stats { members }
              funds(first: 5) { totalCount nodes { name status stats { members groups } } }
            }
          }
        }
      }
    }
  }
}`;

/** Adds a grid of provinces x counties x villages x funds (each with one group and `members` members) with plain SQL. */
async function addGrid(tag: string, size: number, members: number): Promise<void> {
  await p.membershipDb.query(
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
         FROM v, generate_series(1, $2) i RETURNING id, village_id, county_id, province_id),
     g AS (
       INSERT INTO membership.member_group (id, name, province_id, county_id, village_id, fund_id)
       SELECT gen_random_uuid(), 'g', f.province_id, f.county_id, f.village_id, f.id FROM f RETURNING id, fund_id, village_id, county_id, province_id)
     INSERT INTO membership.member (id, given_name, family_name, national_id, country_code, birth_date, sex, female_head_of_household, joined_on,
       province_id, county_id, village_id, fund_id, group_id)
     SELECT gen_random_uuid(), 'n', 'm' || i, lpad((row_number() OVER ())::text, 9, '0') || $4, 'IR', '1990-01-01', 'FEMALE', i % 3 = 0, '2026-01-01',
            g.province_id, g.county_id, g.village_id, g.fund_id, g.id
       FROM g, generate_series(1, $3) i`,
    [tag, size, members, String(size)],
  );
}

async function statementsFor(query: string): Promise<{ statements: number; provinces: number }> {
  p.counter.reset();
  const data = ok(await p.gql(p.national, query));
  return { statements: p.counter.statements, provinces: data.provinces.totalCount };
}

it('costs the same statements for 2x2x2x2 funds and for 4x4x4x4 funds (16 vs 256 funds, 48 vs 1,280 members)', async () => {
  await addGrid('small', 2, 3);
  const small = await statementsFor(QUERY);
  expect(small.provinces).toBe(2);

  await addGrid('large', 4, 5);
  const large = await statementsFor(QUERY);
  expect(large.provinces).toBe(6);

  // provinces page + total, then per level: page and stats (and the funds' totalCount).
  expect(small.statements).toBe(10);
  expect(large.statements).toBe(small.statements);
  console.log(`statement count: ${small.statements} for 16 funds / 48 members; ${large.statements} for 272 funds / 1,328 members`);
});

it('counts members correctly while batching', async () => {
  const data = ok(await p.gql(p.national, `{ provinces(first: 100, search: "large") { nodes { stats { members femaleHeadedHouseholds } counties(first: 1) { nodes { stats { funds members } } } } } }`));
  expect(data.provinces.nodes).toHaveLength(4);
  for (const province of data.provinces.nodes) {
    expect(province.stats.members).toBe(4 * 4 * 4 * 5);
    expect(province.stats.femaleHeadedHouseholds).toBe(4 * 4 * 4 * 1);
    expect(province.counties.nodes[0].stats).toEqual({ funds: 16, members: 80 });
  }
});

it('pages with cursors: every fund exactly once, in order', async () => {
  const [village] = await p.membershipDb.query(`SELECT v.id FROM membership.village v JOIN membership.province p ON p.id = v.province_id WHERE p.name LIKE 'large%' LIMIT 1`);
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const data: any = ok(await p.gql(p.national, `query($id: ID!, $after: String) { node(id: $id) { ... on Village { funds(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }`, { id: village.id, after }));
    const funds = data.node.funds;
    expect(funds.totalCount).toBe(4);
    seen.push(...funds.nodes.map((n: { name: string }) => n.name));
    if (!funds.pageInfo.hasNextPage) break;
    after = funds.pageInfo.endCursor;
  }
  expect(seen).toEqual(['f1', 'f2', 'f3', 'f4']);
  const tooMany = await p.gql(p.national, `{ provinces(first: 101) { totalCount } }`);
  expect(tooMany.errors?.[0].extensions?.code).toBe('INVALID_PAGE_SIZE');
});
