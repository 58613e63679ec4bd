import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, expectRefused, failure, ok, raceBehindLock, startTestPlatform } from '../../../test/support/platform';
import { Tree, buildMember, createTree, enrol, iranianCode, op, vietnameseId } from './support/factories';

/** Where the membership subgraph takes "now" from: the system clock, unless a test fixes the instant. */
const clock = { instant: null as Date | null, now: () => clock.instant ?? new Date() };

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ clock });
});
afterEach(() => {
  clock.instant = null;
});
afterAll(() => p.stop());

/** Rows a refused mutation must not have touched. */
const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.member) AS members,
            (SELECT count(*)::int FROM membership.member WHERE status <> 'EXITED') AS live,
            (SELECT count(*)::int FROM membership.outbox) AS events,
            (SELECT count(*)::int FROM membership.member_transfer) AS transfers,
            (SELECT count(*)::int FROM membership.officer WHERE ended_on IS NULL) AS officers`;

/** Runs a mutation that must be refused with `expected`, and checks nothing was written. */
const refused = (run: () => Promise<GraphQLResult>, expected: { code: string; field?: string }) =>
  expectRefused(p, FOOTPRINT, run, expected);

async function member(id: string, token = p.national) {
  return ok(await p.gql(token, op('member-fields'), { id })).node;
}

async function createGroup(fundId: string, name: string): Promise<string> {
  return ok(await p.gql(p.national, op('create-group'), { input: { fundId, name } })).createGroup.id;
}

async function createVillage(countyId: string, name: string): Promise<string> {
  return ok(await p.gql(p.national, op('create-village'), { input: { countyId, name } })).createVillage.id;
}

/**
 * Whole years from 1990-06-01 (buildMember's birth date) to the day `instant` falls on in Iran,
 * the member's country (Asia/Tehran, UTC+03:30), computed here independently of the service.
 */
function ageInIranOfBuildMember(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tehran', year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(instant)
    .reduce<Record<string, number>>((all, part) => ({ ...all, [part.type]: Number(part.value) }), {});
  return parts.year - 1990 - (parts.month * 100 + parts.day < 601 ? 1 : 0);
}

describe('enrolMember', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await createTree(p);
  });

  it('enrols an eligible woman: ACTIVE, placed in the group, with her details, and writes MemberEnrolled in the same transaction', async () => {
    // 00:15 on 1 June in Tehran, her birthday, while the UTC day is still 31 May: her age is counted
    // on the day in Iran, whatever hour the test runs at.
    clock.instant = new Date('2026-05-31T20:45:00Z');
    const input = buildMember(tree.fundId, {
      groupId: tree.groupId,
      nameLatin: 'Fatemeh Rahimi',
      femaleHeadOfHousehold: true,
      hasDisability: true,
      livelihood: 'KILIM_WEAVING',
      phone: '+98 915 123 4567',
      baselineMonthlyIncome: '5000000',
    });
    const created = ok(await p.gql(p.national, op('enrol-member'), { input })).enrolMember;
    expect(created).toMatchObject({
      status: 'ACTIVE',
      joinedOn: '2026-01-15',
      sex: 'FEMALE',
      nationalId: input.nationalId,
      baselineMonthlyIncome: '5000000',
      group: { id: tree.groupId },
      fund: { id: tree.fundId },
    });
    expect(created.age).toBe(ageInIranOfBuildMember(clock.instant));
    expect(created.age).toBe(36);
    const read = await member(created.id);
    expect(read).toMatchObject({
      givenName: input.givenName,
      familyName: input.familyName,
      fullName: `${input.givenName} ${input.familyName}`,
      nameLatin: 'Fatemeh Rahimi',
      birthDate: '1990-06-01',
      femaleHeadOfHousehold: true,
      hasDisability: true,
      livelihood: 'KILIM_WEAVING',
      phone: '+98 915 123 4567',
      residenceVillage: { id: tree.villageId },
      exitedOn: null,
      exitReason: null,
      transfers: [],
    });
    const [row] = await p.membershipDb.query(
      'SELECT status, fund_id, group_id, province_id, county_id, village_id, country_code FROM membership.member WHERE id = $1',
      [created.id],
    );
    expect(row).toEqual({
      status: 'ACTIVE',
      fund_id: tree.fundId,
      group_id: tree.groupId,
      province_id: tree.provinceId,
      county_id: tree.countyId,
      village_id: tree.villageId,
      country_code: 'IR',
    });
    const events = await p.membershipDb.query(
      'SELECT type, aggregate_type, fund_id, payload FROM membership.outbox WHERE aggregate_id = $1',
      [created.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'MemberEnrolled',
      aggregate_type: 'MEMBER',
      fund_id: tree.fundId,
      payload: {
        member: { id: created.id, fundId: tree.fundId, groupId: tree.groupId, sex: 'FEMALE', status: 'ACTIVE', joinedOn: '2026-01-15' },
      },
    });
    // Other services never learn names or national ids from events.
    expect(JSON.stringify(events[0].payload)).not.toContain(input.nationalId as string);
    expect(JSON.stringify(events[0].payload)).not.toContain(input.familyName as string);
  });

  it('normalises a national code written in Persian digits', async () => {
    const code = iranianCode();
    const persian = code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    const created = ok(await enrol(p, tree.fundId, { nationalId: persian })).enrolMember;
    expect(created.nationalId).toBe(code);
    await refused(() => enrol(p, tree.fundId, { nationalId: code }), { code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' });
  });

  it('refuses a person too young on the joining day', async () => {
    const error = await refused(() => enrol(p, tree.fundId, { birthDate: '2011-01-16' }), { code: 'NOT_ELIGIBLE_AGE', field: 'birthDate' });
    expect(error.details).toMatchObject({ age: 14, minAge: 15 });
    // 15 on the joining day is old enough: the age is taken on joinedOn, not today.
    ok(await enrol(p, tree.fundId, { birthDate: '2011-01-15' }));
  });

  it('refuses a person too old on the joining day', async () => {
    const error = await refused(() => enrol(p, tree.fundId, { birthDate: '1965-01-14' }), { code: 'NOT_ELIGIBLE_AGE', field: 'birthDate' });
    expect(error.details).toMatchObject({ age: 61, maxAge: 60 });
  });

  it('refuses a man in a women-only micro-fund', async () => {
    await refused(() => enrol(p, tree.fundId, { sex: 'MALE' }), { code: 'NOT_ELIGIBLE_SEX', field: 'sex' });
  });

  it('refuses a person living in another village when the policy requires residence', async () => {
    const elsewhere = await createVillage(tree.countyId, 'روستای دیگر');
    await refused(() => enrol(p, tree.fundId, { residenceVillageId: elsewhere }), { code: 'NOT_RESIDENT', field: 'residenceVillageId' });
  });

  it('refuses an invalid Iranian national code (wrong check digit, ten identical digits)', async () => {
    const code = iranianCode();
    const wrong = code.slice(0, 9) + String((Number(code[9]) + 1) % 10);
    await refused(() => enrol(p, tree.fundId, { nationalId: wrong }), { code: 'INVALID_NATIONAL_ID', field: 'nationalId' });
    await refused(() => enrol(p, tree.fundId, { nationalId: '1111111111' }), { code: 'INVALID_NATIONAL_ID', field: 'nationalId' });
    await refused(() => enrol(p, tree.fundId, { nationalId: code.slice(0, 9) }), { code: 'INVALID_NATIONAL_ID', field: 'nationalId' });
  });

  it('refuses a group of another fund', async () => {
    const other = await createTree(p);
    await refused(() => enrol(p, tree.fundId, { groupId: other.groupId }), { code: 'GROUP_NOT_IN_FUND', field: 'groupId' });
  });

  it('refuses a closed (archived) fund', async () => {
    const fund = ok(
      await p.gql(p.national, op('create-fund'), {
        input: { villageId: tree.villageId, name: 'صندوق بسته', methodology: 'MICRO_FUND', foundedOn: '2025-01-01' },
      }),
    ).createFund;
    expect(ok(await p.gql(p.national, op('archive-node'), { id: fund.id })).archiveNode.status).toBe('ARCHIVED');
    await refused(() => enrol(p, fund.id), { code: 'FUND_CLOSED', field: 'fundId' });
  });

  it('refuses an archived group and a birth date after the joining day', async () => {
    const spare = await createGroup(tree.fundId, 'گروه بایگانی');
    ok(await p.gql(p.national, op('archive-node'), { id: spare }));
    await refused(() => enrol(p, tree.fundId, { groupId: spare }), { code: 'PARENT_ARCHIVED', field: 'groupId' });
    await refused(() => enrol(p, tree.fundId, { birthDate: '2026-01-16' }), { code: 'INVALID_DATE', field: 'birthDate' });
  });

  it('refuses a fractional IRR income and a negative one', async () => {
    await refused(() => enrol(p, tree.fundId, { baselineMonthlyIncome: '12500000.5' }), {
      code: 'INVALID_AMOUNT',
      field: 'baselineMonthlyIncome',
    });
    await refused(() => enrol(p, tree.fundId, { baselineMonthlyIncome: '-1' }), { code: 'INVALID_AMOUNT', field: 'baselineMonthlyIncome' });
  });
});

describe('member limits', () => {
  it('refuses a member beyond maxMembers (MEMBER_LIMIT_REACHED), counting suspended members but not exited ones', async () => {
    const tree = await createTree(p, { policy: { minMembers: 1, maxMembers: 2, minGroupSize: 1, maxGroupSize: 2 } });
    const a = ok(await enrol(p, tree.fundId)).enrolMember;
    ok(await enrol(p, tree.fundId));
    const error = await refused(() => enrol(p, tree.fundId), { code: 'MEMBER_LIMIT_REACHED', field: 'fundId' });
    expect(error.details).toEqual({ members: 2, maxMembers: 2 });
    ok(await p.gql(p.national, op('suspend-member'), { id: a.id, reason: 'غیبت' }));
    await refused(() => enrol(p, tree.fundId), { code: 'MEMBER_LIMIT_REACHED', field: 'fundId' });
    ok(await p.gql(p.national, op('exit-member'), { input: { id: a.id, reason: 'VOLUNTARY', exitedOn: '2026-02-01' } }));
    ok(await enrol(p, tree.fundId));
  });

  it('refuses a member in a full group (GROUP_FULL) but accepts her in another group of the fund', async () => {
    const tree = await createTree(p, { policy: { minGroupSize: 1, maxGroupSize: 2 } });
    for (let i = 0; i < 2; i++) ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
    const error = await refused(() => enrol(p, tree.fundId, { groupId: tree.groupId }), { code: 'GROUP_FULL', field: 'groupId' });
    expect(error.details).toEqual({ members: 2, maxGroupSize: 2 });
    const second = await createGroup(tree.fundId, 'گروه دوم');
    expect(ok(await enrol(p, tree.fundId, { groupId: second })).enrolMember.group.id).toBe(second);
  });

  it('with one seat left, five parallel enrolments give exactly one member (the fund row is locked)', async () => {
    const tree = await createTree(p, { policy: { minMembers: 1, maxMembers: 3, minGroupSize: 1, maxGroupSize: 3 } });
    for (let i = 0; i < 2; i++) ok(await enrol(p, tree.fundId));
    // Make the race certain: hold inserts into member back until all five requests are inside
    // their transactions. Without the fund lock each would count 2 members and then insert.
    const results = await raceBehindLock(p, 'membership.member', 5, () => Array.from({ length: 5 }, () => enrol(p, tree.fundId)));
    const succeeded = results.filter((r) => !r.errors?.length);
    expect(succeeded).toHaveLength(1);
    for (const r of results.filter((x) => x.errors?.length))
      expect(failure(r)).toMatchObject({ code: 'MEMBER_LIMIT_REACHED', field: 'fundId' });
    const [{ n }] = await p.membershipDb.query(
      `SELECT count(*)::int AS n FROM membership.member WHERE fund_id = $1 AND status <> 'EXITED'`,
      [tree.fundId],
    );
    expect(n).toBe(3);
    const [{ e }] = await p.membershipDb.query(
      `SELECT count(*)::int AS e FROM membership.outbox WHERE fund_id = $1 AND type = 'MemberEnrolled'`,
      [tree.fundId],
    );
    expect(e).toBe(3);
  });
});

describe('one live membership per national id', () => {
  it('refuses the same person in the same fund and in another fund, and accepts her again once the first membership EXITED', async () => {
    const a = await createTree(p);
    const b = await createTree(p);
    const nationalId = iranianCode();
    const first = ok(await enrol(p, a.fundId, { nationalId })).enrolMember;
    await refused(() => enrol(p, a.fundId, { nationalId }), { code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' });
    await refused(() => enrol(p, b.fundId, { nationalId }), { code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' });
    // A suspended membership is still live.
    ok(await p.gql(p.national, op('suspend-member'), { id: first.id }));
    await refused(() => enrol(p, b.fundId, { nationalId }), { code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' });
    ok(await p.gql(p.national, op('exit-member'), { input: { id: first.id, reason: 'MOVED_AWAY', exitedOn: '2026-02-01' } }));
    const again = ok(await enrol(p, b.fundId, { nationalId, joinedOn: '2026-02-10' })).enrolMember;
    expect(again).toMatchObject({ status: 'ACTIVE', nationalId, fund: { id: b.fundId } });
    const rows = await p.membershipDb.query('SELECT fund_id, status FROM membership.member WHERE national_id = $1 ORDER BY joined_on', [
      nationalId,
    ]);
    expect(rows).toEqual([
      { fund_id: a.fundId, status: 'EXITED' },
      { fund_id: b.fundId, status: 'ACTIVE' },
    ]);
  });
});

describe('one live membership per national id, under concurrency', () => {
  it('two parallel enrolments of the same person in two funds give one membership and one DUPLICATE_NATIONAL_ID', async () => {
    const a = await createTree(p);
    const b = await createTree(p);
    const nationalId = iranianCode();
    // Both requests pass the duplicate SELECT (different funds, different locks) and meet at the insert.
    const results = await raceBehindLock(p, 'membership.member', 2, () => [
      enrol(p, a.fundId, { nationalId }),
      enrol(p, b.fundId, { nationalId }),
    ]);
    expect(results.filter((r) => !r.errors?.length)).toHaveLength(1);
    expect(failure(results.find((r) => r.errors?.length)!)).toMatchObject({ code: 'DUPLICATE_NATIONAL_ID', field: 'nationalId' });
    const [{ n }] = await p.membershipDb.query(`SELECT count(*)::int AS n FROM membership.member WHERE national_id = $1`, [nationalId]);
    expect(n).toBe(1);
  });
});

describe('Vietnamese citizen ids', () => {
  it('enrols a consistent id and refuses one whose sex or birth year disagrees with the person (NATIONAL_ID_MISMATCH)', async () => {
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    const good = ok(await enrol(p, vn.fundId, { groupId: vn.groupId, nationalId: vietnameseId('1990-06-01', 'FEMALE') })).enrolMember;
    expect(good.status).toBe('ACTIVE');
    await refused(() => enrol(p, vn.fundId, { groupId: vn.groupId, nationalId: vietnameseId('1990-06-01', 'MALE') }), {
      code: 'NATIONAL_ID_MISMATCH',
      field: 'nationalId',
    });
    await refused(() => enrol(p, vn.fundId, { groupId: vn.groupId, nationalId: vietnameseId('1985-06-01', 'FEMALE') }), {
      code: 'NATIONAL_ID_MISMATCH',
      field: 'nationalId',
    });
    // An Iranian code is not a Vietnamese id.
    await refused(() => enrol(p, vn.fundId, { groupId: vn.groupId }), { code: 'INVALID_NATIONAL_ID', field: 'nationalId' });
  });
});

describe('suspend, reinstate, exit', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await createTree(p);
  });

  it('suspends an active member, reinstates her, and refuses the wrong transitions with INVALID_STATUS', async () => {
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    await refused(() => p.gql(p.national, op('reinstate-member'), { id: m.id }), { code: 'INVALID_STATUS', field: 'id' });
    expect(ok(await p.gql(p.national, op('suspend-member'), { id: m.id, reason: 'سه جلسه غیبت' })).suspendMember).toEqual({
      id: m.id,
      status: 'SUSPENDED',
      suspensionReason: 'سه جلسه غیبت',
    });
    await refused(() => p.gql(p.national, op('suspend-member'), { id: m.id }), { code: 'INVALID_STATUS', field: 'id' });
    const stats = ok(await p.gql(p.national, op('node-stats'), { id: tree.fundId })).node.stats;
    expect(stats.suspendedMembers).toBe(1);
    expect(ok(await p.gql(p.national, op('reinstate-member'), { id: m.id })).reinstateMember).toEqual({
      id: m.id,
      status: 'ACTIVE',
      suspensionReason: null,
    });
    const events = await p.membershipDb.query('SELECT type FROM membership.outbox WHERE aggregate_id = $1 ORDER BY seq', [m.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['MemberEnrolled', 'MemberSuspended', 'MemberReinstated']);
  });

  it('exits a member with date and reason, ends her board terms that day, and refuses anything further with INVALID_STATUS', async () => {
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    const officer = ok(
      await p.gql(p.national, op('appoint-officer'), {
        input: { fundId: tree.fundId, memberId: m.id, role: 'ACCOUNTANT', termStart: '2026-01-20' },
      }),
    ).appointOfficer;
    await refused(() => p.gql(p.national, op('exit-member'), { input: { id: m.id, reason: 'TRANSFERRED', exitedOn: '2026-03-01' } }), {
      code: 'USE_TRANSFER',
      field: 'reason',
    });
    await refused(() => p.gql(p.national, op('exit-member'), { input: { id: m.id, reason: 'VOLUNTARY', exitedOn: '2026-01-14' } }), {
      code: 'INVALID_DATE',
      field: 'exitedOn',
    });
    const exited = ok(
      await p.gql(p.national, op('exit-member'), { input: { id: m.id, reason: 'VOLUNTARY', exitedOn: '2026-03-01' } }),
    ).exitMember;
    // Age of an exited member is taken on the day she left.
    expect(exited).toEqual({ id: m.id, status: 'EXITED', exitedOn: '2026-03-01', exitReason: 'VOLUNTARY', age: 35 });
    const [term] = await p.membershipDb.query('SELECT ended_on::text FROM membership.officer WHERE id = $1', [officer.id]);
    expect(term.ended_on).toBe('2026-03-01');
    const current = ok(await p.gql(p.national, op('fund-officers'), { id: tree.fundId, current: true })).node.officers;
    expect(current.map((o: { id: string }) => o.id)).not.toContain(officer.id);
    await refused(() => p.gql(p.national, op('exit-member'), { input: { id: m.id, reason: 'VOLUNTARY', exitedOn: '2026-03-02' } }), {
      code: 'INVALID_STATUS',
      field: 'id',
    });
    await refused(() => p.gql(p.national, op('suspend-member'), { id: m.id }), { code: 'INVALID_STATUS', field: 'id' });
    await refused(() => p.gql(p.national, op('reinstate-member'), { id: m.id }), { code: 'INVALID_STATUS', field: 'id' });
    await refused(() => p.gql(p.national, op('update-member'), { input: { id: m.id, phone: '0915 000 0000' } }), {
      code: 'MEMBER_EXITED',
      field: 'id',
    });
    const [event] = await p.membershipDb.query(`SELECT payload FROM membership.outbox WHERE aggregate_id = $1 AND type = 'MemberExited'`, [
      m.id,
    ]);
    expect(event.payload.member).toMatchObject({ id: m.id, status: 'EXITED', exitReason: 'VOLUNTARY', exitedOn: '2026-03-01' });
  });

  it('refuses an unknown member', async () => {
    await refused(() => p.gql(p.national, op('suspend-member'), { id: '01890000-0000-7000-8000-000000000000' }), {
      code: 'NOT_FOUND',
      field: 'id',
    });
    // A malformed id is the caller's error, not an internal one.
    await refused(() => p.gql(p.national, op('reinstate-member'), { id: 'not-an-id' }), { code: 'NOT_FOUND', field: 'id' });
  });
});

describe('updateMember', () => {
  it('changes the given details and leaves the others as they were', async () => {
    const tree = await createTree(p);
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId, phone: '0915 111 2222', livelihood: 'DAIRY' })).enrolMember;
    const updated = ok(
      await p.gql(p.national, op('update-member'), {
        input: { id: m.id, givenName: 'زهرا', nameLatin: 'Zahra Rahimi', femaleHeadOfHousehold: true, livelihood: 'BEEKEEPING' },
      }),
    ).updateMember;
    expect(updated).toMatchObject({
      id: m.id,
      givenName: 'زهرا',
      nameLatin: 'Zahra Rahimi',
      femaleHeadOfHousehold: true,
      livelihood: 'BEEKEEPING',
      phone: '0915 111 2222',
      hasDisability: false,
      status: 'ACTIVE',
    });
    expect(updated.fullName).toBe(`زهرا ${updated.familyName}`);
    const [row] = await p.membershipDb.query(
      'SELECT given_name, phone, livelihood, female_head_of_household FROM membership.member WHERE id = $1',
      [m.id],
    );
    expect(row).toEqual({ given_name: 'زهرا', phone: '0915 111 2222', livelihood: 'BEEKEEPING', female_head_of_household: true });
    const events = await p.membershipDb.query('SELECT type FROM membership.outbox WHERE aggregate_id = $1 ORDER BY seq', [m.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['MemberEnrolled', 'MemberUpdated']);
  });

  it('keeps baselineMonthlyIncome exact as a string and refuses a fractional IRR amount', async () => {
    const tree = await createTree(p);
    const m = ok(await enrol(p, tree.fundId, { baselineMonthlyIncome: '12500000' })).enrolMember;
    expect(m.baselineMonthlyIncome).toBe('12500000');
    // More digits than a double holds: must come back untouched.
    const big = '123456789012345678901';
    expect(
      ok(await p.gql(p.national, op('update-member'), { input: { id: m.id, baselineMonthlyIncome: big } })).updateMember
        .baselineMonthlyIncome,
    ).toBe(big);
    expect((await member(m.id)).baselineMonthlyIncome).toBe(big);
    const [row] = await p.membershipDb.query('SELECT baseline_monthly_income::text AS v FROM membership.member WHERE id = $1', [m.id]);
    expect(row.v).toBe(big);
    await refused(() => p.gql(p.national, op('update-member'), { input: { id: m.id, baselineMonthlyIncome: '12500000.50' } }), {
      code: 'INVALID_AMOUNT',
      field: 'baselineMonthlyIncome',
    });
    expect((await member(m.id)).baselineMonthlyIncome).toBe(big);
  });

  it('refuses an unknown referring partner', async () => {
    const tree = await createTree(p);
    const m = ok(await enrol(p, tree.fundId)).enrolMember;
    await refused(
      () => p.gql(p.national, op('update-member'), { input: { id: m.id, referredByPartnerId: '01890000-0000-7000-8000-000000000000' } }),
      { code: 'NOT_FOUND', field: 'referredByPartnerId' },
    );
  });
});

describe('transferMember', () => {
  it('moves a member to another group of her fund: same membership, new group, the move in her history', async () => {
    const tree = await createTree(p);
    const second = await createGroup(tree.fundId, 'گروه دوم');
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    const moved = ok(
      await p.gql(p.national, op('transfer-member'), {
        input: { memberId: m.id, toGroupId: second, effectiveOn: '2026-02-01', reason: 'نزدیک‌تر' },
      }),
    ).transferMember;
    expect(moved).toMatchObject({ id: m.id, status: 'ACTIVE', joinedOn: '2026-01-15', fund: { id: tree.fundId }, group: { id: second } });
    expect(moved.transfers).toEqual([
      {
        id: expect.any(String),
        fromFundId: tree.fundId,
        fromGroupId: tree.groupId,
        toFundId: tree.fundId,
        toGroupId: second,
        toMemberId: m.id,
        effectiveOn: '2026-02-01',
        reason: 'نزدیک‌تر',
      },
    ]);
    const [row] = await p.membershipDb.query('SELECT group_id, status FROM membership.member WHERE id = $1', [m.id]);
    expect(row).toEqual({ group_id: second, status: 'ACTIVE' });
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: second, effectiveOn: '2026-02-02' } }),
      { code: 'NO_CHANGE', field: 'toGroupId' },
    );
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: tree.groupId, effectiveOn: '2026-01-01' } }),
      { code: 'INVALID_DATE', field: 'effectiveOn' },
    );
  });

  it('moves a member to another fund: the old membership EXITED (TRANSFERRED), a new ACTIVE one in the target fund, both showing the move', async () => {
    const from = await createTree(p);
    const to = await createTree(p);
    const m = ok(await enrol(p, from.fundId, { groupId: from.groupId, livelihood: 'POULTRY', femaleHeadOfHousehold: true })).enrolMember;
    const officer = ok(
      await p.gql(p.national, op('appoint-officer'), {
        input: { fundId: from.fundId, memberId: m.id, role: 'SECRETARY', termStart: '2026-01-20' },
      }),
    ).appointOfficer;
    // The target micro-fund requires residence in its village.
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: to.groupId, effectiveOn: '2026-04-01' } }),
      { code: 'NOT_RESIDENT', field: 'residenceVillageId' },
    );
    const moved = ok(
      await p.gql(p.national, op('transfer-member'), {
        input: { memberId: m.id, toGroupId: to.groupId, effectiveOn: '2026-04-01', residenceVillageId: to.villageId, reason: 'ازدواج' },
      }),
    ).transferMember;
    expect(moved.id).not.toBe(m.id);
    expect(moved).toMatchObject({
      status: 'ACTIVE',
      joinedOn: '2026-04-01',
      nationalId: m.nationalId,
      fund: { id: to.fundId },
      group: { id: to.groupId },
      residenceVillage: { id: to.villageId },
    });
    const transfer = {
      id: expect.any(String),
      fromFundId: from.fundId,
      fromGroupId: from.groupId,
      toFundId: to.fundId,
      toGroupId: to.groupId,
      toMemberId: moved.id,
      effectiveOn: '2026-04-01',
      reason: 'ازدواج',
    };
    expect(moved.transfers).toEqual([transfer]);
    const old = await member(m.id);
    expect(old).toMatchObject({ status: 'EXITED', exitedOn: '2026-04-01', exitReason: 'TRANSFERRED', fund: { id: from.fundId } });
    expect(old.transfers).toEqual([transfer]);
    expect((await member(moved.id)).livelihood).toBe('POULTRY');
    const rows = await p.membershipDb.query(
      'SELECT id, fund_id, village_id, status, transferred_from_id FROM membership.member WHERE national_id = $1 ORDER BY joined_on',
      [m.nationalId],
    );
    expect(rows).toEqual([
      { id: m.id, fund_id: from.fundId, village_id: from.villageId, status: 'EXITED', transferred_from_id: null },
      { id: moved.id, fund_id: to.fundId, village_id: to.villageId, status: 'ACTIVE', transferred_from_id: m.id },
    ]);
    const [term] = await p.membershipDb.query('SELECT ended_on::text FROM membership.officer WHERE id = $1', [officer.id]);
    expect(term.ended_on).toBe('2026-04-01');
    const stats = ok(
      await p.gql(
        p.national,
        `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on Fund { stats { members } } } b: node(id: $b) { ... on Fund { stats { members femaleHeadedHouseholds } } } }`,
        { a: from.fundId, b: to.fundId },
      ),
    );
    expect(stats.a.stats).toEqual({ members: 0 });
    expect(stats.b.stats).toEqual({ members: 1, femaleHeadedHouseholds: 1 });
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: from.groupId, effectiveOn: '2026-05-01' } }),
      { code: 'INVALID_STATUS', field: 'memberId' },
    );
  });

  it('refuses a move into a full group or a full fund and changes nothing', async () => {
    const tree = await createTree(p, { policy: { minGroupSize: 1, maxGroupSize: 2 } });
    const second = await createGroup(tree.fundId, 'گروه پر');
    for (let i = 0; i < 2; i++) ok(await enrol(p, tree.fundId, { groupId: second }));
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    const error = await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: second, effectiveOn: '2026-02-01' } }),
      { code: 'GROUP_FULL', field: 'toGroupId' },
    );
    expect(error.details).toEqual({ members: 2, maxGroupSize: 2 });
    const after = await member(m.id);
    expect(after).toMatchObject({ status: 'ACTIVE', group: { id: tree.groupId }, transfers: [] });

    const full = await createTree(p, { policy: { minMembers: 1, maxMembers: 1, minGroupSize: 1, maxGroupSize: 1 } });
    ok(await enrol(p, full.fundId));
    await refused(
      () =>
        p.gql(p.national, op('transfer-member'), {
          input: { memberId: m.id, toGroupId: full.groupId, effectiveOn: '2026-02-01', residenceVillageId: full.villageId },
        }),
      { code: 'MEMBER_LIMIT_REACHED', field: 'toGroupId' },
    );
    expect(await member(m.id)).toMatchObject({ status: 'ACTIVE', fund: { id: tree.fundId }, group: { id: tree.groupId } });
  });

  it('refuses to move a suspended member (a move must not lift a suspension) and moves her once reinstated', async () => {
    const tree = await createTree(p);
    const second = await createGroup(tree.fundId, 'گروه سوم');
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    ok(await p.gql(p.national, 'mutation($id: ID!) { suspendMember(id: $id, reason: "arrears") { status } }', { id: m.id }));
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: second, effectiveOn: '2026-02-01' } }),
      { code: 'INVALID_STATUS', field: 'memberId' },
    );
    ok(await p.gql(p.national, 'mutation($id: ID!) { reinstateMember(id: $id) { status } }', { id: m.id }));
    expect(
      ok(await p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: second, effectiveOn: '2026-02-01' } }))
        .transferMember.group.id,
    ).toBe(second);
  });

  it('refuses a move to another country', async () => {
    const tree = await createTree(p);
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    await refused(
      () => p.gql(p.national, op('transfer-member'), { input: { memberId: m.id, toGroupId: vn.groupId, effectiveOn: '2026-02-01' } }),
      { code: 'MOVE_ACROSS_COUNTRY', field: 'toGroupId' },
    );
  });
});

describe('permissions on members', () => {
  let tree: Tree;
  let other: Tree;
  beforeAll(async () => {
    tree = await createTree(p);
    other = await createTree(p);
    ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
  });

  it('a fund officer enrols, updates and suspends members of her own fund, and is told the members, groups and fund of another fund do not exist (NOT_FOUND)', async () => {
    const officer = p.token(Role.FUND_OFFICER, tree.fundId);
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId }, officer)).enrolMember;
    expect(m.fund.id).toBe(tree.fundId);
    ok(await p.gql(officer, op('update-member'), { input: { id: m.id, phone: '0915 333 4444' } }));
    ok(await p.gql(officer, op('suspend-member'), { id: m.id }));
    const [event] = await p.membershipDb.query(`SELECT actor FROM membership.outbox WHERE aggregate_id = $1 AND type = 'MemberEnrolled'`, [
      m.id,
    ]);
    expect(event.actor).toBe('test-fund_officer');
    await refused(() => enrol(p, other.fundId, { groupId: other.groupId }, officer), { code: 'NOT_FOUND', field: 'fundId' });
    const theirs = ok(await enrol(p, other.fundId, { groupId: other.groupId })).enrolMember;
    await refused(() => p.gql(officer, op('suspend-member'), { id: theirs.id }), { code: 'NOT_FOUND', field: 'id' });
    await refused(
      () => p.gql(officer, op('transfer-member'), { input: { memberId: m.id, toGroupId: other.groupId, effectiveOn: '2026-02-01' } }),
      { code: 'NOT_FOUND', field: 'toGroupId' },
    );
  });

  it('a dashboard viewer may not enrol or read Fund.members, but reads the counts', async () => {
    const viewer = p.token(Role.DASHBOARD_VIEWER, tree.countyId);
    await refused(() => enrol(p, tree.fundId, { groupId: tree.groupId }, viewer), { code: 'FORBIDDEN' });
    expect(failure(await p.gql(viewer, op('fund-members'), { id: tree.fundId }))).toMatchObject({ code: 'FORBIDDEN' });
    const stats = ok(await p.gql(viewer, op('node-stats'), { id: tree.fundId })).node.stats;
    const [{ n }] = await p.membershipDb.query(
      `SELECT count(*)::int AS n FROM membership.member WHERE fund_id = $1 AND status = 'ACTIVE'`,
      [tree.fundId],
    );
    expect(n).toBeGreaterThan(0);
    expect(stats.members).toBe(n);
    // The national admin reads the same members the viewer may only count.
    expect(ok(await p.gql(p.national, op('fund-members'), { id: tree.fundId, status: ['ACTIVE'] })).node.members.totalCount).toBe(n);
  });
});
