import { TestPlatform, expectRefused, ok, startTestPlatform } from '../../test/support/platform';
import { buildMember, createTree, op } from '../../services/membership/test/support/factories';

/**
 * Through the real platform: a bad Decimal (here a member's baselineMonthlyIncome) is refused by
 * the gateway with HTTP 400, INVALID_DECIMAL and the field, whether it comes in a variable or a
 * literal, and nothing is written. It used to reach the membership subgraph, whose HTTP 400 the
 * gateway answered as INTERNAL_SERVER_ERROR.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const MEMBERS = 'SELECT count(*)::int AS members FROM membership.member';

it.each(['abc', '12,5', 1.5, '1e9', ''])('refuses baselineMonthlyIncome %p in a variable with 400 INVALID_DECIMAL', async (income) => {
  const tree = await createTree(p);
  const result = await expectRefused(
    p,
    MEMBERS,
    () => p.gql(p.national, op('enrol-member'), { input: buildMember(tree.fundId, { baselineMonthlyIncome: income }) }),
    {
      code: 'INVALID_DECIMAL',
      field: 'baselineMonthlyIncome',
    },
  );
  expect(result.message).toMatch(/decimal/i);
  const again = await p.gql(p.national, op('enrol-member'), { input: buildMember(tree.fundId, { baselineMonthlyIncome: income }) });
  expect(again.status).toBe(400);
});

it('refuses a bad Decimal literal the same way', async () => {
  const tree = await createTree(p);
  const member = buildMember(tree.fundId);
  const query = `mutation {
    enrolMember(input: { fundId: "${tree.fundId}", givenName: "Zahra", familyName: "Karimi", nationalId: "${String(member.nationalId)}",
      birthDate: "1990-06-01", sex: FEMALE, joinedOn: "2026-01-15", baselineMonthlyIncome: "five million" }) { id }
  }`;
  const result = await p.gql(p.national, query);
  expect(result.status).toBe(400);
  expect(result.errors).toEqual([
    { message: expect.stringMatching(/Decimal/), extensions: { code: 'INVALID_DECIMAL', field: 'baselineMonthlyIncome' } },
  ]);
});

it('enrols with a good Decimal (the control case)', async () => {
  const tree = await createTree(p);
  const result = ok(await p.gql(p.national, op('enrol-member'), { input: buildMember(tree.fundId, { baselineMonthlyIncome: '5000000' }) }));
  expect(result.enrolMember.baselineMonthlyIncome).toBe('5000000');
});
