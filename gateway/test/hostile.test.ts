import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { GraphQLSchema, Kind, buildClientSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { Role } from '@funds/auth';
import { loadConfig } from '@funds/config';
import { TestPlatform, ok, startTestPlatform } from '../../test/support/platform';
import { createTree } from '../../services/membership/test/support/factories';
import { loadExamples } from '../src/console/console-page';
import { operationCost } from '../src/cost';

/**
 * Hostile requests against the whole platform in MODE=production (the configuration an operator
 * would run: real secrets, production settings on; development tokens explicitly on, as in a
 * staging setup, so the test can sign its callers). Each is refused with its HTTP status and code,
 * and a counting proxy in front of every subgraph proves that nothing reached one.
 */
const USER_SECRET = 'hostile-test-user-token-secret-0123456789abcdef';
const CONFIG = loadConfig({
  MODE: 'production',
  AUTH_DEV_TOKENS: 'true',
  AUTH_TOKEN_SECRET: USER_SECRET,
  GATEWAY_IDENTITY_SECRET: 'hostile-test-gateway-identity-secret-0123456789abcdef',
});

let p: TestPlatform;
let viewer: string;
let origin: string;

beforeAll(async () => {
  p = await startTestPlatform({ config: CONFIG, countSubgraphRequests: true });
  origin = new URL(p.gatewayUrl).origin;
  const tree = await createTree(p);
  viewer = p.token(Role.DASHBOARD_VIEWER, tree.countyId);
  // The gateway checks a scoped token's node once and keeps the answer: ask it now, so that the
  // hostile requests below are counted alone.
  expect(ok(await p.gql(viewer, '{ viewer { role } }')).viewer.role).toBe('DASHBOARD_VIEWER');
});
afterAll(() => p?.stop());

const post = (token: string | null) => {
  const call = request(origin).post('/graphql');
  return token ? call.set('authorization', `Bearer ${token}`) : call;
};
const json = (token: string | null, body: unknown) => post(token).set('content-type', 'application/json').send(JSON.stringify(body));

/** An HS256 development token with exactly these claims (signUserToken always sets exp). */
function rawDevToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', USER_SECRET).update(unsigned).digest('base64url')}`;
}

const DEEP =
  '{ node(id: "x") { ... on Fund { village { county { province { counties(first: 1) { nodes { villages(first: 1) { nodes { funds(first: 1) { nodes { village { county { province { name } } } } } } } } } } } } } } }';

interface Hostile {
  name: string;
  send: () => request.Test;
  status: number;
  code: string;
  message?: RegExp;
  /** A check of the message or body beyond its code. */
  not?: RegExp;
}

const HOSTILE: Hostile[] = [
  {
    name: 'deep nesting (14 levels)',
    send: () => json(p.national, { query: DEEP }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /depth/i,
  },
  {
    name: 'deep nesting through fragments',
    send: () =>
      json(p.national, {
        query: `{ node(id: "x") { ...F } } fragment F on Fund { village { county { province { counties(first: 1) { nodes { ...C } } } } } } fragment C on County { villages(first: 1) { nodes { funds(first: 1) { nodes { village { county { province { name } } } } } } } }`,
      }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /depth/i,
  },
  {
    name: 'alias flood (31 aliases)',
    send: () => json(p.national, { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /aliases/i,
  },
  {
    name: 'field duplication flood (1,500 times one field)',
    send: () => json(p.national, { query: `{ viewer { ${'role '.repeat(1500)}} }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /repeats fields/,
  },
  {
    name: 'cyclic fragments',
    send: () => json(p.national, { query: '{ ...A } fragment A on Query { viewer { role } ...B } fragment B on Query { ...A }' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot spread fragment "A" within itself/,
  },
  {
    name: 'directive flood (60 directives)',
    send: () => json(p.national, { query: `{ viewer { role ${'@skip(if: false) '.repeat(60)}} }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /directives/i,
  },
  {
    name: 'a huge page (first: 100000)',
    send: () => json(p.national, { query: '{ provinces(first: 100000) { nodes { id } } }' }),
    status: 400,
    code: 'INVALID_PAGE_SIZE',
    message: /more than 100 items/,
  },
  {
    name: 'a huge page in a variable',
    send: () => json(p.national, { query: 'query ($n: Int) { provinces(first: $n) { nodes { id } } }', variables: { n: 100_000 } }),
    status: 400,
    code: 'INVALID_PAGE_SIZE',
  },
  {
    name: '100 x 100 x 100 nested pages',
    send: () =>
      json(p.national, {
        query: '{ provinces(first: 100) { nodes { counties(first: 100) { nodes { villages(first: 100) { nodes { id } } } } } } }',
      }),
    status: 400,
    code: 'COST_LIMIT_EXCEEDED',
  },
  {
    name: 'an oversized body (2 MB)',
    send: () => json(p.national, { query: '{ viewer { role } }', padding: 'x'.repeat(2_000_000) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a mutation over GET',
    send: () =>
      request(origin)
        .get('/graphql')
        .query({ query: 'mutation { createProvince(input: { countryCode: "IR", name: "x" }) { id } }' })
        .set('apollo-require-preflight', 'true')
        .set('authorization', `Bearer ${p.national}`),
    status: 405,
    code: 'BAD_REQUEST',
    message: /GET requests only support query operations/,
  },
  {
    name: 'a CSRF-style simple POST (text/plain)',
    send: () => post(p.national).set('content-type', 'text/plain').send('{"query":"{ viewer { role } }"}'),
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'a CSRF-style simple POST (form)',
    send: () =>
      post(p.national).set('content-type', 'application/x-www-form-urlencoded').send('query=%7B%20viewer%20%7B%20role%20%7D%20%7D'),
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'a simple GET query without a preflight header',
    send: () =>
      request(origin)
        .get('/graphql')
        .query({ query: '{ viewer { role } }' })
        .set('accept', 'application/json')
        .set('authorization', `Bearer ${p.national}`),
    status: 400,
    code: 'BAD_REQUEST',
    message: /Cross-Site Request Forgery/,
  },
  {
    name: 'a batched array',
    send: () =>
      post(p.national).set('content-type', 'application/json').send('[{"query":"{ viewer { role } }"},{"query":"{ viewer { role } }"}]'),
    status: 400,
    code: 'BAD_REQUEST',
    message: /batching/,
  },
  {
    name: 'introspection as a non-admin (dashboard viewer)',
    send: () => json(viewer, { query: '{ __schema { types { name } } }' }),
    status: 403,
    code: 'FORBIDDEN',
    message: /Only national and regional admins/,
  },
  {
    name: 'introspection without a token',
    send: () => json(null, { query: getIntrospectionQuery() }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'a misspelt field, for a suggestion, as a non-admin',
    send: () => json(viewer, { query: '{ viewr { role } provinces { nodes { nam } } }' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot query field "viewr" on type "Query"\.$/,
    not: /Did you mean|Suggestion|"viewer"|"name"/,
  },
  {
    name: 'a misspelt enum value, for a suggestion',
    send: () => json(viewer, { query: '{ provinces(status: [ACTIV]) { nodes { id } } }' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    not: /Did you mean|"ACTIVE"/,
  },
  {
    name: 'a misspelt enum value in a variable, for a suggestion',
    send: () =>
      json(viewer, { query: 'query ($s: [NodeStatus!]) { provinces(status: $s) { nodes { id } } }', variables: { s: ['ACTIV'] } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Value "ACTIV" does not exist in "NodeStatus" enum\.$/,
    not: /Did you mean|"ACTIVE"/,
  },
  {
    name: 'malformed JSON',
    send: () => post(p.national).set('content-type', 'application/json').send('{"query": "{ viewer'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a wrong content type (application/xml)',
    send: () => post(p.national).set('content-type', 'application/xml').send('<query>{ viewer { role } }</query>'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a wrong content type (application/graphql)',
    send: () => post(p.national).set('content-type', 'application/graphql').send('{ viewer { role } }'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a token without exp',
    send: () =>
      json(
        rawDevToken({
          role: 'NATIONAL_ADMIN',
          node: null,
          sub: 'forever',
          iss: 'funds-platform',
          aud: 'funds-gateway',
          iat: Math.floor(Date.now() / 1000),
        }),
        {
          query: '{ viewer { role } }',
        },
      ),
    status: 401,
    code: 'INVALID_TOKEN',
    message: /no expiry/,
  },
  {
    name: 'an unsigned token (alg none)',
    send: () => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const token = `${part({ alg: 'none' })}.${part({ role: 'NATIONAL_ADMIN', sub: 'x', iss: 'funds-platform', aud: 'funds-gateway', iat: now, exp: now + 60 })}.`;
      return json(token, { query: '{ viewer { role } }' });
    },
    status: 401,
    code: 'INVALID_TOKEN',
  },
  {
    name: 'an unknown operationName',
    send: () => json(p.national, { query: 'query A { viewer { role } }', operationName: 'B' }),
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'a subscription',
    send: () => json(p.national, { query: 'subscription { viewer { role } }' }),
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
];

describe('hostile requests in production mode: refused, and nothing reaches a subgraph', () => {
  it.each(HOSTILE.map((h) => [h.name, h] as const))('%s', async (_name, hostile) => {
    const before = p.subgraphRequests();
    const response = await hostile.send();
    const body = JSON.parse(response.text) as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown };
    expect({ status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: hostile.status, code: hostile.code });
    expect(body.data).toBeUndefined();
    if (hostile.message) expect(body.errors?.[0].message).toMatch(hostile.message);
    if (hostile.not) expect(response.text).not.toMatch(hostile.not);
    expect(response.text).not.toMatch(/\bat \w+ \(|node_modules|\/work\/|stack|membership|savings_loan|reporting|127\.0\.0\.1/i);
    expect(p.subgraphRequests() - before).toBe(0);
  });

  it('counts a request that does reach the subgraphs (the control case)', async () => {
    const before = p.subgraphRequests();
    expect(ok(await p.gql(viewer, '{ viewer { role } provinces(first: 5) { totalCount } }')).viewer.role).toBe('DASHBOARD_VIEWER');
    expect(p.subgraphRequests() - before).toBeGreaterThan(0);
  });

  it('lets national and regional admins introspect (the control case)', async () => {
    const schema = ok(await p.gql(p.national, getIntrospectionQuery()));
    expect(schema.__schema.queryType.name).toBe('Query');
  });
});

describe("the console's and the docs' example operations in production mode", () => {
  /** Every example: the console's files and every ```graphql block of docs/api-guide.md. */
  function examples(): { name: string; query: string }[] {
    const guide = readFileSync(join(__dirname, '..', '..', 'docs', 'api-guide.md'), 'utf8');
    const blocks = [...guide.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m, i) => ({ name: `api-guide.md block ${i + 1}`, query: m[1] }));
    return [...loadExamples().map((e, i) => ({ name: `console example ${i + 1}`, query: e.query })), ...blocks];
  }
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = buildClientSchema(ok(await p.gql(p.national, getIntrospectionQuery())));
  });

  it('are all valid, and the queries cost less than the limit even with the largest pages their variables allow', () => {
    const found = examples();
    expect(found.length).toBeGreaterThanOrEqual(10);
    let queries = 0;
    for (const { name, query } of found) {
      const document = parse(query);
      expect([name, validate(schema, document).map((e) => e.message)]).toEqual([name, []]);
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') continue;
      queries += 1;
      // Every variable given: pages at the page limit, ids and texts as any string.
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? []).map((v) => [
          v.variable.name.value,
          v.variable.name.value === 'first' ? CONFIG.QUERY_MAX_PAGE_SIZE : 'x',
        ]),
      );
      const cost = operationCost(schema, document, variables);
      expect([name, cost, cost <= CONFIG.QUERY_MAX_COST]).toEqual([name, cost, true]);
    }
    expect(queries).toBeGreaterThanOrEqual(7);
  });

  it('are let through by the gateway (no limit refuses them)', async () => {
    const tree = await createTree(p);
    const variables = { id: tree.countyId, countyId: tree.countyId, fundId: tree.fundId, first: 20 };
    for (const { name, query } of examples().filter((e) => /^\s*(#.*\n\s*)*query\b/.test(e.query))) {
      const result = await p.gql(p.national, query, variables);
      expect([name, result.status, result.errors?.map((e) => e.extensions?.code)]).toEqual([name, 200, undefined]);
    }
  });
});
