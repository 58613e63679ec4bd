import { TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

/**
 * Every choice the API offers is accepted, kept and read back, and does what it says: village
 * kinds, fund currencies, each policy rule (at creation and later), member details, livelihoods,
 * exit reasons, officer roles and formation stages.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

describe('hierarchy choices', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await createTree(p);
  });

  it('a village may be an urban NEIGHBORHOOD (Isfahan facilitation offices), and its kind changes with updateNode', async () => {
    const created = ok(
      await p.gql(p.national, op('create-village'), {
        input: { countyId: tree.countyId, name: 'محله جلفا', nameLatin: 'Jolfa', kind: 'NEIGHBORHOOD' },
      }),
    ).createVillage;
    expect(created).toMatchObject({ name: 'محله جلفا', kind: 'NEIGHBORHOOD', level: 'VILLAGE' });
    const updated = ok(
      await p.gql(p.national, op('update-node'), { input: { id: created.id, kind: 'VILLAGE', nameLatin: 'Jolfa village' } }),
    ).updateNode;
    expect(updated).toEqual({ id: created.id, name: 'محله جلفا', nameLatin: 'Jolfa village', level: 'VILLAGE', kind: 'VILLAGE' });
    const [row] = await p.membershipDb.query('SELECT kind FROM membership.village WHERE id = $1', [created.id]);
    expect(row.kind).toBe('VILLAGE');
    // Only villages have a kind.
    expect(failure(await p.gql(p.national, op('update-node'), { input: { id: tree.fundId, kind: 'NEIGHBORHOOD' } }))).toMatchObject({
      code: 'NOT_A_VILLAGE',
      field: 'kind',
    });
  });

  it("a fund keeps its books in the currency given (else its country's), and only in one the books support", async () => {
    const usd = ok(
      await p.gql(p.national, op('create-fund'), {
        input: { villageId: tree.villageId, name: 'صندوق دلاری', methodology: 'MICRO_FUND', currency: 'USD' },
      }),
    ).createFund;
    expect(usd.currency).toBe('USD');
    const local = ok(
      await p.gql(p.national, op('create-fund'), { input: { villageId: tree.villageId, name: 'صندوق ریالی', methodology: 'MICRO_FUND' } }),
    ).createFund;
    expect(local.currency).toBe('IRR');
    expect(
      failure(
        await p.gql(p.national, op('create-fund'), {
          input: { villageId: tree.villageId, name: 'صندوق ناشناس', methodology: 'MICRO_FUND', currency: 'XTS' },
        }),
      ),
    ).toMatchObject({ code: 'UNSUPPORTED_CURRENCY', field: 'currency' });
  });

  it('every policy rule given at creation is kept and applied: ages, women only, residence, number of groups', async () => {
    const savings = await createTree(p, {
      methodology: 'SAVINGS_GROUP',
      policy: {
        minAge: 18,
        maxAge: 70,
        womenOnly: true,
        residenceRequired: true,
        maxGroups: 2,
        minGroupSize: 5,
        maxGroupSize: 20,
        maxMembers: 40,
      },
    });
    const fund = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on Fund { policy { methodology minAge maxAge womenOnly residenceRequired maxGroups } } } }`,
        {
          id: savings.fundId,
        },
      ),
    ).node;
    expect(fund.policy).toEqual({
      methodology: 'SAVINGS_GROUP',
      minAge: 18,
      maxAge: 70,
      womenOnly: true,
      residenceRequired: true,
      maxGroups: 2,
    });
    // A 16-year-old, a man and a woman of another village are refused; a woman of 72 too.
    expect(failure(await enrol(p, savings.fundId, { birthDate: '2010-01-01' })).code).toBe('NOT_ELIGIBLE_AGE');
    expect(failure(await enrol(p, savings.fundId, { birthDate: '1955-01-01' })).code).toBe('NOT_ELIGIBLE_AGE');
    expect(failure(await enrol(p, savings.fundId, { sex: 'MALE' })).code).toBe('NOT_ELIGIBLE_SEX');
    expect(failure(await enrol(p, savings.fundId, { residenceVillageId: tree.villageId }))).toMatchObject({ code: 'NOT_RESIDENT' });
    expect(ok(await enrol(p, savings.fundId, { birthDate: '1960-01-01' })).enrolMember.age).toBe(66);
    // A second group is allowed, a third is not.
    ok(await p.gql(p.national, op('create-group'), { input: { fundId: savings.fundId, name: 'گروه دوم' } }));
    expect(failure(await p.gql(p.national, op('create-group'), { input: { fundId: savings.fundId, name: 'گروه سوم' } })).code).toBe(
      'GROUP_LIMIT_REACHED',
    );
  });

  it('updateFundPolicy changes every rule of a fund, and enrolment follows the new rules', async () => {
    const fresh = await createTree(p);
    const input = {
      fundId: fresh.fundId,
      minMembers: 8,
      maxMembers: 30,
      minGroupSize: 4,
      maxGroupSize: 8,
      maxGroups: 5,
      minAge: 18,
      maxAge: 65,
      womenOnly: false,
      residenceRequired: false,
    };
    const updated = ok(await p.gql(p.national, op('update-fund-policy'), { input })).updateFundPolicy;
    const { fundId: _fundId, ...policy } = input;
    expect(updated).toEqual({ id: fresh.fundId, policy: { methodology: 'MICRO_FUND', ...policy } });
    // Men, a 63-year-old and a resident of another village may now join; a 17-year-old may not.
    expect(
      ok(await enrol(p, fresh.fundId, { sex: 'MALE', birthDate: '1963-01-01', residenceVillageId: tree.villageId })).enrolMember,
    ).toMatchObject({
      sex: 'MALE',
      age: 63,
    });
    expect(failure(await enrol(p, fresh.fundId, { birthDate: '2009-01-01' })).code).toBe('NOT_ELIGIBLE_AGE');
  });
});

describe('member choices', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await createTree(p);
  });

  it('updateMember changes the family name and the disability flag, and the stats follow', async () => {
    const member = ok(await enrol(p, tree.fundId, { groupId: tree.groupId, familyName: 'کریمی' })).enrolMember;
    const updated = ok(
      await p.gql(p.national, op('update-member'), { input: { id: member.id, familyName: 'کریمی‌نژاد', hasDisability: true } }),
    ).updateMember;
    expect(updated).toMatchObject({ familyName: 'کریمی‌نژاد', fullName: 'فاطمه کریمی‌نژاد', hasDisability: true });
    const stats = ok(await p.gql(p.national, op('node-stats'), { id: tree.fundId })).node.stats;
    expect(stats.withDisability).toBe(1);
  });

  it('every livelihood the programmes finance can be recorded and read back', async () => {
    const livelihoods = [
      'BEEKEEPING',
      'LEATHERWORK',
      'VEGETABLES',
      'DAIRY',
      'POULTRY',
      'KILIM_WEAVING',
      'HANDICRAFTS',
      'LIVESTOCK',
      'TAILORING',
      'SMALL_TRADE',
      'AGRICULTURE',
      'OTHER',
    ];
    const member = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    for (const livelihood of livelihoods) {
      expect(ok(await p.gql(p.national, op('update-member'), { input: { id: member.id, livelihood } })).updateMember.livelihood).toBe(
        livelihood,
      );
      const [row] = await p.membershipDb.query('SELECT livelihood FROM membership.member WHERE id = $1', [member.id]);
      expect(row.livelihood).toBe(livelihood);
    }
  });

  it('a member leaves for any of the reasons, which is kept with the date', async () => {
    for (const reason of ['DECEASED', 'EXPELLED', 'OTHER']) {
      const member = ok(await enrol(p, tree.fundId)).enrolMember;
      const exited = ok(
        await p.gql(p.national, op('exit-member'), { input: { id: member.id, reason, exitedOn: '2026-03-01' } }),
      ).exitMember;
      expect(exited).toMatchObject({ id: member.id, status: 'EXITED', exitReason: reason, exitedOn: '2026-03-01' });
      expect(ok(await p.gql(p.national, op('member-fields'), { id: member.id })).node.exitReason).toBe(reason);
    }
  });
});

describe('fund governance choices', () => {
  it("a savings group's treasurer and key holders (three keys to the box) are appointed from its members", async () => {
    const tree = await createTree(p, { methodology: 'SAVINGS_GROUP' });
    const members = [];
    for (let i = 0; i < 5; i++) members.push(ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember);
    const appoint = (memberId: string, role: string) =>
      p.gql(p.national, op('appoint-officer'), { input: { fundId: tree.fundId, memberId, role, termStart: '2026-02-01' } });
    expect(ok(await appoint(members[0].id, 'TREASURER')).appointOfficer).toMatchObject({
      role: 'TREASURER',
      member: { id: members[0].id },
    });
    for (const m of members.slice(1, 4)) expect(ok(await appoint(m.id, 'KEY_HOLDER')).appointOfficer.role).toBe('KEY_HOLDER');
    expect(failure(await appoint(members[4].id, 'KEY_HOLDER'))).toMatchObject({ code: 'ROLE_TAKEN', field: 'role' });
    const officers = ok(await p.gql(p.national, op('fund-officers'), { id: tree.fundId, current: true })).node.officers;
    expect(officers.map((o: { role: string }) => o.role).sort()).toEqual(['KEY_HOLDER', 'KEY_HOLDER', 'KEY_HOLDER', 'TREASURER']);
  });

  it('every formation stage of the programme can be recorded, with its date and note', async () => {
    const tree = await createTree(p);
    const stages = [
      ['SAVINGS_MOBILISED', '2025-02-01', 'Weekly savings started'],
      ['MEETING_RULES_ADOPTED', '2025-02-15', 'Meets every second Thursday'],
      ['TRAINED', '2025-03-01', 'Accounting course for the board'],
      ['CAPITAL_INJECTED', '2025-03-10', "Initial capital from the Women's Affairs office"],
      ['LENDING_STARTED', '2025-04-01', 'First three loans'],
      ['SUPERVISED', '2025-10-01', 'Six-monthly evaluation'],
    ];
    for (const [stage, completedOn, note] of stages) {
      expect(
        ok(await p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage, completedOn, note })).recordFormationStage,
      ).toEqual({
        stage,
        completedOn,
        note,
      });
    }
    const formation = ok(await p.gql(p.national, op('fund-formation'), { id: tree.fundId })).node.formation;
    expect(formation).toEqual(stages.map(([stage, completedOn, note]) => ({ stage, completedOn, note })));
  });
});
