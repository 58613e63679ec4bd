import { EventVersionError } from './catalogue';
import { FundStateValue, MEMBERSHIP_EVENTS, MemberStateValue, membershipEvents } from './membership-events';

const ID = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

const fund: FundStateValue = {
  id: ID(5),
  countryCode: 'IR',
  provinceId: ID(1),
  countyId: ID(2),
  villageId: ID(3),
  name: 'صندوق',
  methodology: 'MICRO_FUND',
  policy: {
    minMembers: 10,
    maxMembers: 50,
    minGroupSize: 5,
    maxGroupSize: 7,
    maxGroups: null,
    minAge: 15,
    maxAge: 60,
    womenOnly: true,
    residenceRequired: true,
  },
  currency: 'IRR',
  status: 'FORMING',
  foundedOn: '2025-01-01',
  activatedOn: null,
};

const member: MemberStateValue = {
  id: ID(7),
  fundId: fund.id,
  groupId: ID(6),
  countryCode: 'IR',
  provinceId: ID(1),
  countyId: ID(2),
  villageId: ID(3),
  status: 'ACTIVE',
  joinedOn: '2026-01-15',
  exitedOn: null,
  exitReason: null,
  sex: 'FEMALE',
  femaleHeadedHousehold: true,
  hasDisability: false,
  referredByPartnerId: null,
  livelihood: 'BEEKEEPING',
  transferredFromId: null,
};

describe("membership's event catalogue", () => {
  it('builds an event with its version and the aggregate and fund it is about', () => {
    const event = membershipEvents.build('MemberEnrolled', { member });
    expect(event).toMatchObject({ type: 'MemberEnrolled', version: 1, aggregateType: 'MEMBER', aggregateId: member.id, fundId: fund.id });
    expect(membershipEvents.build('FundCreated', { fund })).toMatchObject({ aggregateType: 'FUND', aggregateId: fund.id, fundId: fund.id });
  });

  it.each([
    ['a name', { givenName: 'فاطمه' }],
    ['a national id', { nationalId: '0012345678' }],
    ['a phone', { phone: '0915 000 0000' }],
    ['a birth date', { birthDate: '1990-06-01' }],
    ['an income', { baselineMonthlyIncome: '1000' }],
  ])('refuses a membership carrying %s: no personal field travels', (_what, extra) => {
    expect(() => membershipEvents.build('MemberUpdated', { member: { ...member, ...extra } as MemberStateValue })).toThrow();
  });

  it('refuses a payload that does not match its type at run time too', () => {
    expect(() => membershipEvents.build('FundCreated', { fund: { ...fund, currency: 'rial' } })).toThrow();
    expect(() => membershipEvents.build('FundCreated', { fund: { ...fund, countyId: null } as unknown as FundStateValue })).toThrow();
  });

  it('decodes what it built, passes over a type it does not know, and stops at a version it does not know', () => {
    const built = membershipEvents.build('FundMoved', { fund, from: { provinceId: ID(11), countyId: ID(12), villageId: ID(13) } });
    const decoded = membershipEvents.decode(built);
    expect(decoded).toEqual({ type: 'FundMoved', version: 1, payload: built.payload });
    expect(membershipEvents.decode({ type: 'SomethingNew', version: 1, payload: {} })).toBeNull();
    expect(() => membershipEvents.decode({ type: 'FundMoved', version: 2, payload: built.payload })).toThrow(EventVersionError);
    expect(() => membershipEvents.decode({ type: 'FundMoved', version: 1, payload: { fund } })).toThrow();
  });

  it('reads a field it does not know (a newer producer of the same version) by dropping it', () => {
    const payload = { member: { ...member, newOptionalField: 'x' }, extra: 1 };
    expect(membershipEvents.decode({ type: 'MemberUpdated', version: 1, payload })).toEqual({
      type: 'MemberUpdated',
      version: 1,
      payload: { member },
    });
    expect(() =>
      membershipEvents.decode({ type: 'MemberUpdated', version: 1, payload: { member: { ...member, sex: 'X', more: 1 } } }),
    ).toThrow();
  });

  it('gives every event type a version', () => {
    for (const [type, definition] of Object.entries(MEMBERSHIP_EVENTS)) expect([type, definition.version]).toEqual([type, 1]);
  });
});
