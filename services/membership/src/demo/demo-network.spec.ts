import { isCalendarDate } from '@funds/graphql-kit';
import { validateNationalId } from '../modules/member/national-id';
import { ageOn } from '../modules/member/eligibility';
import { DemoFund, DemoMember, DemoNetwork, DemoProvince, DemoStage, demoNetwork } from './demo-network';

// The invariants the loader and the eligibility rules rely on. A wrong edit to the specs in
// demo-network.ts (a group of 8, a man in a micro-fund, a duplicated id, an officer who is not a
// member, a missing activation stage) fails one of these.

const LIMITS = {
  MICRO_FUND: { groupMin: 5, groupMax: 7, maxGroups: Infinity, fundMax: 50, minAge: 15, maxAge: 60, womenOnly: true },
  SELF_HELP_GROUP: { groupMin: 15, groupMax: 25, maxGroups: 1, fundMax: 25, minAge: 15, maxAge: 60, womenOnly: true },
  SAVINGS_GROUP: { groupMin: 10, groupMax: 25, maxGroups: 1, fundMax: 25, minAge: 15, maxAge: 75, womenOnly: false },
} as const;
const BOARD = {
  MICRO_FUND: ['ACCOUNTANT', 'MANAGING_DIRECTOR', 'SECRETARY'],
  SELF_HELP_GROUP: ['ACCOUNTANT', 'MANAGING_DIRECTOR', 'SECRETARY'],
  SAVINGS_GROUP: ['CHAIR', 'KEY_HOLDER', 'KEY_HOLDER', 'KEY_HOLDER', 'MONEY_COUNTER', 'MONEY_COUNTER', 'SECRETARY', 'TREASURER'],
};
const STAGE_ORDER: DemoStage[] = [
  'VILLAGE_CHOSEN',
  'SITE_CHOSEN',
  'MEMBERS_RECRUITED',
  'SAVINGS_MOBILISED',
  'MEETING_RULES_ADOPTED',
  'GROUPS_FORMED',
  'BOARD_APPOINTED',
  'TRAINED',
  'CAPITAL_INJECTED',
  'LENDING_STARTED',
  'SUPERVISED',
];
const ACTIVATION: DemoStage[] = ['MEMBERS_RECRUITED', 'GROUPS_FORMED', 'BOARD_APPOINTED'];
const HORIZON = '2026-11-01';
const LIVELIHOODS = [
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

interface FundRow {
  province: DemoProvince;
  county: string;
  village: string;
  fund: DemoFund;
  members: DemoMember[];
}
function fundsOf(network: DemoNetwork): FundRow[] {
  return network.provinces.flatMap((province) =>
    province.counties.flatMap((c) =>
      c.villages.flatMap((v) =>
        v.funds.map((fund) => ({
          province,
          county: c.nameLatin ?? c.name,
          village: v.nameLatin ?? v.name,
          fund,
          members: fund.groups.flatMap((g) => g.members),
        })),
      ),
    ),
  );
}
const funds = fundsOf(demoNetwork);
const allMembers = funds.flatMap((f) => f.members.map((m) => ({ ...f, member: m })));
const fundLabel = (f: FundRow) => `${f.province.nameLatin} / ${f.village} / ${f.fund.nameLatin}`;

describe('demo network: shape and facts from the articles', () => {
  it('has about 30 funds and 600-900 members', () => {
    expect(funds.length).toBeGreaterThanOrEqual(28);
    expect(funds.length).toBeLessThanOrEqual(36);
    expect(allMembers.length).toBeGreaterThanOrEqual(600);
    expect(allMembers.length).toBeLessThanOrEqual(900);
  });

  it('has the provinces of the articles, with the methodology each uses', () => {
    const byProvince = Object.fromEntries(
      demoNetwork.provinces.map((p) => [p.nameLatin, [...new Set(funds.filter((f) => f.province === p).map((f) => f.fund.methodology))]]),
    );
    expect(byProvince).toEqual({
      'North Khorasan': ['MICRO_FUND'],
      Zanjan: ['MICRO_FUND'],
      Kermanshah: ['SELF_HELP_GROUP'],
      Isfahan: ['SELF_HELP_GROUP'],
      'Yen Bai': ['SAVINGS_GROUP'],
    });
    expect(demoNetwork.provinces.map((p) => [p.name, p.country])).toEqual([
      ['خراسان شمالی', 'IR'],
      ['زنجان', 'IR'],
      ['کرمانشاه', 'IR'],
      ['اصفهان', 'IR'],
      ['Yên Bái', 'VN'],
    ]);
  });

  it("puts Zanjan's 20 funds in its seven counties", () => {
    const zanjan = demoNetwork.provinces.find((p) => p.nameLatin === 'Zanjan')!;
    expect(zanjan.counties.map((c) => c.nameLatin).sort()).toEqual([
      'Abhar',
      'Ijrud',
      'Khorramdareh',
      'Mahneshan',
      'Soltanieh',
      'Tarom',
      'Zanjan',
    ]);
    for (const county of zanjan.counties) expect(county.villages.flatMap((v) => v.funds).length).toBeGreaterThan(0);
    expect(funds.filter((f) => f.province === zanjan)).toHaveLength(20);
    expect(zanjan.partners).toContainEqual(expect.objectContaining({ partner: 'omid', kind: 'FINANCES' }));
  });

  it('has self-help groups in Sahneh county, and Hemmatabad as the one neighbourhood, with one fund', () => {
    const sahneh = funds.filter((f) => f.county === 'Sahneh');
    expect(sahneh.length).toBeGreaterThanOrEqual(3);
    const kinds = demoNetwork.provinces.flatMap((p) => p.counties.flatMap((c) => c.villages.map((v) => [v.nameLatin, v.kind])));
    expect(kinds.filter(([, kind]) => kind === 'NEIGHBORHOOD')).toEqual([['Hemmatabad', 'NEIGHBORHOOD']]);
    expect(funds.filter((f) => f.village === 'Hemmatabad')).toHaveLength(1);
  });

  it('has the Doan Ket savings group in Tan Thinh (Van Chan), founded 1 June 2015, and the three Yen Bai districts', () => {
    const yenBai = demoNetwork.provinces.find((p) => p.country === 'VN')!;
    expect(yenBai.counties.map((c) => c.name)).toEqual(['Văn Yên', 'Văn Chấn', 'Nghĩa Lộ']);
    const doanKet = funds.find((f) => f.fund.name === 'Nhóm Đoàn Kết')!;
    expect(doanKet).toMatchObject({
      county: 'Van Chan',
      village: 'Tan Thinh',
      fund: { methodology: 'SAVINGS_GROUP', foundedOn: '2015-06-01' },
    });
    const vn = allMembers.filter((m) => m.province === yenBai);
    const men = vn.filter((m) => m.member.sex === 'MALE').length;
    expect(men).toBeGreaterThan(0);
    expect(men / vn.length).toBeLessThan(0.4);
  });

  it('names Iranian places and people in Persian script and Vietnamese ones with diacritics, with Latin forms', () => {
    const persian = /[\u0600-\u06ff]/;
    const latin = /^[A-Za-z][A-Za-z' ()-]*$/;
    for (const f of funds) {
      const script = f.province.country === 'IR' ? persian : /[^\u0020-\u007e]/;
      expect(f.fund.name).toMatch(script);
      expect(f.fund.nameLatin).toMatch(latin);
      for (const m of f.members) {
        expect(`${m.givenName} ${m.familyName}`).toMatch(f.province.country === 'IR' ? persian : /\S/);
        expect(m.givenNameLatin).toMatch(latin);
        expect(m.familyNameLatin).toMatch(latin);
      }
    }
  });
});

describe('demo network: every member is eligible', () => {
  it('national ids are unique across the network', () => {
    const ids = allMembers.map((m) => `${m.province.country}:${m.member.nationalId}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every national id is valid and already normalised (Vietnamese ids agree with birth date and sex)', () => {
    const problems = allMembers
      .map(({ province, member }) => ({
        member,
        check: validateNationalId(province.country, member.nationalId, { birthDate: member.birthDate, sex: member.sex }),
      }))
      .filter(({ member, check }) => !check.ok || check.normalized !== member.nationalId);
    expect(problems).toEqual([]);
  });

  it('members meet the sex and age rules of their methodology on the day they joined', () => {
    const problems: string[] = [];
    for (const { fund, member, ...f } of allMembers) {
      const limits = LIMITS[fund.methodology];
      const age = ageOn(member.birthDate, member.joinedOn);
      if (limits.womenOnly && member.sex !== 'FEMALE')
        problems.push(`${fundLabel({ fund, ...f })}: ${member.givenNameLatin} is ${member.sex}`);
      if (age < limits.minAge || age > limits.maxAge) problems.push(`${fundLabel({ fund, ...f })}: ${member.givenNameLatin} aged ${age}`);
    }
    expect(problems).toEqual([]);
  });

  it('dates are real dates; members join on or after the fund was founded and before November 2026', () => {
    for (const { fund, member } of allMembers) {
      expect(isCalendarDate(member.birthDate)).toBe(true);
      expect(isCalendarDate(member.joinedOn)).toBe(true);
      expect(member.joinedOn >= fund.foundedOn).toBe(true);
      expect(member.joinedOn < HORIZON).toBe(true);
    }
    for (const { fund } of funds) expect(fund.foundedOn < HORIZON).toBe(true);
  });

  it('group sizes, group counts and fund sizes are within the methodology bounds', () => {
    const problems: string[] = [];
    for (const f of funds) {
      const limits = LIMITS[f.fund.methodology];
      if (f.fund.groups.length < 1 || f.fund.groups.length > limits.maxGroups)
        problems.push(`${fundLabel(f)}: ${f.fund.groups.length} groups`);
      if (f.members.length > limits.fundMax) problems.push(`${fundLabel(f)}: ${f.members.length} members`);
      for (const g of f.fund.groups) {
        if (g.members.length < limits.groupMin || g.members.length > limits.groupMax)
          problems.push(`${fundLabel(f)} / ${g.nameLatin}: ${g.members.length}`);
      }
      const groupNames = f.fund.groups.map((g) => g.name);
      if (new Set(groupNames).size !== groupNames.length) problems.push(`${fundLabel(f)}: duplicate group names`);
    }
    expect(problems).toEqual([]);
  });

  it('has female heads of household (women only) and members with disabilities referred by Behzisti', () => {
    const heads = allMembers.filter((m) => m.member.femaleHeadOfHousehold);
    expect(heads.length).toBeGreaterThan(allMembers.length * 0.1);
    expect(heads.every((m) => m.member.sex === 'FEMALE')).toBe(true);
    const disabled = allMembers.filter((m) => m.member.hasDisability);
    expect(disabled.length).toBeGreaterThanOrEqual(8);
    expect(disabled.every((m) => m.member.referredBy === 'welfare' && m.province.country === 'IR')).toBe(true);
    // Article 001: Behzisti refers people with disabilities to funds in Zanjan and Khorramdareh counties.
    expect(new Set(disabled.filter((m) => m.province.nameLatin === 'Zanjan').map((m) => m.county))).toEqual(
      new Set(['Zanjan', 'Khorramdareh']),
    );
  });

  it('livelihoods come from the list, baseline incomes are whole amounts in a plausible range', () => {
    for (const { province, member } of allMembers) {
      if (member.livelihood !== undefined) expect(LIVELIHOODS).toContain(member.livelihood);
      if (member.baselineMonthlyIncome === undefined) continue;
      expect(member.baselineMonthlyIncome).toMatch(/^(0|[1-9]\d*)$/);
      expect(Number(member.baselineMonthlyIncome)).toBeLessThanOrEqual(province.country === 'IR' ? 5_000_000 : 3_000_000); // rials / dong
    }
    expect(allMembers.some((m) => m.member.baselineMonthlyIncome === '0')).toBe(true);
  });
});

describe('demo network: formation, boards and partners', () => {
  it('stages are in the formation order, once each, with dates that never go back and before the horizon', () => {
    for (const { fund } of funds) {
      const order = fund.stages.map((s) => STAGE_ORDER.indexOf(s.stage));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
      const dates = fund.stages.map((s) => s.completedOn);
      expect(dates.every(isCalendarDate)).toBe(true);
      expect(dates).toEqual([...dates].sort());
      expect(dates.every((d) => d < HORIZON)).toBe(true);
    }
  });

  it('active funds have the activation stages and a full board; two or three are left forming', () => {
    const forming = funds.filter((f) => !f.fund.activate);
    expect(forming.length).toBeGreaterThanOrEqual(2);
    expect(forming.length).toBeLessThanOrEqual(3);
    for (const f of funds) {
      const stages = f.fund.stages.map((s) => s.stage);
      const hasAll = ACTIVATION.every((s) => stages.includes(s));
      expect([fundLabel(f), hasAll]).toEqual([fundLabel(f), f.fund.activate]);
      const roles = f.fund.officers.map((o) => o.role).sort();
      if (stages.includes('BOARD_APPOINTED')) expect(roles).toEqual(BOARD[f.fund.methodology]);
      else expect(roles).toEqual([]);
    }
  });

  it('officers are distinct adult members who had joined by the start of their term, appointed on the board stage', () => {
    for (const f of funds) {
      const board = f.fund.stages.find((s) => s.stage === 'BOARD_APPOINTED');
      const refs = f.fund.officers.map((o) => o.member);
      expect(new Set(refs).size).toBe(refs.length);
      for (const officer of f.fund.officers) {
        expect(officer.member).toMatch(/^\d+\.\d+$/);
        const [g, i] = officer.member.split('.').map(Number);
        const member = f.fund.groups[g]?.members[i];
        expect(member).toBeDefined();
        expect(member!.joinedOn <= officer.termStart).toBe(true);
        expect(ageOn(member!.birthDate, officer.termStart)).toBeGreaterThanOrEqual(18);
        expect(officer.termStart).toBe(board!.completedOn);
      }
    }
  });

  it('partner keys are unique and every reference names a known partner of the same country', () => {
    const keys = demoNetwork.partners.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    const byKey = new Map(demoNetwork.partners.map((p) => [p.key, p]));
    expect(keys).toEqual(
      expect.arrayContaining([
        'womens-affairs',
        'agriculture-jihad',
        'omid',
        'welfare',
        'agri-bank',
        'plan',
        'we-effect',
        'coop-alliance',
        'womens-union',
      ]),
    );
    const refs = [
      ...demoNetwork.provinces.flatMap((p) =>
        (p.partners ?? []).map((l) => ({ country: p.country, key: l.partner, startsOn: l.startsOn })),
      ),
      ...funds.flatMap((f) => (f.fund.partners ?? []).map((l) => ({ country: f.province.country, key: l.partner, startsOn: l.startsOn }))),
      ...allMembers
        .filter((m) => m.member.referredBy)
        .map((m) => ({ country: m.province.country, key: m.member.referredBy!, startsOn: m.member.joinedOn })),
    ];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const partner = byKey.get(ref.key);
      expect([ref.key, partner !== undefined]).toEqual([ref.key, true]);
      if (partner?.country) expect([ref.key, partner.country]).toEqual([ref.key, ref.country]);
      expect(isCalendarDate(ref.startsOn)).toBe(true);
    }
  });
});

describe('demo network: determinism', () => {
  it('is identical when the module is loaded again, and does not depend on Math.random', () => {
    let again: DemoNetwork | undefined;
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module instance is the point
        again = (require('./demo-network') as typeof import('./demo-network')).demoNetwork;
      });
    } finally {
      random.mockRestore();
    }
    expect(again).not.toBe(demoNetwork);
    expect(again).toEqual(demoNetwork);
  });
});
