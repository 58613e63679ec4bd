import { createHmac } from 'node:crypto';
import request from 'supertest';
import { Role, signGatewayIdentity, verifyGatewayIdentity } from '@funds/auth';
import { FIXTURE_AUTH, FixturePlatform, startFixturePlatform } from './support/fixture-platform';

const WHOAMI = '{ whoami { subject role scopeNodeId requestId } }';

function deepChain(levels: number): string {
  return `{ chain { ${'next { '.repeat(levels)}depth${' }'.repeat(levels)} } }`;
}

describe('gateway', () => {
  let platform: FixturePlatform;
  let adminToken: string;

  beforeAll(async () => {
    platform = await startFixturePlatform();
    adminToken = platform.tokenFor(Role.REGIONAL_ADMIN, 'county-1', 'user-7');
  });
  afterAll(() => platform.stop());
  beforeEach(() => {
    platform.received.length = 0;
  });

  const post = (query: string) => request(platform.gatewayOrigin).post('/graphql').set('content-type', 'application/json').send({ query });

  it('refuses an anonymous data query without calling any subgraph', async () => {
    const response = await post(WHOAMI);
    expect(response.status).toBe(401);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(response.body.errors[0].message).toMatch(/Authorization: Bearer/);
    expect(platform.received).toHaveLength(0);
  });

  it('refuses an anonymous query that mixes introspection and data', async () => {
    const response = await post('{ __typename whoami { role } }');
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(platform.received).toHaveLength(0);
  });

  it('answers anonymous introspection, so the console documentation works', async () => {
    const response = await post('query Docs { __schema { queryType { name } } __type(name: "WhoAmI") { description } }');
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.__schema.queryType.name).toBe('Query');
    expect(response.body.data.__type.description).toMatch(/identity the fixture subgraph received/);
  });

  it.each([
    [
      'a token signed with another secret',
      `Bearer ${signGatewayIdentity({ subject: 'x', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, FIXTURE_AUTH.userTokenSecret)}`,
    ],
    ['garbage', 'Bearer not-a-token'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 INVALID_TOKEN for %s, even for introspection', async (_what, header) => {
    for (const query of [WHOAMI, '{ __typename }']) {
      const response = await post(query).set('authorization', header);
      expect(response.status).toBe(401);
      expect(response.body.errors[0].extensions).toEqual({ code: 'INVALID_TOKEN' });
    }
    expect(platform.received).toHaveLength(0);
  });

  /** An HS256 JWT with exactly these claims (signUserToken always sets exp). */
  function signRaw(claims: Record<string, unknown>, secret: string): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  }

  it.each([
    ['without exp (it would never expire)', {}, /no expiry \(exp\)/],
    ['valid for 30 days', { exp: Math.floor(Date.now() / 1000) + 30 * 24 * 3600 }, /longer than the maximum of 24 h/],
  ])('answers 401 INVALID_TOKEN for a token %s', async (_what, lifetime, message) => {
    const claims = { role: Role.NATIONAL_ADMIN, node: null, iss: 'funds-platform', aud: 'funds-gateway', sub: 'forever' };
    const token = signRaw({ ...claims, iat: Math.floor(Date.now() / 1000), ...lifetime }, FIXTURE_AUTH.userTokenSecret);
    const response = await post(WHOAMI).set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'INVALID_TOKEN' } }]);
    expect(platform.received).toHaveLength(0);
    // The same claims with an 8-hour exp are accepted (the control case).
    const eightHours = signRaw(
      { ...claims, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 8 * 3600 },
      FIXTURE_AUTH.userTokenSecret,
    );
    expect((await post(WHOAMI).set('authorization', `Bearer ${eightHours}`)).body.data.whoami.subject).toBe('forever');
  });

  it('forwards the caller identity signed by the gateway, and the request id', async () => {
    const response = await post(WHOAMI).set('authorization', `Bearer ${adminToken}`).set('x-request-id', 'req-42');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { whoami: { subject: 'user-7', role: 'REGIONAL_ADMIN', scopeNodeId: 'county-1', requestId: 'req-42' } },
    });
    expect(response.headers['x-request-id']).toBe('req-42');
    expect(platform.received).toHaveLength(1);
    const forwarded = platform.received[0]['x-gateway-identity'] as string;
    expect(verifyGatewayIdentity(forwarded, FIXTURE_AUTH.gatewaySecret)).toEqual({
      subject: 'user-7',
      role: 'REGIONAL_ADMIN',
      scopeNodeId: 'county-1',
    });
    expect(forwarded).not.toBe(adminToken);
    expect(platform.received[0].authorization).toBeUndefined();
  });

  describe('a subgraph reached directly', () => {
    const direct = (identityHeader?: string) => {
      const call = request(platform.subgraph.url).post('').set('content-type', 'application/json').send({ query: WHOAMI });
      return identityHeader ? call.set('x-gateway-identity', identityHeader) : call;
    };
    const admin = { subject: 'intruder', role: Role.NATIONAL_ADMIN, scopeNodeId: null };

    it('refuses a request without the gateway header', async () => {
      const response = await direct();
      expect(response.status).toBe(401);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.data).toBeUndefined();
    });

    it('refuses a header signed with another secret, or a user token in its place', async () => {
      for (const header of [signGatewayIdentity(admin, 'some-other-secret'), adminToken]) {
        const response = await direct(header);
        expect(response.status).toBe(401);
        expect(response.body.errors[0].extensions.code).toBe('NOT_FROM_GATEWAY');
      }
    });

    it('answers a header the gateway secret signed (the control case)', async () => {
      const response = await direct(signGatewayIdentity(admin, FIXTURE_AUTH.gatewaySecret));
      expect(response.body.data.whoami.role).toBe('NATIONAL_ADMIN');
    });
  });

  it('masks an internal error: no stack, no SQL, no internal names', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await post('{ broken }').set('authorization', `Bearer ${adminToken}`);
      expect(response.body.errors).toEqual([
        { message: 'Internal server error', path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/fixture_secret_table|stacktrace|serviceName|fixture|at \w+ \(/);
    } finally {
      log.mockRestore();
    }
  });

  it('passes a business error through with its code, field and details only', async () => {
    const response = await post('{ refused }').set('authorization', `Bearer ${adminToken}`);
    expect(response.body.errors).toEqual([
      {
        message: 'Members must be at least 18 years old',
        path: ['refused'],
        extensions: { code: 'NOT_ELIGIBLE_AGE', field: 'dateOfBirth', details: { minimumAge: 18 } },
      },
    ]);
  });

  it('answers SERVICE_UNAVAILABLE (try again), without the subgraph URL, when a subgraph cannot be reached', async () => {
    // A second platform whose subgraph is already gone.
    const other = await startFixturePlatform();
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await other.stopSubgraph();
      const response = await request(other.gatewayOrigin)
        .post('/graphql')
        .set('authorization', `Bearer ${other.tokenFor(Role.NATIONAL_ADMIN, null)}`)
        .send({ query: WHOAMI });
      expect(response.body.errors.map((e: { message: string; extensions: unknown }) => [e.extensions, e.message])).toEqual([
        [{ code: 'SERVICE_UNAVAILABLE' }, 'A service behind the gateway could not be reached; try again in a moment'],
      ]);
      expect(JSON.stringify(response.body)).not.toContain(String(other.subgraph.port));
    } finally {
      log.mockRestore();
      await other.stop();
    }
  });

  describe('an operation that cannot be run', () => {
    const send = (body: Record<string, unknown>, withToken = true) => {
      const call = request(platform.gatewayOrigin).post('/graphql').set('content-type', 'application/json');
      return (withToken ? call.set('authorization', `Bearer ${adminToken}`) : call).send(body);
    };

    it.each([
      [
        'an unknown operationName',
        { query: 'query A { chain { depth } }', operationName: 'Nope' },
        /no operation named "Nope" \(it has A\)/,
      ],
      ['two named operations and no operationName', { query: 'query A { chain { depth } } query B { chain { depth } }' }, /operationName/],
      ['a subscription', { query: 'subscription { chain { depth } }' }, /no subscriptions/],
    ])('answers 400 OPERATION_RESOLUTION_FAILURE for %s, not 500', async (_what, body, message) => {
      for (const withToken of [true, false]) {
        const response = await send(body, withToken);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([
          { message: expect.stringMatching(message), extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
        ]);
      }
      expect(platform.received).toHaveLength(0);
    });

    it('answers 400 with a code for two unnamed operations', async () => {
      const response = await send({ query: '{ chain { depth } } { whoami { role } }' });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(response.body.errors[0].message).toMatch(/anonymous operation must be the only/);
    });

    it('runs the operation operationName names (the control case)', async () => {
      const response = await send({ query: 'query A { chain { depth } } query B { whoami { role } }', operationName: 'B' });
      expect(response.body).toEqual({ data: { whoami: { role: 'REGIONAL_ADMIN' } } });
    });
  });

  describe('query limits', () => {
    const authed = (query: string) => post(query).set('authorization', `Bearer ${adminToken}`);

    it('accepts a query within the depth limit', async () => {
      const response = await authed(deepChain(8));
      expect(response.body.errors).toBeUndefined();
    });

    it('refuses a too-deep query with a code, before any subgraph call', async () => {
      const response = await authed(deepChain(20));
      expect(response.status).toBe(400);
      const errors: { message: string; extensions: { code: string } }[] = response.body.errors;
      expect(errors.map((e) => e.extensions.code)).toEqual(errors.map(() => 'GRAPHQL_VALIDATION_FAILED'));
      expect(errors.some((e) => /depth limit of 12/i.test(e.message))).toBe(true);
      expect(platform.received).toHaveLength(0);
    });

    it('refuses too many aliases, and too many tokens, with a code', async () => {
      const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: chain { depth }`).join(' ')} }`;
      const tooManyAliases = await authed(aliases);
      expect(tooManyAliases.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(tooManyAliases.body.errors[0].message).toMatch(/alias/i);
      expect(tooManyAliases.status).toBe(400);
      const tokens = `{ chain { ${'depth '.repeat(3000)}} }`;
      const tooManyTokens = await authed(tokens);
      expect(tooManyTokens.body.errors[0].extensions.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
      expect(tooManyTokens.body.errors[0].message).toMatch(/token/i);
      expect(tooManyTokens.status).toBe(400);
      expect(platform.received).toHaveLength(0);
    });
  });

  describe('console', () => {
    it('serves a self-contained GraphiQL page to browsers, with the example operations', async () => {
      const response = await request(platform.gatewayOrigin).get('/graphql').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
      const html = response.text;
      for (const operation of ['BrowseCounty', 'CreateFund', 'EnrolMember', 'token-input', 'npm run token -- regional-admin']) {
        expect(html).toContain(operation);
      }
      // Nothing is loaded from elsewhere: no src/href attribute or CSS url() points off the machine.
      expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);
      expect(html).not.toMatch(/fonts\.(googleapis|gstatic)\.com|cdn\.jsdelivr|unpkg\.com|cdnjs/i);
    });

    it('redirects / to the console, and leaves JSON GET requests to GraphQL', async () => {
      const root = await request(platform.gatewayOrigin).get('/');
      expect(root.status).toBe(302);
      expect(root.headers.location).toBe('/graphql');
      const json = await request(platform.gatewayOrigin)
        .get('/graphql')
        .query({ query: '{ __typename }' })
        .set('accept', 'application/json')
        .set('apollo-require-preflight', 'true');
      expect(json.body).toEqual({ data: { __typename: 'Query' } });
    });
  });
});

describe('gateway /health', () => {
  it('is 200 while every subgraph is healthy, 503 naming the failing one after it stops', async () => {
    const platform = await startFixturePlatform();
    try {
      const healthy = await request(platform.gatewayOrigin).get('/health');
      expect(healthy.status).toBe(200);
      expect(healthy.body).toEqual({ status: 'ok', subgraphs: { fixture: 'ok' } });
      await platform.stopSubgraph();
      const down = await request(platform.gatewayOrigin).get('/health');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.subgraphs.fixture).not.toBe('ok');
    } finally {
      await platform.stop();
    }
  });
});
