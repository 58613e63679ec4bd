import { TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
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
