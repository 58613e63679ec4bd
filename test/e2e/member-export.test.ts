import { randomUUID } from 'node:crypto';
import { PartnerGrant, Role, authConfigFromEnv, signUserToken } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../support/platform';
import { addSyntheticGrid } from '../../services/membership/src/demo/synthetic-grid';

/**
 * The export lists (issue 9 B4): Province.members, County.members and Village.members through the
 * gateway, in member id order, pages up to 500, with the access of Fund.members.
 */
let p: TestPlatform;
/** The two provinces of the grid, each with its counties and villages (ids), and its members' ids in id order. */
const areas: { province: string; counties: string[]; villages: string[]; members: string[] }[] = [];

beforeAll(async () => {
  p = await startTestPlatform({ keepMembershipStatements: true });
  // 2 provinces x 2 counties x 2 villages x 2 funds x 5 members: 40 members a province.
  await addSyntheticGrid((sql, params) => p.membershipDb.query(sql, params), { tag: 'export', size: 2, members: 5, idDigit: 7 });
  const provinces: { id: string }[] = await p.membershipDb.query(
    `SELECT id FROM membership.province WHERE name LIKE 'export%' ORDER BY name`,
  );
  for (const { id } of provinces) {
    const ids = async (sql: string) => ((await p.membershipDb.query(sql, [id])) as { id: string }[]).map((r) => r.id);
    areas.push({
      province: id,
      counties: await ids(`SELECT id FROM membership.county WHERE province_id = $1 ORDER BY name`),
      villages: await ids(
        `SELECT v.id FROM membership.village v JOIN membership.county c ON c.id = v.county_id WHERE v.province_id = $1 ORDER BY c.name, v.name`,
      ),
      members: await ids(`SELECT id FROM membership.member WHERE province_id = $1 ORDER BY id`),
    });
  }
});
afterAll(() => p.stop());

const PAGE = (type: 'Province' | 'County' | 'Village') => `query($id: ID!, $first: Int, $after: String, $status: [MemberStatus!]) {
  node(id: $id) {
    ... on ${type} {
      members(first: $first, after: $after, status: $status) {
        totalCount
        edges { cursor node { id status } }
        nodes { id fullName }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string; status: string } }[];
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function page(
  type: 'Province' | 'County' | 'Village',
  id: string,
  variables: { first?: number; after?: string | null; status?: string[] },
  token = p.national,
): Promise<Page> {
  return ok(await p.gql(token, PAGE(type), { id, ...variables })).node.members;
}

/** Every member of an area, page after page of `first`; `between` runs after each page. */
async function walk(type: 'Province' | 'County' | 'Village', id: string, first: number, between?: (n: number) => Promise<void>) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let n = 0; ; n++) {
    const got = await page(type, id, { first, after });
    expect(got.nodes.map((m) => m.id)).toEqual(got.edges.map((e) => e.node.id));
    seen.push(...got.nodes.map((m) => m.id));
    if (!got.pageInfo.hasNextPage) return seen;
    expect(got.pageInfo.endCursor).toBe(got.edges[got.edges.length - 1].cursor);
    after = got.pageInfo.endCursor;
    await between?.(n);
  }
}

/** A member added straight into the table (as the owner), in a fund of `province`, with id `id`. */
async function insertMember(province: string, id: string, nationalId: string): Promise<void> {
  await p.membershipDb.query(
    `INSERT INTO membership.member (id, given_name, family_name, national_id, country_code, birth_date, sex, joined_on,
       province_id, county_id, village_id, fund_id, group_id)
     SELECT $2, 'n', 'added', $3, 'IR', '1990-01-01', 'FEMALE', '2026-01-01', province_id, county_id, village_id, fund_id, group_id
       FROM membership.member WHERE province_id = $1 LIMIT 1`,
    [province, id, nationalId],
  );
}

describe('pages', () => {
  it('walk a province, its counties and its villages in id order, every member once, with the total', async () => {
    const [a] = areas;
    expect(a.members).toHaveLength(40);
    expect(await walk('Province', a.province, 7)).toEqual(a.members);
    const byCounty = [];
    for (const county of a.counties) {
      const members = await walk('County', county, 3);
      expect([...members].sort()).toEqual(members);
      expect((await page('County', county, { first: 1 })).totalCount).toBe(20);
      byCounty.push(...members);
    }
    expect(byCounty.sort()).toEqual(a.members);
    const byVillage = [];
    for (const village of a.villages) {
      const members = await walk('Village', village, 4);
      expect(members).toHaveLength(10);
      byVillage.push(...members);
    }
    expect(byVillage.sort()).toEqual(a.members);
    const whole = await page('Province', a.province, { first: 500 });
    expect(whole.totalCount).toBe(40);
    expect(whole.nodes.map((m) => m.id)).toEqual(a.members);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    // Without first: the default page of 20.
    expect((await page('Province', a.province, {})).nodes).toHaveLength(20);
  });

  it('members added during an export neither shift pages nor come twice: those after the cursor are exported, those before it are not', async () => {
    const b = areas[1];
    const before = '00000000-0000-4000-8000-000000000001';
    const after = 'ffffffff-ffff-4000-8000-000000000001';
    const seen = await walk('Province', b.province, 9, async (n) => {
      if (n === 1) {
        await insertMember(b.province, before, '1000000017');
        await insertMember(b.province, after, '1000000027');
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...b.members, after]);
    expect(seen).not.toContain(before);
    expect((await page('Province', b.province, { first: 1 })).totalCount).toBe(42);
    await p.membershipDb.query(`DELETE FROM membership.member WHERE id = ANY($1)`, [[before, after]]);
  });

  it('filters by status; the total counts the filter', async () => {
    const [a] = areas;
    const suspended = [a.members[3], a.members[17]];
    await p.membershipDb.query(`UPDATE membership.member SET status = 'SUSPENDED', suspension_reason = 'test' WHERE id = ANY($1)`, [
      suspended,
    ]);
    try {
      const got = await page('Province', a.province, { first: 500, status: ['SUSPENDED'] });
      expect(got.nodes.map((m) => m.id)).toEqual(suspended);
      expect(got.edges.every((e) => e.node.status === 'SUSPENDED')).toBe(true);
      expect(got.totalCount).toBe(2);
      const live = await page('Province', a.province, { first: 500, status: ['ACTIVE', 'EXITED'] });
      expect(live.totalCount).toBe(38);
      expect(live.nodes.map((m) => m.id)).toEqual(a.members.filter((id) => !suspended.includes(id)));
      // The same filter on the county and the village of the first one.
      const [row] = await p.membershipDb.query(`SELECT county_id, village_id FROM membership.member WHERE id = $1`, [suspended[0]]);
      expect((await page('County', row.county_id, { first: 500, status: ['SUSPENDED'] })).nodes.map((m) => m.id)).toContain(suspended[0]);
      expect((await page('Village', row.village_id, { first: 500, status: ['SUSPENDED'] })).nodes.map((m) => m.id)).toContain(suspended[0]);
    } finally {
      await p.membershipDb.query(`UPDATE membership.member SET status = 'ACTIVE', suspension_reason = NULL WHERE id = ANY($1)`, [
        suspended,
      ]);
    }
  });
});

describe('what a page reads', () => {
  const EVERY_FIELD = `id givenName familyName fullName nameLatin nationalId birthDate age sex femaleHeadOfHousehold hasDisability
    livelihood baselineMonthlyIncome phone status joinedOn exitedOn exitReason suspensionReason
    fund { id } group { id } residenceVillage { id } referredBy { id } transfers { id }`;

  it("answers every Member field as node(id) does, whatever the selection's shape (fields, fragments, edges), reading only what it needs", async () => {
    const [a] = areas;
    const village = a.villages[3];
    const ids: string[] = (await p.membershipDb.query(`SELECT id FROM membership.member WHERE village_id = $1 ORDER BY id`, [village])).map(
      (r: { id: string }) => r.id,
    );
    // Fields the grid leaves empty, on some members.
    await p.membershipDb.query(
      `UPDATE membership.member SET name_latin = 'Zahra', phone = '+98 912 000 0000', baseline_monthly_income = 1234.5, livelihood = 'DAIRY',
         has_disability = true, residence_village_id = $2 WHERE id = $1`,
      [ids[0], a.villages[0]],
    );
    await p.membershipDb.query(
      `UPDATE membership.member SET status = 'EXITED', exited_on = '2026-03-01', exit_reason = 'MOVED_AWAY' WHERE id = $1`,
      [ids[1]],
    );
    try {
      const byNode = [];
      for (const id of ids)
        byNode.push(ok(await p.gql(p.national, `query($id: ID!) { node(id: $id) { ... on Member { ${EVERY_FIELD} } } }`, { id })).node);
      expect(byNode[0]).toMatchObject({ nameLatin: 'Zahra', baselineMonthlyIncome: '1234.5', livelihood: 'DAIRY', hasDisability: true });
      expect(byNode[1]).toMatchObject({ status: 'EXITED', exitedOn: '2026-03-01', exitReason: 'MOVED_AWAY' });
      const plain = ok(
        await p.gql(
          p.national,
          `query($id: ID!) { node(id: $id) { ... on Village { members(first: 500) { nodes { ${EVERY_FIELD} } } } } }`,
          {
            id: village,
          },
        ),
      ).node.members.nodes;
      expect(plain).toEqual(byNode);
      const viaFragments = ok(
        await p.gql(
          p.national,
          `query($id: ID!) { node(id: $id) { ... on Village { members(first: 500) { edges { node { ...M } } } } } }
           fragment M on Member { ... on Member { ${EVERY_FIELD} } }`,
          { id: village },
        ),
      ).node.members.edges.map((e: { node: unknown }) => e.node);
      expect(viaFragments).toEqual(byNode);
    } finally {
      await p.membershipDb.query(
        `UPDATE membership.member SET name_latin = NULL, phone = NULL, baseline_monthly_income = NULL, livelihood = NULL, has_disability = false,
           residence_village_id = NULL, status = 'ACTIVE', exited_on = NULL, exit_reason = NULL WHERE id = ANY($1)`,
        [ids.slice(0, 2)],
      );
    }
  });

  it('reads the columns its selection needs, not the whole row', async () => {
    p.counter.reset();
    ok(
      await p.gql(p.national, `query($id: ID!) { node(id: $id) { ... on Province { members(first: 5) { nodes { givenName } } } } }`, {
        id: areas[0].province,
      }),
    );
    const [page] = p.counter.texts.filter((t) => t.query.includes('CROSS JOIN LATERAL'));
    expect(page.query).toContain('t.given_name');
    expect(page.query).not.toContain('t.*');
    expect(page.query).not.toContain('t.national_id');
  });
});

describe('one SQL statement a page', () => {
  const statements = async (query: string, variables: Record<string, unknown>) => {
    p.counter.reset();
    ok(await p.gql(p.national, query, variables));
    return [...p.counter.texts];
  };
  const MEMBERS = `query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Province { members(first: $first, after: $after) { nodes { id givenName } pageInfo { endCursor } } } } }`;

  it('costs one statement beside node(id), on the first page and the next, small or large', async () => {
    const [a] = areas;
    const bare = await statements(`query($id: ID!) { node(id: $id) { ... on Province { id } } }`, { id: a.province });
    const first = await statements(MEMBERS, { id: a.province, first: 5 });
    const cursor = ok(await p.gql(p.national, MEMBERS, { id: a.province, first: 5 })).node.members.pageInfo.endCursor;
    const next = await statements(MEMBERS, { id: a.province, first: 500, after: cursor });
    // node(id)'s own statements, then the page: nothing per member.
    expect(bare.length).toBeGreaterThan(0);
    expect(first.map((s) => s.query)).toEqual([...bare.map((s) => s.query), expect.stringContaining('CROSS JOIN LATERAL')]);
    expect(next.map((s) => s.query)).toEqual([...bare.map((s) => s.query), expect.stringContaining('AND t.id > $3')]);
  });

  it("its statement walks the (province_id, id) index under row-level security with the read's enable_sort off, never sorting the province", async () => {
    const [a] = areas;
    const cursor = ok(await p.gql(p.national, MEMBERS, { id: a.province, first: 5 })).node.members.pageInfo.endCursor;
    const [statement] = (await statements(MEMBERS, { id: a.province, first: 10, after: cursor })).filter((s) =>
      /membership\.member t/.test(s.query),
    );
    // As the application role in the scope of the province's regional admin, as the subgraph reads it.
    const plan = await p.membershipAppDb.transaction(async (em) => {
      await em.query(
        `SELECT set_config('app.scope_node', $1, true), set_config('app.scope_all', 'off', true), set_config('app.role', 'REGIONAL_ADMIN', true)`,
        [a.province],
      );
      await em.query('SET LOCAL enable_sort = off');
      const [row] = await em.query(`EXPLAIN (FORMAT JSON) ${statement.query}`, statement.parameters);
      return JSON.stringify(row['QUERY PLAN']);
    });
    expect(plan).toContain('"Index Scan"');
    expect(plan).toContain('IDX_000ccf8d7fef1e05102f91c0bc');
    expect(plan).not.toContain('"Sort"');
  });
});

describe('access', () => {
  const secret = authConfigFromEnv().userTokenSecret;
  const app = (grant: PartnerGrant, scope: string) =>
    signUserToken({ subject: `export-app-${grant}`, role: Role.PARTNER_APP, scopeNodeId: scope, grants: [grant] }, secret);

  it("a county's admin exports her county, never another county's or the province's (null, as ids that do not exist)", async () => {
    const [a] = areas;
    const [mine, other] = a.counties;
    const admin = p.token(Role.REGIONAL_ADMIN, mine);
    const members = await walk('County', mine, 500);
    expect((await page('County', mine, { first: 500 }, admin)).nodes.map((m) => m.id)).toEqual(members);
    for (const [type, id] of [
      ['County', other],
      ['Province', a.province],
      ['Village', a.villages[2]],
    ] as const) {
      const result = await p.gql(admin, PAGE(type), { id, first: 10 });
      expect(result.errors).toBeUndefined();
      expect(result.data.node).toBeNull();
    }
    // Her own villages: yes.
    expect((await page('Village', a.villages[0], { first: 500 }, admin)).totalCount).toBe(10);
  });

  it('a dashboard viewer and a portfolio app are refused (FORBIDDEN: counts, not people); a province admin reads her province', async () => {
    const [a] = areas;
    for (const token of [p.token(Role.DASHBOARD_VIEWER, a.province), app(PartnerGrant.PORTFOLIO_READ, a.province)]) {
      for (const [type, id] of [
        ['Province', a.province],
        ['County', a.counties[0]],
        ['Village', a.villages[0]],
      ] as const) {
        const result = await p.gql(token, PAGE(type), { id, first: 10 });
        expect(failure(result)).toMatchObject({ code: 'FORBIDDEN' });
        expect(result.data?.node?.members ?? null).toBeNull();
      }
    }
    const admin = p.token(Role.REGIONAL_ADMIN, a.province);
    expect((await page('Province', a.province, { first: 500 }, admin)).nodes.map((m) => m.id)).toEqual(a.members);
  });

  it("a province's admin reads no member of another province, even with its own province's cursor", async () => {
    const [a, b] = areas;
    const admin = p.token(Role.REGIONAL_ADMIN, a.province);
    expect(ok(await p.gql(admin, PAGE('Province'), { id: b.province, first: 10 })).node).toBeNull();
  });
});

describe('bad input', () => {
  it('first above 500 is INVALID_PAGE_SIZE at the gateway, 500 passes, and every other list stays at 100', async () => {
    const [a] = areas;
    for (const type of ['Province', 'County', 'Village'] as const) {
      const id = type === 'Province' ? a.province : type === 'County' ? a.counties[0] : a.villages[0];
      const refused = await p.gql(p.national, PAGE(type), { id, first: 501 });
      expect(refused.status).toBe(400);
      expect(failure(refused)).toMatchObject({
        code: 'INVALID_PAGE_SIZE',
        field: 'first',
        details: { field: 'members', size: 501, limit: 500 },
      });
      expect((await page(type, id, { first: 500 })).nodes.length).toBeGreaterThan(0);
    }
    const literal = await p.gql(p.national, `{ provinces(first: 1) { nodes { members(first: 501) { totalCount } } } }`);
    expect(failure(literal)).toMatchObject({ code: 'INVALID_PAGE_SIZE', details: { limit: 500 } });
    const fund = await p.gql(p.national, `{ provinces(first: 1) { nodes { counties(first: 101) { totalCount } } } }`);
    expect(failure(fund)).toMatchObject({ code: 'INVALID_PAGE_SIZE', details: { field: 'counties', size: 101, limit: 100 } });
    const [f] = await p.membershipDb.query(`SELECT id FROM membership.fund WHERE province_id = $1 LIMIT 1`, [a.province]);
    const fundMembers = await p.gql(
      p.national,
      `query($id: ID!) { node(id: $id) { ... on Fund { members(first: 101) { totalCount } } } }`,
      { id: f.id },
    );
    expect(failure(fundMembers)).toMatchObject({ code: 'INVALID_PAGE_SIZE', details: { field: 'members', size: 101, limit: 100 } });
  });

  it('first below 1 is INVALID_PAGE_SIZE from the subgraph, never an internal error', async () => {
    for (const first of [0, -5]) {
      const result = await p.gql(p.national, PAGE('Province'), { id: areas[0].province, first });
      expect(failure(result)).toMatchObject({ code: 'INVALID_PAGE_SIZE', field: 'first' });
      expect(failure(result).message).toContain('between 1 and 500');
    }
  });

  it("a cursor that is not one of this area's list is INVALID_CURSOR (forged, another area's, another list's)", async () => {
    const [a, b] = areas;
    const cursorOf = async (type: 'Province' | 'County' | 'Village', id: string) =>
      (await page(type, id, { first: 2 })).pageInfo.endCursor!;
    const [f] = await p.membershipDb.query(`SELECT id FROM membership.fund WHERE province_id = $1 LIMIT 1`, [a.province]);
    const fundCursor = ok(
      await p.gql(p.national, `query($id: ID!) { node(id: $id) { ... on Fund { members(first: 1) { pageInfo { endCursor } } } } }`, {
        id: f.id,
      }),
    ).node.members.pageInfo.endCursor;
    const bad: [string, unknown][] = [
      ['garbage', 'not a cursor!'],
      ['base64 of nonsense', Buffer.from('["province-members","x","y"]').toString('base64url')],
      ['another province', await cursorOf('Province', b.province)],
      ["a county's", await cursorOf('County', a.counties[0])],
      ["a fund's members", fundCursor],
      ['a uuid alone', randomUUID()],
      ['too long', 'A'.repeat(5000)],
    ];
    for (const [what, after] of bad) {
      const result = await p.gql(p.national, PAGE('Province'), { id: a.province, first: 5, after });
      expect({ what, ...failure(result) }).toMatchObject({ what, code: 'INVALID_CURSOR', field: 'after' });
    }
  });
});
