import request from 'supertest';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';

/**
 * A token whose scope node does not exist is refused by the gateway for every operation (401
 * INVALID_TOKEN), before any subgraph serves it; the answer about a node is cached; when the
 * check itself fails the caller gets 503 SERVICE_UNAVAILABLE, never INVALID_TOKEN.
 */
describe('scope node check', () => {
  let platform: FixturePlatform;
  beforeAll(async () => {
    platform = await startFixturePlatform({ scopeCheck: { subgraph: 'fixture', ttlMs: 2000 } });
  });
  afterAll(() => platform.stop());
  beforeEach(() => {
    platform.received.length = 0;
    platform.scopeChecks.length = 0;
  });

  const post = (token: string, query: string) =>
    request(platform.gatewayOrigin).post('/graphql').set('authorization', `Bearer ${token}`).send({ query });

  it.each([
    ['does not exist', 'missing-county'],
    ['is refused by the hierarchy subgraph', 'refused-county'],
  ])('refuses every operation with 401 INVALID_TOKEN when the scope node %s', async (_what, node) => {
    const token = platform.tokenFor(Role.REGIONAL_ADMIN, node);
    for (const query of ['{ whoami { role } }', '{ chain { depth } }', '{ __schema { queryType { name } } }']) {
      const response = await post(token, query);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        errors: [
          {
            message: `The token's scope node ${node} does not exist, or is not a level its role may be scoped to (docs/permissions.md, scope levels)`,
            extensions: { code: 'INVALID_TOKEN' },
          },
        ],
      });
    }
    expect(platform.received).toHaveLength(0);
    expect(platform.scopeChecks).toEqual([node]); // asked once, then cached
  });

  it('serves a token whose scope node exists, asking once per node and role while the answer is kept', async () => {
    const token = platform.tokenFor(Role.REGIONAL_ADMIN, 'county-9');
    const responses = await Promise.all([1, 2, 3].map(() => post(token, '{ whoami { scopeNodeId } }')));
    for (const response of responses) expect(response.body).toEqual({ data: { whoami: { scopeNodeId: 'county-9' } } });
    expect(platform.scopeChecks).toEqual(['county-9']);
    // Another role at the same node is asked about on its own (whether a node may be a scope depends on the role).
    expect((await post(platform.tokenFor(Role.DASHBOARD_VIEWER, 'county-9', 'other'), '{ chain { depth } }')).status).toBe(200);
    expect(platform.scopeChecks).toEqual(['county-9', 'county-9']);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the 2 s the answer is kept here
    expect((await post(token, '{ chain { depth } }')).status).toBe(200);
    expect(platform.scopeChecks).toEqual(['county-9', 'county-9', 'county-9']);
  });

  it('does not check a national admin, who has no scope node', async () => {
    expect((await post(platform.tokenFor(Role.NATIONAL_ADMIN, null), '{ chain { depth } }')).status).toBe(200);
    expect(platform.scopeChecks).toEqual([]);
  });

  it('answers 503 SERVICE_UNAVAILABLE, not INVALID_TOKEN and not cached, when the check fails like a database error', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const token = platform.tokenFor(Role.REGIONAL_ADMIN, 'broken-county');
      for (let i = 0; i < 2; i++) {
        const response = await post(token, '{ chain { depth } }');
        expect(response.status).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.body).toEqual({
          errors: [{ message: expect.stringMatching(/cannot be checked/), extensions: { code: 'SERVICE_UNAVAILABLE' } }],
        });
        expect(response.text).not.toMatch(/ECONNREFUSED|5432|fixture|database/);
      }
      expect(platform.scopeChecks).toEqual(['broken-county', 'broken-county']);
      expect(platform.received).toHaveLength(0);
    } finally {
      log.mockRestore();
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE when the hierarchy subgraph cannot be reached', async () => {
    const other = await startFixturePlatform();
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await other.stopSubgraph();
      const response = await request(other.gatewayOrigin)
        .post('/graphql')
        .set('authorization', `Bearer ${other.tokenFor(Role.REGIONAL_ADMIN, 'county-1')}`)
        .send({ query: '{ chain { depth } }' });
      expect(response.status).toBe(503);
      expect(response.body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(response.body)).not.toContain(String(other.subgraph.port));
    } finally {
      log.mockRestore();
      await other.stop();
    }
  });
});
