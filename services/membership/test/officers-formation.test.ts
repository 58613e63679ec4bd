import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, expectRefused, failure, ok, raceBehindLock, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

/** Rows a refused mutation must not have touched. */
const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.officer) AS officers,
            (SELECT count(*)::int FROM membership.officer WHERE ended_on IS NULL) AS current,
            (SELECT count(*)::int FROM membership.formation_step) AS steps,
            (SELECT count(*)::int FROM membership.fund WHERE status = 'ACTIVE') AS activeFunds,
            (SELECT count(*)::int FROM membership.outbox) AS events`;

/** Runs a mutation that must be refused with `expected`, and checks nothing was written. */
const refused = (run: () => Promise<GraphQLResult>, expected: { code: string; field?: string }) =>
  expectRefused(p, FOOTPRINT, run, expected);

const appoint = (input: Record<string, unknown>, token = p.national) =>
  p.gql(token, op('appoint-officer'), { input: { termStart: '2026-02-01', ...input } });
const record = (fundId: string, stage: string, completedOn = '2026-02-15', note?: string, token = p.national) =>
  p.gql(token, op('record-formation-stage'), { fundId, stage, completedOn, note });
const activate = (fundId: string, activatedOn = '2026-03-01', token = p.national) =>
  p.gql(token, op('activate-fund'), { fundId, activatedOn });
const formation = async (fundId: string) => ok(await p.gql(p.national, op('fund-formation'), { id: fundId })).node;
const officers = async (fundId: string, current = true) =>
  ok(await p.gql(p.national, op('fund-officers'), { id: fundId, current })).node.officers;

async function members(fundId: string, groupId: string | null, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(ok(await enrol(p, fundId, groupId ? { groupId } : {})).enrolMember.id);
  return ids;
}

describe('appointOfficer', () => {
  let tree: Tree;
  let ids: string[];
  beforeAll(async () => {
    tree = await createTree(p);
    ids = await members(tree.fundId, tree.groupId, 4);
  });

  it('appoints an active member of the fund and writes OfficerAppointed', async () => {
    const officer = ok(
      await appoint({ fundId: tree.fundId, memberId: ids[0], role: 'MANAGING_DIRECTOR', termStart: '2026-02-01', termEnd: '2028-01-31' }),
    ).appointOfficer;
    expect(officer).toMatchObject({ role: 'MANAGING_DIRECTOR', termStart: '2026-02-01', endedOn: null, member: { id: ids[0] } });
    expect(await officers(tree.fundId)).toEqual([
      { id: officer.id, role: 'MANAGING_DIRECTOR', termStart: '2026-02-01', termEnd: '2028-01-31', endedOn: null, member: { id: ids[0] } },
    ]);
    const [event] = await p.membershipDb.query(
      `SELECT payload FROM membership.outbox WHERE aggregate_id = $1 AND type = 'OfficerAppointed'`,
      [tree.fundId],
    );
    expect(event.payload.officer).toMatchObject({ id: officer.id, memberId: ids[0], role: 'MANAGING_DIRECTOR', termStart: '2026-02-01' });
  });

  it('refuses a second managing director (ROLE_TAKEN) and the same member twice in one role', async () => {
    const error = await refused(() => appoint({ fundId: tree.fundId, memberId: ids[1], role: 'MANAGING_DIRECTOR' }), {
      code: 'ROLE_TAKEN',
      field: 'role',
    });
    expect((error.details as { holders: string[] }).holders).toHaveLength(1);
    await refused(() => appoint({ fundId: tree.fundId, memberId: ids[0], role: 'MANAGING_DIRECTOR' }), {
      code: 'ALREADY_HOLDS_ROLE',
      field: 'memberId',
    });
  });

  it('two parallel appointments to the one managing director seat give one officer and one ROLE_TAKEN', async () => {
    const fresh = await createTree(p);
    const [x, y] = await members(fresh.fundId, fresh.groupId, 2);
    const results = await raceBehindLock(p, 'membership.officer', 2, () => [
      appoint({ fundId: fresh.fundId, memberId: x, role: 'MANAGING_DIRECTOR' }),
      appoint({ fundId: fresh.fundId, memberId: y, role: 'MANAGING_DIRECTOR' }),
    ]);
    expect(results.filter((r) => !r.errors?.length)).toHaveLength(1);
    expect(failure(results.find((r) => r.errors?.length)!)).toMatchObject({ code: 'ROLE_TAKEN', field: 'role' });
    const [{ n }] = await p.membershipDb.query(
      `SELECT count(*)::int AS n FROM membership.officer WHERE fund_id = $1 AND role = 'MANAGING_DIRECTOR' AND ended_on IS NULL`,
      [fresh.fundId],
    );
    expect(n).toBe(1);
  });

  it('refuses a role the methodology does not use (CHAIR in a micro-fund)', async () => {
    await refused(() => appoint({ fundId: tree.fundId, memberId: ids[1], role: 'CHAIR' }), {
      code: 'ROLE_NOT_IN_METHODOLOGY',
      field: 'role',
    });
    await refused(() => appoint({ fundId: tree.fundId, memberId: ids[1], role: 'MONEY_COUNTER' }), {
      code: 'ROLE_NOT_IN_METHODOLOGY',
      field: 'role',
    });
  });

  it('refuses someone who is not an active member of this fund (OFFICER_NOT_MEMBER)', async () => {
    const other = await createTree(p);
    const [stranger] = await members(other.fundId, other.groupId, 1);
    await refused(() => appoint({ fundId: tree.fundId, memberId: stranger, role: 'SECRETARY' }), {
      code: 'OFFICER_NOT_MEMBER',
      field: 'memberId',
    });
    const [leaver] = await members(tree.fundId, tree.groupId, 1);
    ok(await p.gql(p.national, op('exit-member'), { input: { id: leaver, reason: 'VOLUNTARY', exitedOn: '2026-01-20' } }));
    await refused(() => appoint({ fundId: tree.fundId, memberId: leaver, role: 'SECRETARY' }), {
      code: 'OFFICER_NOT_MEMBER',
      field: 'memberId',
    });
    ok(await p.gql(p.national, op('suspend-member'), { id: ids[3] }));
    await refused(() => appoint({ fundId: tree.fundId, memberId: ids[3], role: 'SECRETARY' }), {
      code: 'OFFICER_NOT_MEMBER',
      field: 'memberId',
    });
    await refused(() => appoint({ fundId: tree.fundId, memberId: '01890000-0000-7000-8000-000000000000', role: 'SECRETARY' }), {
      code: 'OFFICER_NOT_MEMBER',
      field: 'memberId',
    });
  });

  it('refuses a term that ends before it starts', async () => {
    await refused(
      () => appoint({ fundId: tree.fundId, memberId: ids[1], role: 'SECRETARY', termStart: '2026-02-01', termEnd: '2026-01-31' }),
      { code: 'INVALID_DATE', field: 'termEnd' },
    );
  });

  it('refuses a term that starts before the member joined', async () => {
    const [fresh] = await members(tree.fundId, tree.groupId, 1);
    expect(failure(await appoint({ fundId: tree.fundId, memberId: fresh, role: 'ACCOUNTANT', termStart: '2025-12-31' }))).toMatchObject({
      code: 'INVALID_DATE',
      field: 'termStart',
    });
  });

  it('ends a term, keeps it in the history, and then accepts a new holder', async () => {
    const current = (await officers(tree.fundId)).find((o: { role: string }) => o.role === 'MANAGING_DIRECTOR');
    await refused(() => p.gql(p.national, op('end-officer-term'), { officerId: current.id, endedOn: '2026-01-31' }), {
      code: 'INVALID_DATE',
      field: 'endedOn',
    });
    expect(ok(await p.gql(p.national, op('end-officer-term'), { officerId: current.id, endedOn: '2026-06-30' })).endOfficerTerm).toEqual({
      id: current.id,
      role: 'MANAGING_DIRECTOR',
      termStart: '2026-02-01',
      endedOn: '2026-06-30',
    });
    await refused(() => p.gql(p.national, op('end-officer-term'), { officerId: current.id, endedOn: '2026-07-01' }), {
      code: 'TERM_ENDED',
      field: 'officerId',
    });
    const next = ok(
      await appoint({ fundId: tree.fundId, memberId: ids[1], role: 'MANAGING_DIRECTOR', termStart: '2026-07-01' }),
    ).appointOfficer;
    expect(
      (await officers(tree.fundId)).filter((o: { role: string }) => o.role === 'MANAGING_DIRECTOR').map((o: { id: string }) => o.id),
    ).toEqual([next.id]);
    const history = (await officers(tree.fundId, false)).filter((o: { role: string }) => o.role === 'MANAGING_DIRECTOR');
    expect(history.map((o: { member: { id: string }; endedOn: string | null }) => [o.member.id, o.endedOn])).toEqual([
      [ids[0], '2026-06-30'],
      [ids[1], null],
    ]);
    await refused(
      () => p.gql(p.national, op('end-officer-term'), { officerId: '01890000-0000-7000-8000-000000000000', endedOn: '2026-07-01' }),
      { code: 'NOT_FOUND', field: 'officerId' },
    );
  });

  it('a savings group takes two money counters and refuses a third', async () => {
    const sg = await createTree(p, { methodology: 'SAVINGS_GROUP' });
    const people = await members(sg.fundId, sg.groupId, 3);
    ok(await appoint({ fundId: sg.fundId, memberId: people[0], role: 'MONEY_COUNTER' }));
    ok(await appoint({ fundId: sg.fundId, memberId: people[1], role: 'MONEY_COUNTER' }));
    const error = await refused(() => appoint({ fundId: sg.fundId, memberId: people[2], role: 'MONEY_COUNTER' }), {
      code: 'ROLE_TAKEN',
      field: 'role',
    });
    expect((error.details as { holders: string[] }).holders).toHaveLength(2);
    expect(ok(await appoint({ fundId: sg.fundId, memberId: people[2], role: 'CHAIR' })).appointOfficer.role).toBe('CHAIR');
    await refused(() => appoint({ fundId: sg.fundId, memberId: people[0], role: 'MANAGING_DIRECTOR' }), {
      code: 'ROLE_NOT_IN_METHODOLOGY',
      field: 'role',
    });
  });
});

describe('formation and activation', () => {
  it('records VILLAGE_CHOSEN with its date and note; refuses the three checked stages while untrue, writing nothing', async () => {
    const tree = await createTree(p);
    expect(ok(await record(tree.fundId, 'VILLAGE_CHOSEN', '2025-12-01', 'نزدیک مسجد')).recordFormationStage).toEqual({
      stage: 'VILLAGE_CHOSEN',
      completedOn: '2025-12-01',
      note: 'نزدیک مسجد',
    });
    for (const stage of ['MEMBERS_RECRUITED', 'GROUPS_FORMED', 'BOARD_APPOINTED']) {
      await refused(() => record(tree.fundId, stage), { code: 'STAGE_NOT_MET', field: 'stage' });
    }
    expect((await formation(tree.fundId)).formation).toEqual([{ stage: 'VILLAGE_CHOSEN', completedOn: '2025-12-01', note: 'نزدیک مسجد' }]);
    const steps = await p.membershipDb.query(
      'SELECT stage, completed_on::text, recorded_by FROM membership.formation_step WHERE fund_id = $1',
      [tree.fundId],
    );
    expect(steps).toEqual([{ stage: 'VILLAGE_CHOSEN', completed_on: '2025-12-01', recorded_by: 'test-national_admin' }]);
  });

  it("refuses malformed dates and ids as the caller's error (INVALID_INPUT, NOT_FOUND), never an internal error", async () => {
    const tree = await createTree(p);
    const [m] = await members(tree.fundId, tree.groupId, 1);
    const officer = ok(await appoint({ fundId: tree.fundId, memberId: m, role: 'SECRETARY' })).appointOfficer;
    await refused(() => record(tree.fundId, 'SITE_CHOSEN', 'not a date'), { code: 'INVALID_INPUT', field: 'completedOn' });
    await refused(() => record(tree.fundId, 'SITE_CHOSEN', '2026-02-30'), { code: 'INVALID_INPUT', field: 'completedOn' });
    await refused(() => activate(tree.fundId, '2026-13-01'), { code: 'INVALID_INPUT', field: 'activatedOn' });
    await refused(() => p.gql(p.national, op('end-officer-term'), { officerId: officer.id, endedOn: '30/06/2026' }), {
      code: 'INVALID_INPUT',
      field: 'endedOn',
    });
    await refused(() => p.gql(p.national, op('end-officer-term'), { officerId: 'not-an-id', endedOn: '2026-06-30' }), {
      code: 'NOT_FOUND',
      field: 'officerId',
    });
  });

  it('refuses to activate an unready fund with FUND_NOT_READY listing exactly the missing stages', async () => {
    const tree = await createTree(p);
    ok(await record(tree.fundId, 'VILLAGE_CHOSEN'));
    const error = await refused(() => activate(tree.fundId), { code: 'FUND_NOT_READY', field: 'fundId' });
    expect(error.details).toEqual({ missing: ['MEMBERS_RECRUITED', 'GROUPS_FORMED', 'BOARD_APPOINTED'] });
    expect((await formation(tree.fundId)).status).toBe('FORMING');
  });

  it('builds a ready micro-fund step by step: readiness follows the facts, activation succeeds once, then FUND_NOT_FORMING', async () => {
    const tree = await createTree(p);
    const readiness = async () => (await formation(tree.fundId)).activationReadiness;
    const check = async (stage: string) => (await readiness()).checks.find((c: { stage: string }) => c.stage === stage);

    expect(await readiness()).toEqual({
      ready: false,
      checks: [
        { stage: 'MEMBERS_RECRUITED', recorded: false, satisfied: false, detail: '0 active members; the policy needs at least 10' },
        // createTree made one empty group.
        {
          stage: 'GROUPS_FORMED',
          recorded: false,
          satisfied: false,
          detail: expect.stringMatching(/^groups outside 5-7 members: \S+ \d+$/),
        },
        { stage: 'BOARD_APPOINTED', recorded: false, satisfied: false, detail: 'roles not held: MANAGING_DIRECTOR, SECRETARY, ACCOUNTANT' },
      ],
    });

    // 9 members: one short of the preset's minimum of 10.
    const second = ok(await p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: 'گروه ب' } })).createGroup.id;
    const a = await members(tree.fundId, tree.groupId, 6);
    const b = await members(tree.fundId, second, 3);
    expect(await check('MEMBERS_RECRUITED')).toMatchObject({ satisfied: false, detail: '9 active members; the policy needs at least 10' });
    await refused(() => record(tree.fundId, 'MEMBERS_RECRUITED'), { code: 'STAGE_NOT_MET', field: 'stage' });
    // The tenth member, not yet in a group.
    const [loose] = await members(tree.fundId, null, 1);
    expect(await check('MEMBERS_RECRUITED')).toMatchObject({ recorded: false, satisfied: true });
    expect(ok(await record(tree.fundId, 'MEMBERS_RECRUITED', '2026-01-20')).recordFormationStage.stage).toBe('MEMBERS_RECRUITED');

    // Groups: a member in no group and a group of 3 (needs 5-7).
    const groups = await check('GROUPS_FORMED');
    expect(groups.satisfied).toBe(false);
    expect(groups.detail).toContain('1 member(s) in no group');
    expect(groups.detail).toContain('گروه ب');
    await refused(() => record(tree.fundId, 'GROUPS_FORMED'), { code: 'STAGE_NOT_MET', field: 'stage' });
    ok(await p.gql(p.national, op('transfer-member'), { input: { memberId: loose, toGroupId: second, effectiveOn: '2026-01-20' } }));
    ok(await p.gql(p.national, op('transfer-member'), { input: { memberId: a[5], toGroupId: second, effectiveOn: '2026-01-20' } }));
    expect(await check('GROUPS_FORMED')).toMatchObject({ satisfied: true, detail: '2 group(s) of 5-7, every member placed' });
    ok(await record(tree.fundId, 'GROUPS_FORMED', '2026-01-25'));

    // Board: two of three roles are not enough.
    ok(await appoint({ fundId: tree.fundId, memberId: a[0], role: 'MANAGING_DIRECTOR' }));
    ok(await appoint({ fundId: tree.fundId, memberId: b[0], role: 'SECRETARY' }));
    expect(await check('BOARD_APPOINTED')).toMatchObject({ satisfied: false, detail: 'roles not held: ACCOUNTANT' });
    await refused(() => record(tree.fundId, 'BOARD_APPOINTED'), { code: 'STAGE_NOT_MET', field: 'stage' });
    const accountant = ok(await appoint({ fundId: tree.fundId, memberId: a[1], role: 'ACCOUNTANT' })).appointOfficer;
    expect(await check('BOARD_APPOINTED')).toMatchObject({ recorded: false, satisfied: true });

    // Every fact holds but BOARD_APPOINTED is not recorded: it alone is missing.
    expect((await readiness()).ready).toBe(false);
    let error = await refused(() => activate(tree.fundId), { code: 'FUND_NOT_READY', field: 'fundId' });
    expect(error.details).toEqual({ missing: ['BOARD_APPOINTED'] });
    ok(await record(tree.fundId, 'BOARD_APPOINTED', '2026-02-01'));
    expect((await readiness()).ready).toBe(true);

    // A recorded stage whose fact stops holding blocks activation again.
    ok(await p.gql(p.national, op('end-officer-term'), { officerId: accountant.id, endedOn: '2026-02-10' }));
    expect(await check('BOARD_APPOINTED')).toMatchObject({ recorded: true, satisfied: false, detail: 'roles not held: ACCOUNTANT' });
    error = await refused(() => activate(tree.fundId), { code: 'FUND_NOT_READY', field: 'fundId' });
    expect(error.details).toEqual({ missing: ['BOARD_APPOINTED'] });
    ok(await appoint({ fundId: tree.fundId, memberId: b[1], role: 'ACCOUNTANT', termStart: '2026-02-11' }));

    const activated = ok(await activate(tree.fundId, '2026-03-01')).activateFund;
    expect(activated).toEqual({ id: tree.fundId, status: 'ACTIVE', activatedOn: '2026-03-01' });
    const after = await formation(tree.fundId);
    expect(after).toMatchObject({ status: 'ACTIVE', activatedOn: '2026-03-01' });
    expect(after.formation.map((s: { stage: string; completedOn: string }) => [s.stage, s.completedOn])).toEqual([
      ['MEMBERS_RECRUITED', '2026-01-20'],
      ['GROUPS_FORMED', '2026-01-25'],
      ['BOARD_APPOINTED', '2026-02-01'],
    ]);
    const [row] = await p.membershipDb.query('SELECT status, activated_on::text FROM membership.fund WHERE id = $1', [tree.fundId]);
    expect(row).toEqual({ status: 'ACTIVE', activated_on: '2026-03-01' });
    const [event] = await p.membershipDb.query(`SELECT payload FROM membership.outbox WHERE aggregate_id = $1 AND type = 'FundActivated'`, [
      tree.fundId,
    ]);
    expect(event.payload.fund).toMatchObject({ id: tree.fundId, status: 'ACTIVE', activatedOn: '2026-03-01' });
    await refused(() => activate(tree.fundId, '2026-03-02'), { code: 'FUND_NOT_FORMING', field: 'fundId' });
  });
});

describe('permissions on officers and formation', () => {
  let tree: Tree;
  let other: Tree;
  beforeAll(async () => {
    tree = await createTree(p);
    other = await createTree(p);
  });

  it('a fund officer appoints officers and records formation in her own fund, finds nothing in another (NOT_FOUND), and may not activate (FORBIDDEN)', async () => {
    const officer = p.token(Role.FUND_OFFICER, tree.fundId);
    const mine = ok(await enrol(p, tree.fundId, { groupId: tree.groupId }, officer)).enrolMember.id;
    expect(ok(await appoint({ fundId: tree.fundId, memberId: mine, role: 'SECRETARY' }, officer)).appointOfficer).toMatchObject({
      role: 'SECRETARY',
      member: { id: mine },
    });
    ok(await record(tree.fundId, 'SITE_CHOSEN', '2026-01-05', undefined, officer));
    const [theirs] = await members(other.fundId, other.groupId, 1);
    await refused(() => appoint({ fundId: other.fundId, memberId: theirs, role: 'SECRETARY' }, officer), {
      code: 'NOT_FOUND',
      field: 'fundId',
    });
    await refused(() => record(other.fundId, 'SITE_CHOSEN', '2026-01-05', undefined, officer), { code: 'NOT_FOUND', field: 'fundId' });
    await refused(() => activate(tree.fundId, '2026-03-01', officer), { code: 'FORBIDDEN' });
    const theirOfficer = ok(await appoint({ fundId: other.fundId, memberId: theirs, role: 'ACCOUNTANT' })).appointOfficer;
    await refused(() => p.gql(officer, op('end-officer-term'), { officerId: theirOfficer.id, endedOn: '2026-03-01' }), {
      code: 'NOT_FOUND',
      field: 'officerId',
    });
  });

  it('a regional admin reads the board members of a fund under her province; a dashboard viewer may not', async () => {
    const [m] = await members(tree.fundId, tree.groupId, 1);
    ok(await appoint({ fundId: tree.fundId, memberId: m, role: 'MANAGING_DIRECTOR' }));
    const regional = p.token(Role.REGIONAL_ADMIN, tree.provinceId);
    const seen = ok(await p.gql(regional, op('fund-officers'), { id: tree.fundId, current: true })).node.officers;
    expect(seen.find((o: { role: string }) => o.role === 'MANAGING_DIRECTOR').member).toEqual({ id: m });
    const viewer = p.token(Role.DASHBOARD_VIEWER, tree.provinceId);
    const result = await p.gql(viewer, op('fund-officers'), { id: tree.fundId, current: true });
    expect(failure(result)).toMatchObject({ code: 'FORBIDDEN' });
    await refused(() => appoint({ fundId: tree.fundId, memberId: m, role: 'ACCOUNTANT' }, viewer), { code: 'FORBIDDEN' });
  });
});
