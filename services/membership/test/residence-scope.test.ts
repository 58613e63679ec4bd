import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, expectRefused, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op, vietnameseId } from './support/factories';

/**
 * A village of residence is a node like any other: a caller may name only one it can open with
 * node(id) (or the fund's own village), in the fund's country, and no nested field opens a node
 * that node(id) would not open for the same caller.
 */
let p: TestPlatform;
let mine: Tree;
/** A village of another county of the same province, and a fund there. */
let neighbour: { countyId: string; villageId: string };
let elsewhere: Tree;
let vietnam: Tree;
let admin: string;

const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.member) AS members,
            (SELECT count(*)::int FROM membership.member WHERE status <> 'EXITED') AS live,
            (SELECT count(*)::int FROM membership.outbox) AS events,
            (SELECT count(*)::int FROM membership.member_transfer) AS transfers`;
const refused = (run: () => Promise<GraphQLResult>, expected: { code: string; field?: string }) =>
  expectRefused(p, FOOTPRINT, run, expected);

beforeAll(async () => {
  p = await startTestPlatform();
  mine = await createTree(p, { methodology: 'SAVINGS_GROUP', policy: { maxGroups: 5 } });
  elsewhere = await createTree(p, { methodology: 'SAVINGS_GROUP' });
  vietnam = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
  const county = ok(await p.gql(p.national, op('create-county'), { input: { provinceId: mine.provinceId, name: 'همسایه' } })).createCounty;
  const village = ok(
    await p.gql(p.national, op('create-village'), { input: { countyId: county.id, name: 'روستای همسایه' } }),
  ).createVillage;
  neighbour = { countyId: county.id, villageId: village.id };
  admin = p.token(Role.REGIONAL_ADMIN, mine.countyId, 'county-admin');
});
afterAll(() => p.stop());

const transfer = (token: string, input: Record<string, unknown>) => p.gql(token, op('transfer-member'), { input });

describe('naming a village of residence', () => {
  it.each([
    ['another county of the same province', () => neighbour.villageId],
    ['another province', () => elsewhere.villageId],
    ['another country', () => vietnam.villageId],
  ])('a county admin may not enrol a member living in %s', async (_where, village) => {
    await refused(() => enrol(p, mine.fundId, { groupId: mine.groupId, residenceVillageId: village() }, admin), {
      code: 'NOT_FOUND',
      field: 'residenceVillageId',
    });
  });

  it('a county admin enrols a member living in a village of its county; a fund officer names only its own village', async () => {
    const other = ok(await p.gql(admin, op('create-village'), { input: { countyId: mine.countyId, name: 'روستای دیگر' } })).createVillage;
    const m = ok(await enrol(p, mine.fundId, { groupId: mine.groupId, residenceVillageId: other.id }, admin)).enrolMember;
    expect(ok(await p.gql(admin, op('member-fields'), { id: m.id })).node.residenceVillage).toEqual({ id: other.id });
    const officer = p.token(Role.FUND_OFFICER, mine.fundId);
    ok(await enrol(p, mine.fundId, { groupId: mine.groupId, residenceVillageId: mine.villageId }, officer));
    await refused(() => enrol(p, mine.fundId, { groupId: mine.groupId, residenceVillageId: other.id }, officer), {
      code: 'NOT_FOUND',
      field: 'residenceVillageId',
    });
  });

  it('even a national admin may not give a member a residence in another country', async () => {
    await refused(() => enrol(p, mine.fundId, { groupId: mine.groupId, residenceVillageId: vietnam.villageId }), {
      code: 'RESIDENCE_OUTSIDE_COUNTRY',
      field: 'residenceVillageId',
    });
    await refused(
      () =>
        enrol(p, vietnam.fundId, {
          groupId: vietnam.groupId,
          nationalId: vietnameseId('1990-06-01', 'FEMALE'),
          residenceVillageId: mine.villageId,
        }),
      { code: 'RESIDENCE_OUTSIDE_COUNTRY', field: 'residenceVillageId' },
    );
  });

  it('transferMember checks the new residence the same way', async () => {
    const m = ok(await enrol(p, mine.fundId, { groupId: mine.groupId }, admin)).enrolMember;
    const group = ok(await p.gql(admin, op('create-group'), { input: { fundId: mine.fundId, name: 'گروه انتقال' } })).createGroup;
    for (const village of [neighbour.villageId, elsewhere.villageId]) {
      await refused(() => transfer(admin, { memberId: m.id, toGroupId: group.id, residenceVillageId: village }), {
        code: 'NOT_FOUND',
        field: 'residenceVillageId',
      });
    }
    await refused(() => transfer(p.national, { memberId: m.id, toGroupId: group.id, residenceVillageId: vietnam.villageId }), {
      code: 'RESIDENCE_OUTSIDE_COUNTRY',
      field: 'residenceVillageId',
    });
    const moved = ok(await transfer(admin, { memberId: m.id, toGroupId: group.id, residenceVillageId: mine.villageId })).transferMember;
    expect(moved.residenceVillage).toEqual({ id: mine.villageId });
  });
});

describe('nested fields open nothing node(id) would not', () => {
  it('a member living in a village outside the caller’s scope shows residenceVillage null, not the village', async () => {
    // A national admin may record a residence anywhere in the country.
    const m = ok(await enrol(p, mine.fundId, { groupId: mine.groupId, residenceVillageId: neighbour.villageId })).enrolMember;
    const query = `query($id: ID!) { node(id: $id) { ... on Member { residenceVillage { id name stats { funds } } } } }`;
    expect(ok(await p.gql(p.national, query, { id: m.id })).node.residenceVillage).toMatchObject({ id: neighbour.villageId });
    expect(ok(await p.gql(admin, query, { id: m.id })).node.residenceVillage).toBeNull();
  });

  it('every node reachable through a nested field from nodes in scope is one node(id) opens for the same caller', async () => {
    // A member living in a neighbouring county, moved in from another province: the links out of the county.
    const outsider = ok(
      await enrol(p, elsewhere.fundId, { groupId: elsewhere.groupId, residenceVillageId: elsewhere.villageId }),
    ).enrolMember;
    const moved = ok(
      await transfer(p.national, {
        memberId: outsider.id,
        toGroupId: mine.groupId,
        residenceVillageId: neighbour.villageId,
        effectiveOn: '2026-02-01',
      }),
    ).transferMember;
    ok(
      await p.gql(p.national, op('appoint-officer'), {
        input: { fundId: mine.fundId, memberId: moved.id, role: 'CHAIR', termStart: '2026-02-01' },
      }),
    );
    const selection = await nestedNodeSelection();
    const starts = [mine.countyId, mine.villageId, mine.fundId, mine.groupId, moved.id];
    const reached = new Map<string, string>();
    for (const id of starts) {
      // One type's selection at a time: two types may give one field name different shapes (Fund.loans
      // a connection, Member.loans a list), which one query may not merge.
      const { __typename } = ok(await p.gql(admin, `query($id: ID!) { node(id: $id) { __typename } }`, { id })).node;
      const inner = selection.get(__typename) ?? '';
      const data = ok(await p.gql(admin, `query($id: ID!) { node(id: $id) { __typename id ... on ${__typename} { ${inner} } } }`, { id }));
      collectNodes(data.node, reached);
    }
    expect(reached.size).toBeGreaterThan(starts.length);
    const unopenable: string[] = [];
    for (const [id, type] of reached) {
      const result = await p.gql(admin, `query($id: ID!) { node(id: $id) { id } }`, { id });
      if (!result.data?.node) unopenable.push(`${type} ${id}`);
    }
    expect(unopenable).toEqual([]);
  });
});

interface SchemaType {
  name: string;
  kind: string;
  interfaces?: { name: string }[] | null;
  possibleTypes?: { name: string }[] | null;
  fields?: { name: string; args: { type: { kind: string } }[]; type: TypeRef }[] | null;
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

/**
 * From the API schema: on every type that implements Node, every field leading (directly, in a
 * list, a connection's nodes or an object such as Officer) to a Node type, selected as
 * `__typename id`, two levels deep, per type. New node-valued fields are walked without changing this test.
 */
async function nestedNodeSelection(): Promise<Map<string, string>> {
  const schema = ok(
    await p.gql(
      p.national,
      `{ __schema { types { name kind interfaces { name } possibleTypes { name }
         fields { name args { type { kind } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`,
    ),
  ).__schema.types as SchemaType[];
  const byName = new Map(schema.map((t) => [t.name, t]));
  const isNode = (name: string) =>
    name === 'Node' || name === 'HierarchyNode' || !!byName.get(name)?.interfaces?.some((i) => i.name === 'Node');
  const nodeTypes = schema.filter((t) => t.kind === 'OBJECT' && isNode(t.name));
  const select = (typeName: string, depth: number): string => {
    const type = byName.get(typeName);
    const parts: string[] = [];
    for (const field of type?.fields ?? []) {
      if (field.args.some((a) => a.type.kind === 'NON_NULL')) continue;
      const target = named(field.type).name!;
      if (isNode(target)) {
        parts.push(`${field.name} { __typename id }`);
      } else if (depth > 0 && byName.get(target)?.kind === 'OBJECT' && !target.startsWith('__')) {
        const inner = select(target, depth - 1);
        if (inner) parts.push(`${field.name} { ${inner} }`);
      }
    }
    return parts.join(' ');
  };
  return new Map(nodeTypes.map((t) => [t.name, select(t.name, 2)]));
}

function collectNodes(value: unknown, into: Map<string, string>): void {
  if (Array.isArray(value)) return value.forEach((v) => collectNodes(v, into));
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.__typename === 'string' && typeof record.id === 'string') into.set(record.id, record.__typename);
  for (const v of Object.values(record)) collectNodes(v, into);
}
