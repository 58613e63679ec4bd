import { GraphQLResult, TestPlatform, expectRefused, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

/**
 * Hostile and careless input through the gateway: every refusal is a coded error naming the
 * field, never INTERNAL_SERVER_ERROR (which is what Postgres errors turned into before).
 */
let p: TestPlatform;
let tree: Tree;
beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p);
  for (let i = 0; i < 3; i++) ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
  ok(await p.gql(p.national, op('create-partner'), { input: { name: 'Partner A', kind: 'NGO' } }));
  ok(await p.gql(p.national, op('create-partner'), { input: { name: 'Partner B', kind: 'NGO' } }));
});
afterAll(() => p.stop());

const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const UUID = '0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';

describe('crafted cursors are refused with INVALID_CURSOR', () => {
  const fundsAfter = `query($id: ID!, $after: String) { node(id: $id) { ... on Village { funds(first: 1, after: $after) { nodes { name } pageInfo { endCursor } } } } }`;
  const membersAfter = `query($id: ID!, $after: String) { node(id: $id) { ... on Fund { members(first: 1, after: $after) { nodes { id } pageInfo { endCursor } } } } }`;
  const countiesAfter = `query($id: ID!, $after: String) { node(id: $id) { ... on Province { counties(first: 1, after: $after) { nodes { name } } } } }`;
  const partnersAfter = `query($after: String) { partners(first: 1, after: $after) { nodes { name } pageInfo { endCursor } } }`;
  const provincesAfter = `query($after: String) { provinces(first: 1, after: $after) { nodes { name } pageInfo { endCursor } } }`;

  const crafted: [string, string][] = [
    ['base64 garbage', 'bm90IGpzb24'],
    ['not base64 at all', '%%%%'],
    ['the wrong shape', raw({ name: 'a', id: UUID })],
    ['a number for the id', raw(['a', 12345])],
    ['a non-uuid id', raw(['a', 'x'])],
    ['a NUL in the name', raw(['a\u0000', UUID])],
    ['a number for the name', raw([7, UUID])],
    ['a list name with a number for the id', raw(['fund', 'a', 12345])],
    ['a list name with a non-uuid id', raw(['fund', 'a', 'x'])],
    ['a list name with a NUL in the name', raw(['fund', 'a\u0000', UUID])],
  ];

  it.each(crafted)('%s on a village funds list', async (_what, after) => {
    const result = await p.gql(p.national, fundsAfter, { id: tree.villageId, after });
    expect(failure(result)).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it.each(crafted)('%s on the partners list', async (_what, after) => {
    expect(failure(await p.gql(p.national, partnersAfter, { after }))).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it.each(crafted)('%s on the provinces list', async (_what, after) => {
    expect(failure(await p.gql(p.national, provincesAfter, { after }))).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('a cursor from another list, even of the same shape, is refused; its own list takes it', async () => {
    const partnerCursor = ok(await p.gql(p.national, partnersAfter, {})).partners.pageInfo.endCursor;
    const provinceCursor = ok(await p.gql(p.national, provincesAfter, {})).provinces.pageInfo.endCursor;
    const memberCursor = ok(await p.gql(p.national, membersAfter, { id: tree.fundId })).node.members.pageInfo.endCursor;
    expect(failure(await p.gql(p.national, countiesAfter, { id: tree.provinceId, after: provinceCursor }))).toMatchObject({
      code: 'INVALID_CURSOR',
      field: 'after',
    });
    expect(failure(await p.gql(p.national, fundsAfter, { id: tree.villageId, after: partnerCursor }))).toMatchObject({
      code: 'INVALID_CURSOR',
    });
    expect(failure(await p.gql(p.national, fundsAfter, { id: tree.villageId, after: memberCursor }))).toMatchObject({
      code: 'INVALID_CURSOR',
    });
    expect(failure(await p.gql(p.national, partnersAfter, { after: provinceCursor }))).toMatchObject({ code: 'INVALID_CURSOR' });
    // The same cursors continue their own lists.
    ok(await p.gql(p.national, partnersAfter, { after: partnerCursor }));
    ok(await p.gql(p.national, provincesAfter, { after: provinceCursor }));
    const next = ok(await p.gql(p.national, membersAfter, { id: tree.fundId, after: memberCursor })).node.members;
    expect(next.nodes).toHaveLength(1);
  });
});

describe('NUL characters and unpaired surrogates are refused with INVALID_INPUT naming the field, in every string input', () => {
  const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.village) AS villages, (SELECT count(*)::int FROM membership.province) AS provinces,
      (SELECT count(*)::int FROM membership.member) AS members, (SELECT count(*)::int FROM membership.partner) AS partners,
      (SELECT count(*)::int FROM membership.formation_step) AS steps, (SELECT count(*)::int FROM membership.outbox) AS events`;
  const refused = async (run: () => Promise<GraphQLResult>, expected: { code: string; field: string }) =>
    expectRefused(p, FOOTPRINT, run, expected);

  it.each([
    ['a NUL', 'روستا\u0000'],
    ['a NUL alone', '\u0000'],
    ['an unpaired surrogate', 'a\ud800b'],
  ])('in a name (%s)', async (_what, name) => {
    await refused(() => p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name } }), {
      code: 'INVALID_INPUT',
      field: 'name',
    });
  });

  it('in a Latin name, a member name, a national id and a partner name', async () => {
    await refused(
      () => p.gql(p.national, op('create-province'), { input: { countryCode: 'IR', name: 'استان نو', nameLatin: 'New\u0000' } }),
      { code: 'INVALID_INPUT', field: 'nameLatin' },
    );
    await refused(() => enrol(p, tree.fundId, { givenName: 'فاطمه\u0000' }), { code: 'INVALID_INPUT', field: 'givenName' });
    await refused(() => enrol(p, tree.fundId, { nationalId: '0012345678\u0000' }), { code: 'INVALID_INPUT', field: 'nationalId' });
    await refused(() => p.gql(p.national, op('create-partner'), { input: { name: '\u0000', kind: 'NGO' } }), {
      code: 'INVALID_INPUT',
      field: 'name',
    });
  });

  it('in a reason and a note given as plain arguments', async () => {
    const memberId = ok(await p.gql(p.national, op('fund-members'), { id: tree.fundId })).node.members.nodes[0].id;
    await refused(() => p.gql(p.national, op('suspend-member'), { id: memberId, reason: 'absent\u0000' }), {
      code: 'INVALID_INPUT',
      field: 'reason',
    });
    await refused(() => p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage: 'SITE_CHOSEN', note: '\u0000' }), {
      code: 'INVALID_INPUT',
      field: 'note',
    });
  });

  it('in search arguments of every list, and in an id', async () => {
    const search = 'x\u0000';
    const cases: [string, Record<string, unknown>][] = [
      [`query($id: ID!, $s: String) { node(id: $id) { ... on County { villages(search: $s) { totalCount } } } }`, { id: tree.countyId }],
      [`query($id: ID!, $s: String) { node(id: $id) { ... on Fund { members(search: $s) { nodes { id } } } } }`, { id: tree.fundId }],
      [`query($s: String) { provinces(search: $s) { nodes { id } } }`, {}],
      [`query($s: String) { partners(search: $s) { nodes { id } } }`, {}],
    ];
    for (const [query, variables] of cases) {
      expect(failure(await p.gql(p.national, query, { ...variables, s: search }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'search',
      });
    }
    expect(failure(await p.gql(p.national, `query($id: ID!) { node(id: $id) { id } }`, { id: '\u0000' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'id',
    });
  });
});

describe('out-of-range dates are refused with INVALID_INPUT naming the field', () => {
  it.each(['0000-01-01', '10000-01-01', '1899-12-31', '2200-01-01', '-0001-01-01'])('%s', async (day) => {
    expect(failure(await enrol(p, tree.fundId, { joinedOn: day }))).toMatchObject({ code: 'INVALID_INPUT', field: 'joinedOn' });
    expect(failure(await enrol(p, tree.fundId, { birthDate: day }))).toMatchObject({ code: 'INVALID_INPUT', field: 'birthDate' });
    expect(
      failure(
        await p.gql(p.national, op('create-fund'), {
          input: { villageId: tree.villageId, name: `F ${day}`, methodology: 'MICRO_FUND', foundedOn: day },
        }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'foundedOn' });
    expect(
      failure(await p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage: 'SITE_CHOSEN', completedOn: day })),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'completedOn' });
  });
  it('the first and last days of the range are taken', async () => {
    ok(await p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage: 'SITE_CHOSEN', completedOn: '1900-01-01' }));
    ok(await p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage: 'SITE_CHOSEN', completedOn: '2199-12-31' }));
  });
});
