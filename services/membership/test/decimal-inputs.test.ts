import { TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

/** Decimal input through the gateway: every refusal is INVALID_DECIMAL, never an internal error. */
let p: TestPlatform;
let tree: Tree;
beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p);
  ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
});
afterAll(() => p.stop());

describe('every Decimal error is INVALID_DECIMAL', () => {
  it.each([
    ['a float', 1.5],
    ['a boolean', true],
    ['an exponent', '1e6'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['a leading zero', '0100'],
    ['31 integer digits', '1'.repeat(31)],
    ['11 decimals', '1.12345678901'],
  ])('%s as baselineMonthlyIncome', async (_what, income) => {
    const error = failure(await enrol(p, tree.fundId, { baselineMonthlyIncome: income }));
    expect(error.code).toBe('INVALID_DECIMAL');
  });

  it('a 200,000-digit amount is refused at once, with a short message', async () => {
    const started = Date.now();
    const result = await enrol(p, tree.fundId, { baselineMonthlyIncome: '9'.repeat(200_000) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(failure(result).code).toBe('INVALID_DECIMAL');
    expect(failure(result).message.length).toBeLessThan(400);
  });

  it('in a literal of the operation too', async () => {
    const memberId = ok(await p.gql(p.national, op('fund-members'), { id: tree.fundId })).node.members.nodes[0].id;
    for (const literal of ['"1e6"', '1.5', `"${'9'.repeat(40)}"`, '9'.repeat(40)]) {
      const result = await p.gql(
        p.national,
        `mutation { updateMember(input: { id: "${memberId}", baselineMonthlyIncome: ${literal} }) { id } }`,
      );
      expect(failure(result).code).toBe('INVALID_DECIMAL');
    }
  });
});
