import { connect } from 'node:net';
import request from 'supertest';
import { Role } from '@funds/auth';
import { loadConfig } from '@funds/config';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { DEVELOPMENT_SECURITY, GatewaySecurity, gatewayOptionsFrom, securityFrom } from '../src/config';

/**
 * MODE=production's settings at the gateway, each also a setting of its own (packages/config),
 * through the real gateway over HTTP in front of the fixture subgraph.
 */
const PRODUCTION_ENV = {
  MODE: 'production',
  GATEWAY_IDENTITY_SECRET: 'production-test-gateway-identity-secret-0123456789',
  OIDC_ISSUER: 'https://idp.example.org/realms/funds',
  OIDC_AUDIENCE: 'funds-gateway',
};
const PRODUCTION: GatewaySecurity = securityFrom(loadConfig(PRODUCTION_ENV));

const started: FixturePlatform[] = [];
async function platformWith(security: Partial<GatewaySecurity>): Promise<FixturePlatform> {
  const platform = await startFixturePlatform({ security: { ...PRODUCTION, ...security }, rateLimit: false });
  started.push(platform);
  return platform;
}
afterAll(async () => {
  for (const platform of started) await platform.stop();
});

const post = (p: FixturePlatform, token: string | null, body: unknown) => {
  const call = request(p.gatewayOrigin).post('/graphql').set('content-type', 'application/json');
  return (token ? call.set('authorization', `Bearer ${token}`) : call).send(JSON.stringify(body));
};
const codeOf = (response: request.Response) =>
  (response.body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

describe('MODE=production', () => {
  it('turns on admin-only introspection, no suggestions, CSRF prevention, a 10 s time limit and the query limits', () => {
    expect(gatewayOptionsFrom(loadConfig(PRODUCTION_ENV)).security).toEqual({
      introspection: 'admins',
      fieldSuggestions: false,
      csrfPrevention: true,
      bodyLimitBytes: 1024 * 1024,
      requestTimeoutMs: 10_000,
      limits: { maxDepth: 12, maxAliases: 30, maxDirectives: 50, maxTokens: 2000, maxCost: 20_000, maxPageSize: 100 },
    });
    expect(DEVELOPMENT_SECURITY).toMatchObject({ introspection: 'open', fieldSuggestions: true, requestTimeoutMs: 30_000 });
  });

  it('reads each setting on its own', () => {
    const security = securityFrom(
      loadConfig({
        ...PRODUCTION_ENV,
        INTROSPECTION: 'off',
        REQUEST_TIMEOUT_MS: '2500',
        REQUEST_BODY_LIMIT_BYTES: '4096',
        QUERY_MAX_DEPTH: '5',
        QUERY_MAX_ALIASES: '3',
        QUERY_MAX_DIRECTIVES: '4',
        QUERY_MAX_TOKENS: '500',
        QUERY_MAX_COST: '900',
        QUERY_MAX_PAGE_SIZE: '25',
      }),
    );
    expect(security).toMatchObject({
      introspection: 'off',
      requestTimeoutMs: 2500,
      bodyLimitBytes: 4096,
      limits: { maxDepth: 5, maxAliases: 3, maxDirectives: 4, maxTokens: 500, maxCost: 900, maxPageSize: 25 },
    });
  });
});

describe('introspection', () => {
  let p: FixturePlatform;
  beforeAll(async () => {
    p = await platformWith({});
  });
  const SCHEMA = '{ __schema { queryType { name } } }';

  it.each<[string, Role | null, string | null, number, string | undefined]>([
    ['anonymous', null, null, 401, 'UNAUTHENTICATED'],
    ['a dashboard viewer', Role.DASHBOARD_VIEWER, 'county-1', 403, 'FORBIDDEN'],
    ['a fund officer', Role.FUND_OFFICER, 'fund-1', 403, 'FORBIDDEN'],
    ['a regional admin', Role.REGIONAL_ADMIN, 'county-1', 200, undefined],
    ['a national admin', Role.NATIONAL_ADMIN, null, 200, undefined],
  ])('INTROSPECTION=admins: %s', async (_who, role, node, status, code) => {
    const token = role ? p.tokenFor(role, node) : null;
    for (const query of [
      SCHEMA,
      '{ __type(name: "Query") { name } }',
      '{ chain { depth } ...F } fragment F on Query { __type(name: "Link") { name } }',
    ]) {
      const response = await post(p, token, { query });
      expect({ query, status: response.status, code: codeOf(response) }).toEqual({ query, status, code });
    }
  });

  it('INTROSPECTION=admins still answers __typename to anyone who may ask for data', async () => {
    const response = await post(p, p.tokenFor(Role.FUND_OFFICER, 'fund-1'), { query: '{ __typename chain { __typename depth } }' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ __typename: 'Query', chain: { __typename: 'Link', depth: 0 } });
  });

  it('INTROSPECTION=off refuses even a national admin; open lets anyone in (development)', async () => {
    const off = await platformWith({ introspection: 'off' });
    const refused = await post(off, off.tokenFor(Role.NATIONAL_ADMIN, null), { query: SCHEMA });
    expect({ status: refused.status, code: codeOf(refused) }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const open = await platformWith({ introspection: 'open' });
    expect((await post(open, null, { query: SCHEMA })).status).toBe(200);
  });
});

describe('field suggestions', () => {
  const TYPO = { query: '{ chian { depth } }' };
  it('are cut from every message in production', async () => {
    const p = await platformWith({});
    const response = await post(p, p.tokenFor(Role.NATIONAL_ADMIN, null), TYPO);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        message: 'Cannot query field "chian" on type "Query".',
        locations: expect.any(Array),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });
  it('are given in development (FIELD_SUGGESTIONS=true)', async () => {
    const p = await platformWith({ fieldSuggestions: true });
    const response = await post(p, p.tokenFor(Role.NATIONAL_ADMIN, null), TYPO);
    expect(response.body.errors[0].message).toMatch(/Did you mean "chain"\?$/);
  });
});

describe('request time limit', () => {
  let p: FixturePlatform;
  let token: string;
  beforeAll(async () => {
    // Long enough that the fetch to the subgraph is under way when the limit strikes, even on a
    // loaded machine (at 400 ms a CI run once gave up before the fetch had reached the subgraph).
    p = await platformWith({ requestTimeoutMs: 1200 });
    token = p.tokenFor(Role.NATIONAL_ADMIN, null);
  });

  it('answers an operation over the limit with 504 TIMEOUT at the limit, and aborts the subgraph fetch', async () => {
    const startedAt = Date.now();
    const response = await post(p, token, { query: '{ slow(ms: 5000) }' });
    const took = Date.now() - startedAt;
    expect(response.status).toBe(504);
    expect(response.body).toEqual({
      errors: [
        { message: expect.stringMatching(/longer than the limit of 1200 ms/), extensions: { code: 'TIMEOUT', details: { limitMs: 1200 } } },
      ],
    });
    expect(took).toBeLessThan(4000);
    const requestId = response.headers['x-request-id'] as string;
    expect(requestId).toEqual(expect.any(String));
    // The subgraph saw the gateway give up on its request long before it would have answered.
    await waitFor(() => p.abandoned.includes(requestId));
  });

  it('answers a client that never finishes sending its body with 504 TIMEOUT', async () => {
    const { port } = new URL(p.gatewayOrigin);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: 100\r\n\r\n{"query":`,
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, 3000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 504/);
    expect(answer).toContain('"code":"TIMEOUT"');
  });

  it('answers an operation within the limit (the control case)', async () => {
    const response = await post(p, token, { query: '{ slow(ms: 20) }' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ slow: 20 });
  });
});

describe('other settings', () => {
  it('REQUEST_BODY_LIMIT_BYTES: a larger body is refused with 413 PAYLOAD_TOO_LARGE', async () => {
    const p = await platformWith({ bodyLimitBytes: 2048 });
    const response = await post(p, p.tokenFor(Role.NATIONAL_ADMIN, null), { query: `{ chain { depth } } # ${'x'.repeat(3000)}` });
    expect({ status: response.status, code: codeOf(response), details: response.body.errors[0].extensions.details }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      details: { limit: 2048 },
    });
    expect(p.received).toHaveLength(0);
  });

  it('CSRF_PREVENTION: on, a GET without a preflight header is refused; off, it is served', async () => {
    const get = (p: FixturePlatform) =>
      request(p.gatewayOrigin)
        .get('/graphql')
        .query({ query: '{ chain { depth } }' })
        .set('accept', 'application/json')
        .set('authorization', `Bearer ${p.tokenFor(Role.NATIONAL_ADMIN, null)}`);
    const on = await platformWith({});
    const refused = await get(on);
    expect({ status: refused.status, code: codeOf(refused) }).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(refused.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    expect(on.received).toHaveLength(0);
    const off = await platformWith({ csrfPrevention: false });
    expect((await get(off)).status).toBe(200);
  });

  it.each<[string, Partial<GatewaySecurity['limits']>, string, string, string]>([
    [
      'QUERY_MAX_DEPTH',
      { maxDepth: 3 },
      '{ chain { next { next { next { depth } } } } }',
      'GRAPHQL_VALIDATION_FAILED',
      '{ chain { next { depth } } }',
    ],
    [
      'QUERY_MAX_ALIASES',
      { maxAliases: 2 },
      '{ a: chain { depth } b: chain { depth } c: chain { depth } }',
      'GRAPHQL_VALIDATION_FAILED',
      '{ a: chain { depth } b: chain { depth } }',
    ],
    [
      'QUERY_MAX_DIRECTIVES',
      { maxDirectives: 2 },
      '{ chain { depth @skip(if: false) @skip(if: false) @skip(if: false) } }',
      'GRAPHQL_VALIDATION_FAILED',
      '{ chain { depth @skip(if: false) } }',
    ],
    ['QUERY_MAX_TOKENS', { maxTokens: 20 }, `{ chain { ${'depth '.repeat(20)}} }`, 'GRAPHQL_PARSE_FAILED', '{ chain { depth } }'],
    [
      'QUERY_MAX_COST',
      { maxCost: 50 },
      '{ links(first: 10) { links(first: 10) { depth } } }',
      'COST_LIMIT_EXCEEDED',
      '{ links(first: 2) { links(first: 2) { depth } } }',
    ],
    ['QUERY_MAX_PAGE_SIZE', { maxPageSize: 10 }, '{ links(first: 11) { depth } }', 'INVALID_PAGE_SIZE', '{ links(first: 10) { depth } }'],
  ])('%s is the limit the gateway holds operations to', async (_setting, limits, over, code, within) => {
    const p = await platformWith({ limits: { ...PRODUCTION.limits, ...limits } });
    const token = p.tokenFor(Role.NATIONAL_ADMIN, null);
    const refused = await post(p, token, { query: over });
    expect({ status: refused.status, code: codeOf(refused) }).toEqual({ status: 400, code });
    expect(p.received).toHaveLength(0);
    const served = await post(p, token, { query: within });
    expect(served.status).toBe(200);
  });

  it('refuses a page over the limit given as a variable, with the field and the limit', async () => {
    const p = await platformWith({});
    const response = await post(p, p.tokenFor(Role.NATIONAL_ADMIN, null), {
      query: 'query ($n: Int) { chain { links(last: $n) { depth } } }',
      variables: { n: 100_000 },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toEqual({
      message: 'links(last: 100000) asks for more than 100 items: page through the list with after',
      extensions: { code: 'INVALID_PAGE_SIZE', field: 'last', details: { field: 'links', size: 100_000, limit: 100 } },
    });
    expect(p.received).toHaveLength(0);
  });

  it('masks internal errors in production as in development', async () => {
    const p = await platformWith({});
    const response = await post(p, p.tokenFor(Role.NATIONAL_ADMIN, null), { query: '{ broken }' });
    expect(response.body.errors).toEqual([
      { message: 'Internal server error', path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/fixture_secret_table|relation/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
