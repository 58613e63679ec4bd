import { TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const ancestry = async (table: string, where: string, id: string) =>
  p.membershipDb.query(`SELECT province_id, county_id, village_id FROM membership.${table} WHERE ${where} = $1`, [id]);

describe('creating nodes', () => {
  it('creates the five levels with the right ancestry and a FORMING fund with its preset policy', async () => {
    const tree = await createTree(p);
    const fund = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on Fund { status level policy { maxMembers minGroupSize maxGroupSize minAge maxAge womenOnly } ancestry { level } village { id } } } }`,
        { id: tree.fundId },
      ),
    ).node;
    expect(fund).toMatchObject({
      status: 'FORMING',
      level: 'FUND',
      policy: { maxMembers: 50, minGroupSize: 5, maxGroupSize: 7, minAge: 15, maxAge: 60, womenOnly: true },
    });
    expect(fund.ancestry.map((a: { level: string }) => a.level)).toEqual(['PROVINCE', 'COUNTY', 'VILLAGE']);
    const [group] = await p.membershipDb.query(
      'SELECT province_id, county_id, village_id, fund_id FROM membership.member_group WHERE id = $1',
      [tree.groupId],
    );
    expect(group).toEqual({ province_id: tree.provinceId, county_id: tree.countyId, village_id: tree.villageId, fund_id: tree.fundId });
  });

  it('applies policy overrides and refuses inconsistent ones', async () => {
    const tree = await createTree(p, { methodology: 'SAVINGS_GROUP', policy: { maxMembers: 30, maxGroupSize: 30 } });
    const fund = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on Fund { currency policy { maxMembers maxGroupSize maxGroups womenOnly } } } }`,
        { id: tree.fundId },
      ),
    ).node;
    expect(fund).toEqual({ currency: 'IRR', policy: { maxMembers: 30, maxGroupSize: 30, maxGroups: 1, womenOnly: false } });
    const bad = await p.gql(p.national, op('create-fund'), {
      input: { villageId: tree.villageId, name: 'بد', methodology: 'MICRO_FUND', policy: { minMembers: 40, maxMembers: 20 } },
    });
    expect(failure(bad)).toMatchObject({ code: 'INVALID_POLICY', field: 'policy.maxMembers' });
  });

  it('refuses a second group in a one-group methodology, a duplicate name, an unknown parent and bad input', async () => {
    const tree = await createTree(p, { methodology: 'SELF_HELP_GROUP' });
    expect(failure(await p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: 'دوم' } }))).toMatchObject({
      code: 'GROUP_LIMIT_REACHED',
      field: 'fundId',
    });
    const other = await createTree(p);
    expect(
      failure(await p.gql(p.national, op('create-village'), { input: { countyId: other.countyId, name: await nameOf(other.villageId) } })),
    ).toMatchObject({ code: 'NAME_TAKEN', field: 'name' });
    expect(
      failure(await p.gql(p.national, op('create-county'), { input: { provinceId: '01890000-0000-7000-8000-000000000000', name: 'x' } })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'provinceId' });
    expect(failure(await p.gql(p.national, op('create-county'), { input: { provinceId: other.provinceId, name: '' } }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'name',
    });
    expect(failure(await p.gql(p.national, op('create-county'), { input: { provinceId: other.countyId, name: 'x' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'provinceId',
    });
    expect(failure(await p.gql(p.national, `mutation { moveFund(fundId: "not-a-uuid", toVillageId: "also-not") { id } }`))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'fundId',
    });
    expect(ok(await p.gql(p.national, `{ node(id: "not-a-uuid") { id } }`)).node).toBeNull();
    for (const foundedOn of ['2026-02-30', '2026-01-01T10:00:00Z', '01/02/2026']) {
      expect(
        failure(
          await p.gql(p.national, op('create-fund'), {
            input: { villageId: other.villageId, name: 'تاریخ', methodology: 'MICRO_FUND', foundedOn },
          }),
        ),
      ).toMatchObject({ code: 'INVALID_INPUT', field: 'foundedOn' });
    }
  });
});

async function nameOf(id: string): Promise<string> {
  return ok(await p.gql(p.national, `query($id: ID!) { node(id: $id) { ... on HierarchyNode { name } } }`, { id })).node.name;
}

describe('moving', () => {
  let from: Tree;
  let to: Tree;
  beforeAll(async () => {
    from = await createTree(p);
    to = await createTree(p);
    for (let i = 0; i < 3; i++) ok(await enrol(p, from.fundId, { groupId: from.groupId, residenceVillageId: from.villageId }));
  });

  it('moves a fund to another village: the fund, its groups and its members all carry the new ancestry', async () => {
    const moved = ok(
      await p.gql(
        p.national,
        `mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id village { id } ancestry { id } } }`,
        { f: from.fundId, v: to.villageId },
      ),
    ).moveFund;
    expect(moved.village.id).toBe(to.villageId);
    expect(moved.ancestry.map((a: { id: string }) => a.id)).toEqual([to.provinceId, to.countyId, to.villageId]);
    const expected = { province_id: to.provinceId, county_id: to.countyId, village_id: to.villageId };
    expect(await ancestry('fund', 'id', from.fundId)).toEqual([expected]);
    expect(await ancestry('member_group', 'fund_id', from.fundId)).toEqual([expected]);
    const members = await ancestry('member', 'fund_id', from.fundId);
    expect(members).toHaveLength(3);
    for (const m of members) expect(m).toEqual(expected);
    const stats = ok(
      await p.gql(
        p.national,
        `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on County { stats { funds members } } } b: node(id: $b) { ... on County { stats { funds members } } } }`,
        { a: from.countyId, b: to.countyId },
      ),
    );
    expect(stats.a.stats).toEqual({ funds: 0, members: 0 });
    expect(stats.b.stats).toEqual({ funds: 2, members: 3 });
  });

  it('moves a village to another county with everything under it', async () => {
    const third = await createTree(p);
    ok(
      await p.gql(p.national, `mutation($v: ID!, $c: ID!) { moveVillage(villageId: $v, toCountyId: $c) { id } }`, {
        v: to.villageId,
        c: third.countyId,
      }),
    );
    const expected = { province_id: third.provinceId, county_id: third.countyId, village_id: to.villageId };
    for (const table of ['fund', 'member_group', 'member']) {
      const rows = await ancestry(table, 'village_id', to.villageId);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r).toEqual(expected);
    }
    const [v] = await p.membershipDb.query('SELECT province_id, county_id FROM membership.village WHERE id = $1', [to.villageId]);
    expect(v).toEqual({ province_id: third.provinceId, county_id: third.countyId });
  });

  it('refuses a move to another country and leaves everything where it was', async () => {
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    const before = await ancestry('member', 'fund_id', from.fundId);
    expect(
      failure(
        await p.gql(p.national, `mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }`, {
          f: from.fundId,
          v: vn.villageId,
        }),
      ),
    ).toMatchObject({ code: 'MOVE_ACROSS_COUNTRY', field: 'toVillageId' });
    expect(await ancestry('member', 'fund_id', from.fundId)).toEqual(before);
  });
});

describe('archiving and deleting', () => {
  it('refuses to delete a village with no fund where a member of another village lives: NODE_NOT_EMPTY, not an internal error', async () => {
    // Found by the stats property test (seed 731667980): the member's residence held the village by a foreign key.
    // A self-help group takes members from the villages around it.
    const tree = await createTree(p, { methodology: 'SELF_HELP_GROUP' });
    const home = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'محل سکونت' } })).createVillage;
    ok(await enrol(p, tree.fundId, { groupId: tree.groupId, residenceVillageId: home.id }));
    expect(failure(await p.gql(p.national, `mutation($id: ID!) { deleteNode(id: $id) }`, { id: home.id }))).toMatchObject({
      code: 'NODE_NOT_EMPTY',
      field: 'id',
    });
    expect(ok(await p.gql(p.national, `query($id: ID!) { node(id: $id) { id } }`, { id: home.id })).node).toEqual({ id: home.id });
  });

  it('refuses to archive or delete a node with live children, and says what is under it', async () => {
    const tree = await createTree(p);
    ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
    const archive = failure(await p.gql(p.national, `mutation($id: ID!) { archiveNode(id: $id) { id } }`, { id: tree.villageId }));
    expect(archive).toMatchObject({ code: 'NODE_NOT_EMPTY', field: 'id' });
    expect(archive.details).toEqual({
      live: [
        { kind: 'fund', count: 1 },
        { kind: 'member', count: 1 },
      ],
    });
    expect(failure(await p.gql(p.national, `mutation($id: ID!) { deleteNode(id: $id) }`, { id: tree.countyId }))).toMatchObject({
      code: 'NODE_NOT_EMPTY',
    });
  });

  it('archives an empty node, refuses new children under it, and deletes an empty one', async () => {
    const tree = await createTree(p);
    const village = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'خالی' } })).createVillage;
    expect(
      ok(await p.gql(p.national, `mutation($id: ID!) { archiveNode(id: $id) { status } }`, { id: village.id })).archiveNode.status,
    ).toBe('ARCHIVED');
    expect(
      failure(await p.gql(p.national, op('create-fund'), { input: { villageId: village.id, name: 'x', methodology: 'MICRO_FUND' } })),
    ).toMatchObject({ code: 'PARENT_ARCHIVED', field: 'villageId' });
    const spare = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'اشتباه' } })).createVillage;
    expect(ok(await p.gql(p.national, `mutation($id: ID!) { deleteNode(id: $id) }`, { id: spare.id })).deleteNode).toBe(spare.id);
    expect(ok(await p.gql(p.national, `query($id: ID!) { node(id: $id) { id } }`, { id: spare.id })).node).toBeNull();
  });

  it('renames a node and refuses a policy the fund already breaks', async () => {
    const tree = await createTree(p);
    for (let i = 0; i < 6; i++) ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
    expect(
      ok(
        await p.gql(
          p.national,
          `mutation($id: ID!) { updateNode(input: { id: $id, name: "نام تازه", nameLatin: "New" }) { name nameLatin } }`,
          { id: tree.fundId },
        ),
      ).updateNode,
    ).toEqual({ name: 'نام تازه', nameLatin: 'New' });
    expect(
      failure(
        await p.gql(
          p.national,
          `mutation($id: ID!) { updateFundPolicy(input: { fundId: $id, maxGroupSize: 5, minGroupSize: 5 }) { id } }`,
          { id: tree.fundId },
        ),
      ),
    ).toMatchObject({ code: 'POLICY_CONFLICT', field: 'maxGroupSize' });
    const events = await p.membershipDb.query(`SELECT type FROM membership.outbox WHERE aggregate_id = $1 ORDER BY seq`, [tree.fundId]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['FundCreated', 'FundUpdated']);
  });
});
