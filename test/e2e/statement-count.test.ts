import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { addSyntheticGrid } from '../../services/membership/src/demo/synthetic-grid';

/**
 * A nested hierarchy query costs one SQL statement per level and field, never one per row: the
 * same query over a network 17 times larger sends exactly the same statements. Page sizes stay
 * under the gateway's cost limit (which refuses 100 x 100 x 100 x 100 nesting).
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ keepMembershipStatements: true });
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

function addGrid(tag: string, size: number, members: number): Promise<void> {
  return addSyntheticGrid((sql, params) => p.membershipDb.query(sql, params), { tag, size, members, idDigit: size });
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

/** Every table a statement's plan reads (EXPLAIN as the owner, with its own parameters). */
async function tablesRead(statement: { query: string; parameters: unknown[] }): Promise<string[]> {
  const [{ 'QUERY PLAN': plan }] = await p.membershipDb.query(`EXPLAIN (FORMAT JSON, VERBOSE) ${statement.query}`, statement.parameters);
  const found = new Set<string>();
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') found.add(`${node.Schema}.${node['Relation Name']}`);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan[0].Plan);
  return [...found].sort();
}

it('stats read the maintained counters of the nodes asked: no statement of the query reads the member table', async () => {
  p.counter.reset();
  ok(await p.gql(p.national, QUERY));
  const statements = p.counter.texts;
  expect(statements).toHaveLength(10);
  const read = await Promise.all(statements.map(tablesRead));
  // One statement per level reads the counters (provinces, counties, villages, funds), and only them.
  const stats = read.filter((tables) => tables.includes('membership.node_stats'));
  expect(stats).toEqual([['membership.node_stats'], ['membership.node_stats'], ['membership.node_stats'], ['membership.node_stats']]);
  expect(read.filter((tables) => tables.includes('membership.member'))).toEqual([]);
});

it('counts members correctly while batching', async () => {
  const data = ok(
    await p.gql(
      p.national,
      `{ provinces(first: 100, search: "large") { nodes { stats { members femaleHeadedHouseholds } counties(first: 1) { nodes { stats { funds members } } } } } }`,
    ),
  );
  expect(data.provinces.nodes).toHaveLength(4);
  for (const province of data.provinces.nodes) {
    expect(province.stats.members).toBe(4 * 4 * 4 * 5);
    expect(province.stats.femaleHeadedHouseholds).toBe(4 * 4 * 4 * 1);
    expect(province.counties.nodes[0].stats).toEqual({ funds: 16, members: 80 });
  }
});

it('pages with cursors: every fund exactly once, in order', async () => {
  const [village] = await p.membershipDb.query(
    `SELECT v.id FROM membership.village v JOIN membership.province p ON p.id = v.province_id WHERE p.name LIKE 'large%' LIMIT 1`,
  );
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const data: any = ok(
      await p.gql(
        p.national,
        `query($id: ID!, $after: String) { node(id: $id) { ... on Village { funds(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }`,
        { id: village.id, after },
      ),
    );
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
