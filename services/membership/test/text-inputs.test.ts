import { GraphQLResult, TestPlatform, expectRefused, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

/**
 * One rule per kind of text, the same in every mutation that takes it: names (a visible
 * character, trimmed, NFC, bounded), free text (bounded), search (bounded); and one policy
 * validation for createFund and updateFundPolicy.
 */
let p: TestPlatform;
let tree: Tree;
let memberId: string;
beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p);
  memberId = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
});
afterAll(() => p.stop());

const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.village) AS villages, (SELECT count(*)::int FROM membership.fund) AS funds,
    (SELECT count(*)::int FROM membership.member) AS members, (SELECT count(*)::int FROM membership.partner) AS partners,
    (SELECT count(*)::int FROM membership.formation_step) AS steps, (SELECT count(*)::int FROM membership.outbox) AS events,
    (SELECT count(*)::int FROM membership.member WHERE status = 'SUSPENDED') AS suspended,
    (SELECT string_agg(name, ',' ORDER BY id) FROM membership.county) AS county_names`;
const refused = (run: () => Promise<GraphQLResult>, expected: { code: string; field: string }) =>
  expectRefused(p, FOOTPRINT, run, expected);

const BAD_NAMES: [string, string][] = [
  ['empty', ''],
  ['spaces only', '   '],
  ['a no-break space and a tab', '\u00a0\t'],
  ['zero-width characters only', '\u200b\u200c\u200d\ufeff'],
  ['a combining mark alone', '\u0301'],
  ['a line break inside', 'روستا\nدو'],
  ['a right-to-left override', 'abc\u202edcba'],
  ['201 characters', 'ب'.repeat(201)],
];

describe('names', () => {
  it.each(BAD_NAMES)('refuses %s in createVillage, createPartner, updateNode and enrolMember', async (_what, name) => {
    await refused(() => p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name } }), {
      code: 'INVALID_INPUT',
      field: 'name',
    });
    await refused(() => p.gql(p.national, op('create-partner'), { input: { name, kind: 'NGO' } }), {
      code: 'INVALID_INPUT',
      field: 'name',
    });
    await refused(
      () =>
        p.gql(p.national, `mutation($id: ID!, $n: String) { updateNode(input: { id: $id, name: $n }) { id } }`, {
          id: tree.countyId,
          n: name,
        }),
      {
        code: 'INVALID_INPUT',
        field: 'name',
      },
    );
    await refused(
      () =>
        p.gql(p.national, `mutation($id: ID!, $n: String) { updateNode(input: { id: $id, nameLatin: $n }) { id } }`, {
          id: tree.countyId,
          n: name,
        }),
      { code: 'INVALID_INPUT', field: 'nameLatin' },
    );
    await refused(() => enrol(p, tree.fundId, { familyName: name }), { code: 'INVALID_INPUT', field: 'familyName' });
  });

  it('a person name is at most 100 characters', async () => {
    await refused(() => enrol(p, tree.fundId, { givenName: 'ف'.repeat(101) }), { code: 'INVALID_INPUT', field: 'givenName' });
  });

  it('stores names trimmed and NFC-normalised, keeping joiners inside (Persian half-space) and 200 characters', async () => {
    const village = ok(
      await p.gql(p.national, op('create-village'), {
        input: { countyId: tree.countyId, name: ' \u200b Cafe\u0301 می\u200cخواهم \u00a0' },
      }),
    ).createVillage;
    expect(village.name).toBe('Caf\u00e9 می\u200cخواهم');
    const long = 'ب'.repeat(200);
    expect(ok(await p.gql(p.national, op('create-partner'), { input: { name: ` ${long} `, kind: 'NGO' } })).createPartner.name).toBe(long);
    const member = ok(await enrol(p, tree.fundId, { givenName: 'Tha\u0300nh ', familyName: '  Nguyễn' })).enrolMember;
    expect(member.fullName).toBe('Th\u00e0nh Nguyễn');
  });
});

describe('free text and search', () => {
  it('refuses a 500,000-character suspension reason, keeps a 1,000-character one, and stores a blank one as none', async () => {
    await refused(() => p.gql(p.national, op('suspend-member'), { id: memberId, reason: 'x'.repeat(500_000) }), {
      code: 'INVALID_INPUT',
      field: 'reason',
    });
    await refused(() => p.gql(p.national, op('suspend-member'), { id: memberId, reason: 'x'.repeat(1001) }), {
      code: 'INVALID_INPUT',
      field: 'reason',
    });
    await refused(() => p.gql(p.national, op('suspend-member'), { id: memberId, reason: 'bell\u0007' }), {
      code: 'INVALID_INPUT',
      field: 'reason',
    });
    const kept = ok(await p.gql(p.national, op('suspend-member'), { id: memberId, reason: ` ${'x'.repeat(998)}\ny ` })).suspendMember;
    expect(kept.suspensionReason).toBe(`${'x'.repeat(998)}\ny`);
    ok(await p.gql(p.national, op('reinstate-member'), { id: memberId }));
    expect(ok(await p.gql(p.national, op('suspend-member'), { id: memberId, reason: '   ' })).suspendMember.suspensionReason).toBeNull();
    ok(await p.gql(p.national, op('reinstate-member'), { id: memberId }));
  });

  it('refuses a formation note and a transfer reason over 1,000 characters', async () => {
    await refused(
      () => p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage: 'SITE_CHOSEN', note: 'n'.repeat(500_000) }),
      { code: 'INVALID_INPUT', field: 'note' },
    );
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId, toGroupId: tree.groupId, reason: 'r'.repeat(1001) } }),
      {
        code: 'INVALID_INPUT',
        field: 'reason',
      },
    );
  });

  it('refuses a search over 100 characters on every list', async () => {
    const search = 'س'.repeat(101);
    for (const [query, variables] of [
      [`query($id: ID!, $s: String) { node(id: $id) { ... on County { villages(search: $s) { totalCount } } } }`, { id: tree.countyId }],
      [`query($id: ID!, $s: String) { node(id: $id) { ... on Fund { members(search: $s) { totalCount } } } }`, { id: tree.fundId }],
      [`query($s: String) { partners(search: $s) { totalCount } }`, {}],
    ] as const) {
      expect(failure(await p.gql(p.national, query, { ...variables, s: search }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'search',
      });
    }
  });
});

describe('one policy validation for createFund and updateFundPolicy', () => {
  const createFund = (policy: Record<string, unknown>, name = `صندوق ${Object.keys(policy).join()}`) =>
    p.gql(p.national, op('create-fund'), { input: { villageId: tree.villageId, name, methodology: 'MICRO_FUND', policy } });
  const updatePolicy = (policy: Record<string, unknown>) =>
    p.gql(p.national, `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { id } }`, {
      input: { fundId: tree.fundId, ...policy },
    });

  it.each([
    ['maxMembers 1,000,000', { maxMembers: 1_000_000 }, 'maxMembers'],
    ['minMembers 0', { minMembers: 0 }, 'minMembers'],
    ['maxGroupSize 5,000', { maxMembers: 10_000, maxGroupSize: 5_000 }, 'maxGroupSize'],
    ['maxGroups -1', { maxGroups: -1 }, 'maxGroups'],
    ['maxGroups 1,001', { maxGroups: 1_001 }, 'maxGroups'],
    ['minAge -1', { minAge: -1 }, 'minAge'],
    ['maxAge 121', { maxAge: 121 }, 'maxAge'],
  ])('refuses %s the same way in both', async (_what, policy, field) => {
    await refused(() => createFund(policy), { code: 'INVALID_POLICY', field: `policy.${field}` });
    await refused(() => updatePolicy(policy), { code: 'INVALID_POLICY', field });
  });

  it('takes the limits themselves in both', async () => {
    const policy = { minMembers: 1, maxMembers: 10_000, minGroupSize: 1, maxGroupSize: 1_000, maxGroups: 1_000, minAge: 0, maxAge: 120 };
    ok(await createFund(policy, 'صندوق بزرگ'));
    ok(await updatePolicy(policy));
  });
});
