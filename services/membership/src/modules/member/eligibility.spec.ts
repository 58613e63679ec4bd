import { ageOn, eligibilityProblem, FundFacts } from './eligibility';
import { POLICY_PRESETS } from '../policy/fund-policy';
import { Methodology } from '../policy/methodology';
import { Sex } from './member.enums';

const microFund = (over: Partial<FundFacts> = {}): FundFacts => ({
  policy: POLICY_PRESETS[Methodology.MICRO_FUND],
  villageId: 'v1',
  liveMembers: 10,
  liveGroupMembers: 3,
  ...over,
});
const woman = { birthDate: '1990-05-10', sex: Sex.FEMALE, residenceVillageId: 'v1', joinDate: '2026-01-15' };

describe('ageOn', () => {
  it.each([
    ['2011-01-15', '2026-01-15', 15],
    ['2011-01-16', '2026-01-15', 14],
    ['1965-12-31', '2026-01-01', 60],
    ['1965-01-01', '2026-01-01', 61],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('born %s, on %s: %i', (birth, day, age) => {
    expect(ageOn(birth, day)).toBe(age);
  });
});

describe('eligibility against a micro-fund policy', () => {
  it('accepts an eligible woman', () => {
    expect(eligibilityProblem(woman, microFund())).toBeNull();
  });

  it.each([
    ['too young (14 on the day)', { birthDate: '2011-01-16' }, {}, 'NOT_ELIGIBLE_AGE', 'birthDate'],
    ['too old (61)', { birthDate: '1964-12-01' }, {}, 'NOT_ELIGIBLE_AGE', 'birthDate'],
    ['a man in a women-only fund', { sex: Sex.MALE }, {}, 'NOT_ELIGIBLE_SEX', 'sex'],
    ['living in another village', { residenceVillageId: 'v2' }, {}, 'NOT_RESIDENT', 'residenceVillageId'],
    ['fund full (50 of 50)', {}, { liveMembers: 50 }, 'MEMBER_LIMIT_REACHED', 'fundId'],
    ['group full (7 of 7)', {}, { liveGroupMembers: 7 }, 'GROUP_FULL', 'groupId'],
    ['born after the enrolment date', { birthDate: '2026-02-01' }, {}, 'INVALID_DATE', 'birthDate'],
  ])('refuses %s', (_name, person, fund, code, field) => {
    const problem = eligibilityProblem({ ...woman, ...person }, microFund(fund));
    expect(problem?.code).toBe(code);
    expect(problem?.field).toBe(field);
  });

  it('accepts the edges: exactly 15 and exactly 60, 49th member, 7th in a group', () => {
    expect(eligibilityProblem({ ...woman, birthDate: '2011-01-15' }, microFund())).toBeNull();
    expect(eligibilityProblem({ ...woman, birthDate: '1965-06-01' }, microFund())).toBeNull();
    expect(eligibilityProblem(woman, microFund({ liveMembers: 49, liveGroupMembers: 6 }))).toBeNull();
  });

  it('lets men into a savings group, which does not require residence', () => {
    const savings: FundFacts = { policy: POLICY_PRESETS[Methodology.SAVINGS_GROUP], villageId: 'v1', liveMembers: 5, liveGroupMembers: 5 };
    expect(eligibilityProblem({ ...woman, sex: Sex.MALE, residenceVillageId: 'elsewhere' }, savings)).toBeNull();
    expect(eligibilityProblem(woman, { ...savings, liveMembers: 25 })?.code).toBe('MEMBER_LIMIT_REACHED');
  });
});
