import request from 'supertest';
import { GATEWAY_IDENTITY_HEADER, Role, authConfigFromEnv, signGatewayIdentity } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../support/platform';
import { Tree, buildMember, createTree, op } from '../../services/membership/test/support/factories';

/**
 * A county admin works in its county and nowhere else: queries, counts, mutations, node(id) and
 * entity references from other subgraphs all answer what lies outside as if it did not exist.
 */
let p: TestPlatform;
let mine: Tree;
let theirs: Tree;
let admin: string;

beforeAll(async () => {
  p = await startTestPlatform();
  mine = await createTree(p);
  theirs = await createTree(p);
  admin = p.token(Role.REGIONAL_ADMIN, mine.countyId, 'county-admin');
  ok(await p.gql(p.national, op('enrol-member'), { input: buildMember(theirs.fundId, { groupId: theirs.groupId }) }));
});
afterAll(() => p.stop());

describe('a county admin in its own county', () => {
  it('creates a village, a fund, groups and members, and sees them counted', async () => {
    const village = ok(
      await p.gql(admin, op('create-village'), { input: { countyId: mine.countyId, name: 'قلعه‌جوق', kind: 'VILLAGE' } }),
    ).createVillage;
    const fund = ok(
      await p.gql(admin, op('create-fund'), { input: { villageId: village.id, name: 'صندوق قلعه‌جوق', methodology: 'MICRO_FUND' } }),
    ).createFund;
    expect(fund).toMatchObject({ status: 'FORMING', currency: 'IRR', policy: { maxMembers: 50 } });
    const groups = [];
    for (const name of ['گروه یک', 'گروه دو'])
      groups.push(ok(await p.gql(admin, op('create-group'), { input: { fundId: fund.id, name } })).createGroup);
    for (let i = 0; i < 4; i++) {
      ok(
        await p.gql(admin, op('enrol-member'), {
          input: buildMember(fund.id, { groupId: groups[i % 2].id, residenceVillageId: village.id, femaleHeadOfHousehold: i === 0 }),
        }),
      );
    }
    const county = ok(
      await p.gql(
        admin,
        `query($id: ID!) { node(id: $id) { ... on County { stats { funds groups members women femaleHeadedHouseholds } villages(search: "قلعه") { totalCount nodes { funds { nodes { stats { members } groups { totalCount } } } } } } } }`,
        { id: mine.countyId },
      ),
    ).node;
    expect(county.stats).toEqual({ funds: 2, groups: 3, members: 4, women: 4, femaleHeadedHouseholds: 1 });
    expect(county.villages.totalCount).toBe(1);
    expect(county.villages.nodes[0].funds.nodes[0]).toEqual({ stats: { members: 4 }, groups: { totalCount: 2 } });
  });

  it('starts browsing from viewer.scopeNode; provinces lists none (the province is above its scope)', async () => {
    const data = ok(await p.gql(admin, `{ viewer { role scopeNode { id level } } provinces { totalCount nodes { id } } }`));
    expect(data.viewer).toEqual({ role: 'REGIONAL_ADMIN', scopeNode: { id: mine.countyId, level: 'COUNTY' } });
    expect(data.provinces).toEqual({ totalCount: 0, nodes: [] });
    const county = ok(
      await p.gql(admin, `query($id: ID!) { node(id: $id) { ... on County { province { id } ancestry { id level } } } }`, {
        id: mine.countyId,
      }),
    ).node;
    expect(county.province).toBeNull();
    expect(county.ancestry).toEqual([{ id: mine.provinceId, level: 'PROVINCE' }]);
  });
});

describe('the same admin outside its county', () => {
  it.each([
    ['the other county', () => theirs.countyId],
    ['its village', () => theirs.villageId],
    ['its fund', () => theirs.fundId],
    ['its group', () => theirs.groupId],
    ['its province', () => theirs.provinceId],
  ])('cannot read %s with node(id): null, as for an id that does not exist', async (_what, id) => {
    const result = await p.gql(admin, `query($id: ID!) { node(id: $id) { id ... on HierarchyNode { name stats { members } } } }`, {
      id: id(),
    });
    expect(result).toMatchObject({ status: 200, data: { node: null } });
    expect(result.errors).toBeUndefined();
  });

  it('cannot read a member of another county', async () => {
    const [member] = await p.membershipDb.query('SELECT id FROM membership.member WHERE fund_id = $1', [theirs.fundId]);
    const result = await p.gql(admin, `query($id: ID!) { node(id: $id) { id ... on Member { nationalId } } }`, { id: member.id });
    expect(result.data?.node).toBeNull();
    expect(result.errors).toBeUndefined();
  });

  it.each([
    ['create a village there', op('create-village'), () => ({ input: { countyId: theirs.countyId, name: 'x' } }), 'countyId'],
    [
      'create a fund there',
      op('create-fund'),
      () => ({ input: { villageId: theirs.villageId, name: 'x', methodology: 'MICRO_FUND' } }),
      'villageId',
    ],
    ['create a group there', op('create-group'), () => ({ input: { fundId: theirs.fundId, name: 'x' } }), 'fundId'],
    ['enrol a member there', op('enrol-member'), () => ({ input: buildMember(theirs.fundId, { groupId: theirs.groupId }) }), 'fundId'],
    ['rename a node there', 'mutation($id: ID!) { updateNode(input: { id: $id, name: "x" }) { id } }', () => ({ id: theirs.fundId }), 'id'],
    ['archive a node there', 'mutation($id: ID!) { archiveNode(id: $id) { id } }', () => ({ id: theirs.groupId }), 'id'],
    [
      'move its own fund into the other county',
      'mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }',
      () => ({ f: mine.fundId, v: theirs.villageId }),
      'toVillageId',
    ],
    [
      'move the other fund into its county',
      'mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }',
      () => ({ f: theirs.fundId, v: mine.villageId }),
      'fundId',
    ],
  ])('cannot %s', async (_what, query, variables, field) => {
    const before = await p.membershipDb.query('SELECT count(*)::int AS n FROM membership.outbox');
    expect(failure(await p.gql(admin, query, variables()))).toMatchObject({ code: 'NOT_FOUND', field });
    expect(await p.membershipDb.query('SELECT count(*)::int AS n FROM membership.outbox')).toEqual(before);
  });

  it('cannot manage its own county node, nor create a province', async () => {
    expect(failure(await p.gql(admin, 'mutation($id: ID!) { archiveNode(id: $id) { id } }', { id: mine.countyId })).code).toBe('FORBIDDEN');
    expect(failure(await p.gql(admin, op('create-province'), { input: { countryCode: 'IR', name: 'x' } })).code).toBe('FORBIDDEN');
  });

  it('gets null for entity references into the other county, asked the way the gateway asks', async () => {
    const { gatewaySecret } = authConfigFromEnv();
    const identity = signGatewayIdentity({ subject: 'county-admin', role: Role.REGIONAL_ADMIN, scopeNodeId: mine.countyId }, gatewaySecret);
    const entities = (reps: { __typename: string; id: string }[]) =>
      request(p.membershipUrl.replace(/\/graphql$/, ''))
        .post('/graphql')
        .set(GATEWAY_IDENTITY_HEADER, identity)
        .send({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on HierarchyNode { id name } } }',
          variables: { r: reps },
        });
    const own = await entities([{ __typename: 'Fund', id: mine.fundId }]);
    expect(own.body.data._entities).toEqual([{ id: mine.fundId, name: expect.any(String) }]);
    const other = await entities([
      { __typename: 'Fund', id: theirs.fundId },
      { __typename: 'County', id: theirs.countyId },
      { __typename: 'Group', id: theirs.groupId },
    ]);
    expect(other.body.data._entities).toEqual([null, null, null]);
    expect(other.body.errors).toBeUndefined();
  });
});

describe('other roles and callers', () => {
  it('a dashboard viewer reads counts under its node but no personal data, and changes nothing', async () => {
    const viewer = p.token(Role.DASHBOARD_VIEWER, theirs.provinceId);
    const data = ok(await p.gql(viewer, `{ provinces { nodes { id stats { members } } } }`));
    expect(data.provinces.nodes).toEqual([{ id: theirs.provinceId, stats: { members: 1 } }]);
    expect(
      failure(
        await p.gql(viewer, `query($id: ID!) { node(id: $id) { ... on Fund { members { nodes { nationalId } } } } }`, {
          id: theirs.fundId,
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(failure(await p.gql(viewer, op('create-group'), { input: { fundId: theirs.fundId, name: 'x' } })).code).toBe('FORBIDDEN');
  });

  it('a fund officer sees its fund only', async () => {
    const officer = p.token(Role.FUND_OFFICER, theirs.fundId);
    expect(
      ok(await p.gql(officer, `query($id: ID!) { node(id: $id) { ... on Fund { members { totalCount } } } }`, { id: theirs.fundId })).node
        .members.totalCount,
    ).toBe(1);
    for (const id of [theirs.villageId, mine.fundId]) {
      expect(await p.gql(officer, `query($id: ID!) { node(id: $id) { id } }`, { id })).toMatchObject({ status: 200, data: { node: null } });
    }
  });

  it('no token: no data; a forged token: refused; a subgraph called around the gateway: refused', async () => {
    const anonymous = await p.gql(null, `{ provinces { totalCount } }`);
    expect(anonymous.status).toBe(401);
    expect(failure(anonymous).code).toBe('UNAUTHENTICATED');
    const forged = await p.gql('eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiTkFUSU9OQUxfQURNSU4ifQ.c2lnbmF0dXJl', `{ provinces { totalCount } }`);
    expect(forged.status).toBe(401);
    expect(failure(forged).code).toBe('INVALID_TOKEN');
    const direct = await request(p.membershipUrl.replace(/\/graphql$/, ''))
      .post('/graphql')
      .set('authorization', `Bearer ${p.national}`)
      .send({ query: '{ provinces { totalCount } }' });
    expect(direct.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(direct.body.data ?? null).toBeNull();
  });

  it('a token scoped to a node that does not exist is refused', async () => {
    const ghost = p.token(Role.REGIONAL_ADMIN, '01890000-0000-7000-8000-000000000001');
    expect(failure(await p.gql(ghost, `{ viewer { role } }`)).code).toBe('INVALID_TOKEN');
  });
});
