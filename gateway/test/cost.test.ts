import request from 'supertest';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { TestPlatform, startTestPlatform } from '../../test/support/platform';

/**
 * The cost limit counts what an operation may return: every field under a paged list is
 * multiplied by its page size as the request gives it (a literal, a variable's value, a
 * variable's default) or, left out, by the default page size. It used to see only literals, so
 * `first: $n` or no `first` passed as one item (30 aliases returned 22,440 members).
 */
describe('cost limit (fixture)', () => {
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
  const aliases = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
  const aliasedQuery = (n: number, head: string, selection: string) =>
    `${head} { ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

  function expectRefused(response: request.Response) {
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        message: expect.stringMatching(/would cost \d+, over the limit of 20000/),
        extensions: { code: 'COST_LIMIT_EXCEEDED', details: { cost: expect.any(Number), limit: 20000 } },
      },
    ]);
    expect(response.body.errors[0].extensions.details.cost).toBeGreaterThan(20000);
    expect(platform.received).toHaveLength(0);
  }

  it('counts `first` given as a variable', async () => {
    expectRefused(await post(aliasedQuery(30, 'query ($n: Int)', 'links(first: $n) { links(first: $n) { depth } }'), { n: 100 }));
  });

  it("counts a variable's default when the variable is not sent", async () => {
    expectRefused(await post(aliasedQuery(30, 'query ($n: Int = 100)', 'links(first: $n) { links(first: $n) { depth } }'), {}));
  });

  it('counts the default page size when `first` is left out', async () => {
    expectRefused(await post(aliases(30, 'links { links { links { depth } } }')));
  });

  it('counts `last` as `first`', async () => {
    expectRefused(await post('query ($n: Int) { links(last: $n) { links(last: $n) { links(last: $n) { depth } } } }', { n: 100 }));
  });

  it('refuses 100 x 100 x 100 nested pages written as literals', async () => {
    const response = await post('{ links(first: 100) { links(first: 100) { links(first: 100) { depth } } } }');
    expectRefused(response);
    expect(response.body.errors[0].extensions.details.cost).toBeGreaterThan(1_000_000);
  });

  it('answers the same shapes with small pages (the control case)', async () => {
    const small = await post(aliasedQuery(30, 'query ($n: Int)', 'links(first: $n) { links(first: $n) { depth } }'), { n: 3 });
    expect(small.status).toBe(200);
    expect(small.body.data.a29).toHaveLength(3);
    const defaults = await post('{ links { links { depth } } }');
    expect(defaults.body.data.links).toHaveLength(20);
  });

  it('answers a variable that does not fit the operation with 400 BAD_USER_INPUT', async () => {
    const response = await post('query ($n: Int) { links(first: $n) { depth } }', { n: 'many' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('cost limit (platform)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p.stop());

  it('refuses the reported query: 30 aliases of nested member pages with first as a variable', async () => {
    const selection =
      'provinces(first: $n) { nodes { counties(first: $n) { nodes { villages(first: $n) { nodes { funds(first: $n) { nodes { members(first: $n) { nodes { id fullName } } } } } } } } } }';
    const query = `query ($n: Int) { ${Array.from({ length: 30 }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
    for (const variables of [{ n: 100 }, {}]) {
      const result = await p.gql(p.national, query, variables);
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    }
  });
});
