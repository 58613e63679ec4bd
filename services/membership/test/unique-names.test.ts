import { GraphQLResult, TestPlatform, failure, ok, raceBehindLock, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, op } from './support/factories';

/**
 * A name that must be unique in its parent (a province in its country, a county in its province, a
 * village in its county, a fund in its village, a group in its fund, a partner in the network) is
 * held unique by a unique index over the normalised name, so parallel requests cannot make two.
 */
let p: TestPlatform;
let tree: Tree;
beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p, { policy: { maxGroups: 0 } });
});
afterAll(() => p.stop());

const N = 6;

/** Spellings of one name: case, spaces, and the Arabic yeh and kaf a keyboard may type for the Persian ones. */
const LATIN = ['Qaleh Kandi', 'qaleh  kandi', 'QALEH KANDI '];
const PERSIAN = ['قلعه کندی', 'قلعه  كندي', 'قلعه كندی'];

const creates: Record<string, { table: string; op: string; input: (name: string) => Record<string, unknown>; count: string }> = {
  province: {
    table: 'province',
    op: 'create-province',
    input: (name) => ({ countryCode: 'IR', name }),
    count: `SELECT count(*)::int AS n FROM membership.province WHERE membership.name_key(name) = membership.name_key($1) AND country_code = 'IR'`,
  },
  county: {
    table: 'county',
    op: 'create-county',
    input: (name) => ({ provinceId: tree.provinceId, name }),
    count: `SELECT count(*)::int AS n FROM membership.county WHERE membership.name_key(name) = membership.name_key($1)`,
  },
  village: {
    table: 'village',
    op: 'create-village',
    input: (name) => ({ countyId: tree.countyId, name }),
    count: `SELECT count(*)::int AS n FROM membership.village WHERE membership.name_key(name) = membership.name_key($1)`,
  },
  fund: {
    table: 'fund',
    op: 'create-fund',
    input: (name) => ({ villageId: tree.villageId, name, methodology: 'MICRO_FUND' }),
    count: `SELECT count(*)::int AS n FROM membership.fund WHERE membership.name_key(name) = membership.name_key($1)`,
  },
  group: {
    table: 'member_group',
    op: 'create-group',
    input: (name) => ({ fundId: tree.fundId, name }),
    count: `SELECT count(*)::int AS n FROM membership.member_group WHERE membership.name_key(name) = membership.name_key($1)`,
  },
  partner: {
    table: 'partner',
    op: 'create-partner',
    input: (name) => ({ name, kind: 'NGO' }),
    count: `SELECT count(*)::int AS n FROM membership.partner WHERE membership.name_key(name) = membership.name_key($1)`,
  },
};

describe.each(Object.keys(creates))('%s names under concurrency', (level) => {
  it(`${N} parallel creates with one name (spelt ${N} ways) make one ${level}; the others are NAME_TAKEN`, async () => {
    const c = creates[level];
    const spellings = (level === 'partner' ? LATIN : PERSIAN).map((s) => `${s} ${level}`);
    // Every request is inside its transaction, at its insert, before any of them may insert.
    const results = await raceBehindLock(p, `membership.${c.table}`, N, () =>
      Array.from({ length: N }, (_, i) => p.gql(p.national, op(c.op), { input: c.input(spellings[i % spellings.length]) })),
    );
    expect(results.filter((r) => !r.errors?.length)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors?.length)) expect(failure(r)).toMatchObject({ code: 'NAME_TAKEN', field: 'name' });
    expect(await p.membershipDb.query(c.count, [spellings[0]])).toEqual([{ n: 1 }]);
  });
});

describe('renaming and moving', () => {
  const rename = (id: string, name: string): Promise<GraphQLResult> =>
    p.gql(p.national, `mutation($id: ID!, $name: String!) { updateNode(input: { id: $id, name: $name }) { id name } }`, { id, name });

  it('refuses a rename to a sibling’s name in another spelling, and allows a node its own name in a new spelling', async () => {
    const a = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'Hà Nội' } })).createVillage;
    const b = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'Hải Phòng' } })).createVillage;
    expect(failure(await rename(b.id, 'HÀ  NỘI'))).toMatchObject({ code: 'NAME_TAKEN', field: 'name' });
    expect(ok(await rename(a.id, 'HÀ NỘI')).updateNode.name).toBe('HÀ NỘI');
  });

  it('two parallel renames to one name: one succeeds, the other is NAME_TAKEN', async () => {
    const ids: string[] = [];
    for (const name of ['Đông', 'Tây']) {
      ids.push(ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name } })).createVillage.id);
    }
    const results = await raceBehindLock(p, 'membership.village', 2, () => ids.map((id) => rename(id, 'Nam')));
    expect(results.filter((r) => !r.errors?.length)).toHaveLength(1);
    expect(failure(results.find((r) => r.errors?.length)!)).toMatchObject({ code: 'NAME_TAKEN', field: 'name' });
  });

  it('refuses to move a village into a county that has one of the same name, naming the target', async () => {
    const other = await createTree(p);
    const twin = ok(
      await p.gql(p.national, op('create-village'), { input: { countyId: other.countyId, name: 'Hải Phòng' } }),
    ).createVillage;
    const result = await p.gql(p.national, `mutation($v: ID!, $c: ID!) { moveVillage(villageId: $v, toCountyId: $c) { id } }`, {
      v: twin.id,
      c: tree.countyId,
    });
    expect(failure(result)).toMatchObject({ code: 'NAME_TAKEN', field: 'toCountyId' });
    const [row] = await p.membershipDb.query('SELECT county_id FROM membership.village WHERE id = $1', [twin.id]);
    expect(row.county_id).toBe(other.countyId);
  });
});
