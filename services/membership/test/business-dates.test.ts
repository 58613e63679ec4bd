import { TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, buildMember, createTree, op, vietnameseId } from './support/factories';

/**
 * Business dates are days where the fund is (Country.timeZone), not UTC days. The membership
 * subgraph takes "now" from a fixed clock here, set per test to instants that tell the zones apart:
 *   2026-03-01T19:00Z  UTC 1 March | Tehran 22:30, 1 March | Hanoi 02:00, 2 March
 *   2026-03-01T21:00Z  UTC 1 March | Tehran 00:30, 2 March | Hanoi 04:00, 2 March
 */
const clock = { instant: new Date('2026-03-01T12:00:00Z'), now: () => clock.instant };
const at = (instant: string) => {
  clock.instant = new Date(instant);
};

let p: TestPlatform;
let iran: Tree;
let vietnam: Tree;
let vietnam2: Tree;
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  iran = await createTree(p);
  vietnam = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
  vietnam2 = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
});
afterAll(() => p.stop());

/** A Vietnamese woman for the savings group, joining on the fund's today (no joinedOn sent). */
function vietnamese(birthDate = '1990-06-01', overrides: Record<string, unknown> = {}) {
  return buildMember(vietnam.fundId, {
    groupId: vietnam.groupId,
    birthDate,
    nationalId: vietnameseId(birthDate, 'FEMALE'),
    joinedOn: undefined,
    ...overrides,
  });
}

async function enrolToday(input: Record<string, unknown>) {
  return ok(await p.gql(p.national, op('enrol-member'), { input })).enrolMember;
}

it('the country says its time zone', async () => {
  const countries = ok(await p.gql(p.national, `{ countries { code timeZone } }`)).countries;
  expect(countries).toEqual(
    expect.arrayContaining([
      { code: 'IR', timeZone: 'Asia/Tehran' },
      { code: 'VN', timeZone: 'Asia/Ho_Chi_Minh' },
    ]),
  );
});

describe("a fund's today is the day in its country", () => {
  it('at 19:00Z it is still 1 March in Tehran but already 2 March in Hanoi', async () => {
    at('2026-03-01T19:00:00Z');
    expect((await enrolToday(buildMember(iran.fundId, { groupId: iran.groupId, joinedOn: undefined }))).joinedOn).toBe('2026-03-01');
    expect((await enrolToday(vietnamese())).joinedOn).toBe('2026-03-02');
  });

  it('at 21:00Z it is 2 March in Tehran too (the UTC day is still 1 March)', async () => {
    at('2026-03-01T21:00:00Z');
    expect((await enrolToday(buildMember(iran.fundId, { groupId: iran.groupId, joinedOn: undefined }))).joinedOn).toBe('2026-03-02');
  });

  it('a girl turning 15 on 2 March enrols in Hanoi at 06:00 that morning (23:00Z the day before), aged 15', async () => {
    at('2026-03-01T23:00:00Z');
    const girl = await enrolToday(vietnamese('2011-03-02'));
    expect(girl).toMatchObject({ joinedOn: '2026-03-02', age: 15 });
    // Her age is counted in Hanoi too: at 16:59Z on 1 March (23:59 in Hanoi) she was still 14.
    at('2026-03-01T16:59:00Z');
    const read = ok(await p.gql(p.national, op('member-fields'), { id: girl.id })).node;
    expect(read.age).toBe(14);
    at('2026-03-01T17:00:00Z');
    expect(ok(await p.gql(p.national, op('member-fields'), { id: girl.id })).node.age).toBe(15);
    // Enrolling her the evening before her birthday (in Hanoi) is refused: she is 14 there.
    at('2026-03-01T16:00:00Z');
    const early = vietnamese('2011-03-02');
    expect(failure(await p.gql(p.national, op('enrol-member'), { input: early }))).toMatchObject({ code: 'NOT_ELIGIBLE_AGE' });
  });

  it('default exit, transfer, term-end and formation days are the Hanoi day as well', async () => {
    at('2026-03-01T19:00:00Z');
    const leaving = await enrolToday(vietnamese('1985-01-01'));
    const moving = await enrolToday(vietnamese('1986-01-01'));
    const chair = await enrolToday(vietnamese('1987-01-01'));
    at('2026-03-03T18:30:00Z'); // 01:30 on 4 March in Hanoi, 22:00 on 3 March in Tehran
    const exited = ok(await p.gql(p.national, op('exit-member'), { input: { id: leaving.id, reason: 'VOLUNTARY' } })).exitMember;
    expect(exited.exitedOn).toBe('2026-03-04');
    const moved = ok(
      await p.gql(p.national, op('transfer-member'), { input: { memberId: moving.id, toGroupId: vietnam2.groupId } }),
    ).transferMember;
    expect(moved.joinedOn).toBe('2026-03-04');
    const transfers = ok(await p.gql(p.national, op('member-fields'), { id: moved.id })).node.transfers;
    expect(transfers.map((t: { effectiveOn: string }) => t.effectiveOn)).toEqual(['2026-03-04']);
    const officer = ok(
      await p.gql(p.national, op('appoint-officer'), {
        input: { fundId: vietnam.fundId, memberId: chair.id, role: 'CHAIR', termStart: '2026-03-02' },
      }),
    ).appointOfficer;
    expect(ok(await p.gql(p.national, op('end-officer-term'), { officerId: officer.id })).endOfficerTerm.endedOn).toBe('2026-03-04');
    const stage = ok(
      await p.gql(p.national, op('record-formation-stage'), { fundId: vietnam.fundId, stage: 'SITE_CHOSEN' }),
    ).recordFormationStage;
    expect(stage.completedOn).toBe('2026-03-04');
    const iranStage = ok(
      await p.gql(p.national, op('record-formation-stage'), { fundId: iran.fundId, stage: 'SITE_CHOSEN' }),
    ).recordFormationStage;
    expect(iranStage.completedOn).toBe('2026-03-03');
  });
});
