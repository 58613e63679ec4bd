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

  // One statement per level: each page also reads its nodes' counters and, for a first page, the total.
  expect(small.statements).toBe(4);
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
  expect(statements).toHaveLength(4);
  const read = await Promise.all(statements.map(tablesRead));
  // Each level's one statement reads its own table and the counters of the nodes it keeps, and only them.
  expect(read).toEqual([
    ['membership.node_stats', 'membership.province'],
    ['membership.county', 'membership.node_stats'],
    ['membership.node_stats', 'membership.village'],
    ['membership.fund', 'membership.node_stats'],
  ]);
});

it('browses a county from node(id) in one statement per level: the county, its villages, their funds, their groups', async () => {
  const browse = `query($id: ID!) { node(id: $id) { ... on County { name stats { members funds }
    villages(first: 10) { totalCount nodes { name stats { members }
      funds(first: 10) { totalCount nodes { name stats { members groups } groups(first: 10) { totalCount nodes { name stats { members } } } } } } } } } }`;
  const county = async (tag: string) =>
    (
      await p.membershipDb.query(
        `SELECT c.id FROM membership.county c JOIN membership.province p ON p.id = c.province_id WHERE p.name LIKE $1 ORDER BY c.name LIMIT 1`,
        [`${tag}%`],
      )
    )[0].id as string;
  const measure = async (id: string) => {
    p.counter.reset();
    const data = ok(await p.gql(p.national, browse, { id }));
    return { statements: p.counter.texts.length, tables: await Promise.all(p.counter.texts.map(tablesRead)), node: data.node };
  };
  const small = await measure(await county('small'));
  const large = await measure(await county('large'));
  expect(small.statements).toBe(4);
  expect(large.statements).toBe(4);
  // The node(id) statement finds the county among every level and reads its counters; then one per level.
  expect(large.tables.slice(1)).toEqual([
    ['membership.node_stats', 'membership.village'],
    ['membership.fund', 'membership.node_stats'],
    ['membership.member_group', 'membership.node_stats'],
  ]);
  // (The first looks the id up in the member table too, by its key; no list reads it.)
  expect(large.tables.slice(1).flat()).not.toContain('membership.member');
  // The figures read alongside the pages are the counters' own: 4 villages of 4 funds of 4 groups, 5 members a fund.
  expect(large.node.stats).toEqual({ members: 4 * 4 * 5, funds: 16 });
  expect(large.node.villages.totalCount).toBe(4);
  for (const village of large.node.villages.nodes) {
    expect(village.stats.members).toBe(4 * 5);
    expect(village.funds.totalCount).toBe(4);
    for (const fund of village.funds.nodes) {
      expect(fund.stats.members).toBe(5);
      expect(fund.groups.totalCount).toBe(fund.stats.groups);
      expect(fund.groups.nodes.reduce((n: number, g: { stats: { members: number } }) => n + g.stats.members, 0)).toBe(5);
    }
  }
  expect(small.node.stats).toEqual({ members: 2 * 2 * 3, funds: 4 });
});

it('a page of light fields reads only the light columns, and answers them as a page that reads every column does', async () => {
  const fields = `id name nameLatin status level ancestry { id level } village { id } stats { members }
    groups(first: 3) { nodes { id name status fund { id } } }`;
  const village = (
    await p.membershipDb.query(
      `SELECT v.id FROM membership.village v JOIN membership.province p ON p.id = v.province_id WHERE p.name LIKE 'large%' ORDER BY v.name LIMIT 1`,
    )
  )[0].id as string;
  const read = async (extra: string) => {
    p.counter.reset();
    const data = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on Village { funds(first: 10) { nodes { ${fields} ${extra} } } } } }`,
        {
          id: village,
        },
      ),
    );
    const columnsOf = (table: string, parent: string) => {
      const text = p.counter.texts.map((t) => t.query).find((q) => q.includes(`FROM membership.${table} t WHERE`))!;
      return text.match(new RegExp(`SELECT (t\\..*?), t\\.${parent} AS _parent`))![1].split(', ');
    };
    return {
      funds: data.node.funds.nodes,
      fundColumns: columnsOf('fund', 'village_id'),
      groupColumns: columnsOf('member_group', 'fund_id'),
    };
  };
  const light = await read('');
  // currency is a column of its own: the funds' page then reads every column (the groups' stays light).
  const full = await read('currency');
  const columns = (names: string[]) => names.map((c) => `t.${c}`).sort();
  expect(light.fundColumns.sort()).toEqual(columns(['id', 'name', 'name_latin', 'status', 'province_id', 'county_id', 'village_id']));
  expect(light.groupColumns.sort()).toEqual(
    columns(['id', 'name', 'name_latin', 'status', 'province_id', 'county_id', 'village_id', 'fund_id']),
  );
  expect(full.fundColumns).toEqual(expect.arrayContaining(['t.currency', 't.policy_min_members', 't.created_at', 't.updated_at']));
  expect(full.groupColumns.sort()).toEqual(light.groupColumns);
  expect(light.funds.length).toBeGreaterThan(0);
  expect(light.funds).toEqual(full.funds.map(({ currency: _currency, ...rest }: { currency: string }) => rest));
  expect(full.funds[0].currency).toMatch(/^[A-Z]{3}$/);
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
