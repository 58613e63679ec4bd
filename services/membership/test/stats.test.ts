import { TestPlatform, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const STATS = `stats { funds activeFunds groups members women men femaleHeadedHouseholds withDisability referredByPartner suspendedMembers }`;

describe('stats at every level', () => {
  let tree: Tree;
  let secondGroupId: string;
  beforeAll(async () => {
    tree = await createTree(p);
    secondGroupId = ok(await p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: 'گروه دوم' } })).createGroup.id;
    ok(await enrol(p, tree.fundId, { groupId: tree.groupId, femaleHeadOfHousehold: true }));
    ok(await enrol(p, tree.fundId, { groupId: tree.groupId, hasDisability: true }));
    const suspended = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
    ok(await p.gql(p.national, op('suspend-member'), { id: suspended, reason: 'absent' }));
    ok(await enrol(p, tree.fundId, { groupId: secondGroupId }));
  });

  it('answers the counts of a province, county, village, fund and group in one query, the group included (its parent is never nulled)', async () => {
    const data = ok(
      await p.gql(
        p.national,
        `query($p: ID!, $c: ID!, $v: ID!, $f: ID!, $g: ID!, $g2: ID!) {
          province: node(id: $p) { id ... on HierarchyNode { ${STATS} } }
          county: node(id: $c) { id ... on HierarchyNode { ${STATS} } }
          village: node(id: $v) { id ... on HierarchyNode { ${STATS} } }
          fund: node(id: $f) { id ... on HierarchyNode { ${STATS} } }
          group: node(id: $g) { id ... on Group { name ${STATS} } }
          second: node(id: $g2) { id ... on Group { ${STATS} } }
        }`,
        { p: tree.provinceId, c: tree.countyId, v: tree.villageId, f: tree.fundId, g: tree.groupId, g2: secondGroupId },
      ),
    );
    const whole = {
      funds: 1,
      activeFunds: 0,
      groups: 2,
      members: 3,
      women: 3,
      men: 0,
      femaleHeadedHouseholds: 1,
      withDisability: 1,
      referredByPartner: 0,
      suspendedMembers: 1,
    };
    for (const level of ['province', 'county', 'village', 'fund'] as const) expect(data[level].stats).toEqual(whole);
    expect(data.group).toMatchObject({ id: tree.groupId, name: expect.any(String) });
    expect(data.group.stats).toEqual({ ...whole, funds: 0, groups: 1, members: 2, women: 2 });
    expect(data.second.stats).toEqual({
      ...whole,
      funds: 0,
      groups: 1,
      members: 1,
      women: 1,
      femaleHeadedHouseholds: 0,
      withDisability: 0,
      suspendedMembers: 0,
    });
  });

  it('a group with nobody in it counts zero, with itself as its one group', async () => {
    const empty = ok(await p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: 'گروه خالی' } })).createGroup.id;
    const data = ok(
      await p.gql(p.national, `query($id: ID!) { node(id: $id) { ... on Group { stats { groups members funds } } } }`, { id: empty }),
    );
    expect(data.node.stats).toEqual({ groups: 1, members: 0, funds: 0 });
  });
});
