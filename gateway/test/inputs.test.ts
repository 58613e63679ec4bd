import request from 'supertest';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';

/**
 * A value a scalar refuses is a coded error with its field, never INTERNAL_SERVER_ERROR: the
 * platform's scalars (Decimal) are checked at the gateway with HTTP 400 before any subgraph is
 * called; a scalar only a subgraph knows is refused by that subgraph (HTTP 400 to the gateway),
 * and its code passes through.
 */
describe('input values', () => {
  let platform: FixturePlatform;
  let token: string;

  beforeAll(async () => {
    platform = await startFixturePlatform();
    token = platform.tokenFor(Role.NATIONAL_ADMIN, null);
  });
  afterAll(() => platform.stop());
  beforeEach(() => {
    platform.received.length = 0;
  });

  const post = (query: string, variables?: Record<string, unknown>) =>
    request(platform.gatewayOrigin).post('/graphql').set('authorization', `Bearer ${token}`).send({ query, variables });

  it.each([
    ['a variable', 'query ($v: Decimal!) { amount(value: $v) }', { v: 'abc' }, 'value'],
    ['a float variable', 'query ($v: Decimal!) { amount(value: $v) }', { v: 1.5 }, 'value'],
    ['a literal', '{ amount(value: "12,5") }', undefined, 'value'],
    ['a float literal', '{ amount(value: 1.5) }', undefined, 'value'],
    ['a variable holding an input object', 'query ($p: PaymentInput!) { pay(input: $p) }', { p: { amount: 'ten', note: 'x' } }, 'amount'],
    ['a variable inside an input literal', 'query ($a: Decimal!) { pay(input: { amount: $a }) }', { a: '1e5' }, 'amount'],
    ['a literal inside an input literal', '{ pay(input: { amount: "--1", note: "x" }) }', undefined, 'amount'],
    ['a variable default', 'query ($a: Decimal = "x") { pay(input: { amount: $a }) }', {}, 'a'],
  ])(
    'refuses a bad Decimal in %s with 400 INVALID_DECIMAL and the field, before any subgraph call',
    async (_what, query, variables, field) => {
      const response = await post(query, variables);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { message: expect.stringMatching(/decimal/i), extensions: { code: 'INVALID_DECIMAL', field } },
      ]);
      expect(response.body.data).toBeUndefined();
      expect(platform.received).toHaveLength(0);
    },
  );

  it('answers good Decimals (the control case)', async () => {
    const response = await post(
      'query ($v: Decimal!, $p: PaymentInput!) { amount(value: $v) pay(input: $p) again: pay(input: { amount: "7" }) }',
      {
        v: '12.50',
        p: { amount: 1250000 },
      },
    );
    expect(response.body).toEqual({ data: { amount: '12.5', pay: '1250000', again: '7' } });
  });

  it("passes on the code of a subgraph's refusal of a variable (HTTP 400 from the subgraph), without internals", async () => {
    const response = await post('query ($v: Even!) { half(value: $v) }', { v: 3 });
    expect(response.body.errors).toEqual([{ message: expect.stringMatching(/Even numbers only/), extensions: { code: 'NOT_EVEN' } }]);
    expect(platform.received).toHaveLength(1);
    expect(JSON.stringify(response.body)).not.toMatch(/fixture|127\.0\.0\.1|serviceName|Bad Request/);
    expect(response.status).toBe(200);
    expect((await post('query ($v: Even!) { half(value: $v) }', { v: 4 })).body).toEqual({ data: { half: 2 } });
  });
});
