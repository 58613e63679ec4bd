import { randomBytes } from 'node:crypto';
import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, expectRefused, failure, ok, raceBehindLock, startTestPlatform } from '../../../test/support/platform';
import { Tree, buildMember, createTree, enrol, iranianCode, op } from './support/factories';

/**
 * What a caller may learn of what lies outside its scope: nothing, not even that it exists. For
 * every caller but a national admin, an id outside the scope is answered exactly as an id that does
 * not exist (node(id) null; every by-id argument NOT_FOUND with the same field and message), and
 * the one-live-membership rule refuses a national id held outside the scope without saying where.
 */
let p: TestPlatform;
let mine: Tree;
let theirs: Tree;
/** Ids in `theirs` (another province) of each kind a by-id argument takes. */
const their: Record<string, string> = {};
let myMember: string;

const unknownId = () => `01900000-0000-7000-8000-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  p = await startTestPlatform();
  mine = await createTree(p, { methodology: 'SAVINGS_GROUP', policy: { maxGroups: 0 } });
  theirs = await createTree(p, { methodology: 'SAVINGS_GROUP', policy: { maxGroups: 0 } });
  myMember = ok(await enrol(p, mine.fundId, { groupId: mine.groupId })).enrolMember.id;
  their.member = ok(await enrol(p, theirs.fundId, { groupId: theirs.groupId })).enrolMember.id;
  their.officer = ok(
    await p.gql(p.national, op('appoint-officer'), {
      input: { fundId: theirs.fundId, memberId: their.member, role: 'CHAIR', termStart: '2026-01-20' },
    }),
  ).appointOfficer.id;
  const partner = ok(await p.gql(p.national, op('create-partner'), { input: { name: 'Plan', kind: 'NGO' } })).createPartner;
  their.partner = partner.id;
  their.link = ok(
    await p.gql(p.national, op('link-partner'), {
      input: { partnerId: partner.id, nodeId: theirs.fundId, kind: 'FINANCES', startsOn: '2026-01-01' },
    }),
  ).linkPartner.id;
});
afterAll(() => p.stop());

/** Each caller, and what it is told of an id that does not exist (a dashboard viewer may first be told its role may not). */
const CALLERS: [string, () => string, string[]][] = [
  ['a county admin', () => p.token(Role.REGIONAL_ADMIN, mine.countyId), ['NOT_FOUND']],
  ['a province admin', () => p.token(Role.REGIONAL_ADMIN, mine.provinceId), ['NOT_FOUND']],
  ['a fund officer', () => p.token(Role.FUND_OFFICER, mine.fundId), ['NOT_FOUND']],
  ['a dashboard viewer', () => p.token(Role.DASHBOARD_VIEWER, mine.provinceId), ['NOT_FOUND', 'FORBIDDEN']],
];

describe.each(CALLERS)('%s', (_who, token, unknownCodes) => {
  it('gets the same answer from node(id) for every level outside its scope as for an id that does not exist: null', async () => {
    const query = `query($id: ID!) { node(id: $id) { id } }`;
    const unknown = await p.gql(token(), query, { id: unknownId() });
    expect(unknown).toEqual({ status: 200, data: { node: null }, errors: undefined });
    for (const id of [theirs.provinceId, theirs.countyId, theirs.villageId, theirs.fundId, theirs.groupId, their.member]) {
      expect(await p.gql(token(), query, { id })).toEqual(unknown);
    }
  });

  /** Mutations with one by-id argument set to `id`, everything else valid inside the caller's scope. */
  const MUTATIONS: [string, string, (id: string) => Record<string, unknown>, () => string][] = [
    ['createCounty.provinceId', op('create-county'), (id) => ({ input: { provinceId: id, name: 'x' } }), () => theirs.provinceId],
    ['createVillage.countyId', op('create-village'), (id) => ({ input: { countyId: id, name: 'x' } }), () => theirs.countyId],
    [
      'createFund.villageId',
      op('create-fund'),
      (id) => ({ input: { villageId: id, name: 'x', methodology: 'MICRO_FUND' } }),
      () => theirs.villageId,
    ],
    ['createGroup.fundId', op('create-group'), (id) => ({ input: { fundId: id, name: 'x' } }), () => theirs.fundId],
    ['updateNode.id', op('update-node'), (id) => ({ input: { id, name: 'x' } }), () => theirs.villageId],
    ['updateFundPolicy.fundId', op('update-fund-policy'), (id) => ({ input: { fundId: id, maxMembers: 40 } }), () => theirs.fundId],
    ['archiveNode.id', op('archive-node'), (id) => ({ id }), () => theirs.groupId],
    ['deleteNode.id', 'mutation($id: ID!) { deleteNode(id: $id) }', (id) => ({ id }), () => theirs.villageId],
    [
      'moveFund.fundId',
      'mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }',
      (id) => ({ f: id, v: mine.villageId }),
      () => theirs.fundId,
    ],
    [
      'moveFund.toVillageId',
      'mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }',
      (id) => ({ f: mine.fundId, v: id }),
      () => theirs.villageId,
    ],
    [
      'moveVillage.toCountyId',
      'mutation($v: ID!, $c: ID!) { moveVillage(villageId: $v, toCountyId: $c) { id } }',
      (id) => ({ v: mine.villageId, c: id }),
      () => theirs.countyId,
    ],
    [
      'moveCounty.countyId',
      'mutation($c: ID!, $p: ID!) { moveCounty(countyId: $c, toProvinceId: $p) { id } }',
      (id) => ({ c: id, p: mine.provinceId }),
      () => theirs.countyId,
    ],
    ['enrolMember.fundId', op('enrol-member'), (id) => ({ input: buildMember(id) }), () => theirs.fundId],
    ['enrolMember.groupId', op('enrol-member'), (id) => ({ input: buildMember(mine.fundId, { groupId: id }) }), () => theirs.groupId],
    [
      'enrolMember.residenceVillageId',
      op('enrol-member'),
      (id) => ({ input: buildMember(mine.fundId, { residenceVillageId: id }) }),
      () => theirs.villageId,
    ],
    ['updateMember.id', op('update-member'), (id) => ({ input: { id, phone: '0915 111 2222' } }), () => their.member],
    ['suspendMember.id', op('suspend-member'), (id) => ({ id }), () => their.member],
    ['reinstateMember.id', op('reinstate-member'), (id) => ({ id }), () => their.member],
    ['exitMember.id', op('exit-member'), (id) => ({ input: { id, reason: 'MOVED_AWAY' } }), () => their.member],
    ['transferMember.memberId', op('transfer-member'), (id) => ({ input: { memberId: id, toGroupId: mine.groupId } }), () => their.member],
    ['transferMember.toGroupId', op('transfer-member'), (id) => ({ input: { memberId: myMember, toGroupId: id } }), () => theirs.groupId],
    [
      'appointOfficer.fundId',
      op('appoint-officer'),
      (id) => ({ input: { fundId: id, memberId: their.member, role: 'SECRETARY', termStart: '2026-02-01' } }),
      () => theirs.fundId,
    ],
    ['endOfficerTerm.officerId', op('end-officer-term'), (id) => ({ officerId: id }), () => their.officer],
    [
      'recordFormationStage.fundId',
      op('record-formation-stage'),
      (id) => ({ fundId: id, stage: 'SITE_CHOSEN', completedOn: '2026-01-05' }),
      () => theirs.fundId,
    ],
    ['activateFund.fundId', op('activate-fund'), (id) => ({ fundId: id }), () => theirs.fundId],
    [
      'linkPartner.nodeId',
      op('link-partner'),
      (id) => ({ input: { partnerId: their.partner, nodeId: id, kind: 'FINANCES', startsOn: '2026-01-01' } }),
      () => theirs.fundId,
    ],
    ['endPartnerLink.linkId', op('end-partner-link'), (id) => ({ linkId: id, endsOn: '2026-12-31' }), () => their.link],
  ];

  it.each(MUTATIONS)(
    'is told by %s that an id outside its scope does not exist, word for word',
    async (_arg, query, variables, outside) => {
      const answer = async (id: string) => {
        const error = failure(await p.gql(token(), query, variables(id)));
        return { code: error.code, field: error.field, message: error.message.replace(id, '<id>'), details: error.details };
      };
      const events = `SELECT count(*)::int AS n FROM membership.outbox`;
      const before = await p.membershipDb.query(events);
      const unknown = await answer(unknownId());
      expect(unknownCodes).toContain(unknown.code);
      expect(await answer(outside())).toEqual(unknown);
      expect(await p.membershipDb.query(events)).toEqual(before);
    },
  );
});

describe('one live membership per national id, without telling where', () => {
  const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.member) AS members, (SELECT count(*)::int FROM membership.outbox) AS events`;
  const refused = (run: () => Promise<GraphQLResult>, expected: { code: string; field?: string }) =>
    expectRefused(p, FOOTPRINT, run, expected);
  let sibling: string;
  beforeAll(async () => {
    sibling = ok(
      await p.gql(p.national, op('create-fund'), { input: { villageId: mine.villageId, name: 'صندوق دوم', methodology: 'SAVINGS_GROUP' } }),
    ).createFund.id;
  });

  it('a county admin enrolling a person who is a member in another province is refused with NATIONAL_ID_UNAVAILABLE and no details', async () => {
    const nationalId = iranianCode();
    ok(await enrol(p, theirs.fundId, { nationalId }));
    const error = await refused(() => enrol(p, mine.fundId, { nationalId }, p.token(Role.REGIONAL_ADMIN, mine.countyId)), {
      code: 'NATIONAL_ID_UNAVAILABLE',
      field: 'nationalId',
    });
    expect(error.details).toBeUndefined();
    expect(error.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('inside its scope the same admin is told DUPLICATE_NATIONAL_ID with the membership; a national admin everywhere', async () => {
    const nationalId = iranianCode();
    const held = ok(await enrol(p, mine.fundId, { nationalId })).enrolMember;
    const error = await refused(() => enrol(p, sibling, { nationalId }, p.token(Role.REGIONAL_ADMIN, mine.countyId)), {
      code: 'DUPLICATE_NATIONAL_ID',
      field: 'nationalId',
    });
    expect(error.details).toEqual({ memberId: held.id, fundId: mine.fundId });
    const national = await refused(() => enrol(p, theirs.fundId, { nationalId }), { code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' });
    expect(national.details).toEqual({ memberId: held.id, fundId: mine.fundId });
  });

  it('a fund officer learns where only when the membership is in her own fund', async () => {
    const nationalId = iranianCode();
    const held = ok(await enrol(p, sibling, { nationalId })).enrolMember;
    const officer = p.token(Role.FUND_OFFICER, mine.fundId);
    const error = await refused(() => enrol(p, mine.fundId, { nationalId }, officer), {
      code: 'NATIONAL_ID_UNAVAILABLE',
      field: 'nationalId',
    });
    expect(error.details).toBeUndefined();
    const siblingOfficer = p.token(Role.FUND_OFFICER, sibling);
    expect(
      (await refused(() => enrol(p, sibling, { nationalId }, siblingOfficer), { code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' }))
        .details,
    ).toEqual({ memberId: held.id, fundId: sibling });
  });

  it('two county admins enrolling one person at once: one membership; the other is NATIONAL_ID_UNAVAILABLE, not told where', async () => {
    const nationalId = iranianCode();
    const [a, b] = [p.token(Role.REGIONAL_ADMIN, mine.countyId), p.token(Role.REGIONAL_ADMIN, theirs.countyId)];
    const results = await raceBehindLock(p, 'membership.member', 2, () => [
      enrol(p, mine.fundId, { nationalId }, a),
      enrol(p, theirs.fundId, { nationalId }, b),
    ]);
    expect(results.filter((r) => !r.errors?.length)).toHaveLength(1);
    const error = failure(results.find((r) => r.errors?.length)!);
    expect(error).toMatchObject({ code: 'NATIONAL_ID_UNAVAILABLE', field: 'nationalId' });
    expect(error.details).toBeUndefined();
  });
});
