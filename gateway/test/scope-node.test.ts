import { randomUUID } from 'node:crypto';
import { Role } from '@funds/auth';
import { TestPlatform, ok, startTestPlatform } from '../../test/support/platform';
import { createTree } from '../../services/membership/test/support/factories';

/**
 * Through the real platform: a token scoped to a node that does not exist used to get HTTP 200
 * from every subgraph but membership. Now the gateway refuses it with 401 for every operation,
 * whichever subgraph serves it; and a database error while checking is 503, never INVALID_TOKEN.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

/** One operation for each subgraph. */
const OPERATIONS = {
  membership: '{ countries { code } }',
  savings_loan: '{ savingsLoanStatus { service } }',
  reporting: '{ reportingStatus { service } }',
};

it.each(Object.entries(OPERATIONS))('refuses a token whose scope node does not exist with 401, for %s', async (_subgraph, query) => {
  for (const role of [Role.REGIONAL_ADMIN, Role.DASHBOARD_VIEWER]) {
    const node = randomUUID();
    const result = await p.gql(p.token(role, node), query);
    expect(result.status).toBe(401);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      {
        message: `The token's scope node ${node} does not exist, or is not a level its role may be scoped to (docs/permissions.md, scope levels)`,
        extensions: { code: 'INVALID_TOKEN' },
      },
    ]);
  }
});

it('refuses a token scoped to an id that is no node the same way', async () => {
  const result = await p.gql(p.token(Role.REGIONAL_ADMIN, 'not-a-node-id'), OPERATIONS.reporting);
  expect(result.status).toBe(401);
  expect(result.errors?.[0].extensions).toEqual({ code: 'INVALID_TOKEN' });
});

it('serves a token whose scope node exists, on every subgraph (the control case)', async () => {
  const tree = await createTree(p);
  const token = p.token(Role.REGIONAL_ADMIN, tree.countyId);
  for (const query of Object.values(OPERATIONS)) expect(ok(await p.gql(token, query))).toBeTruthy();
  expect(ok(await p.gql(token, '{ viewer { scopeNode { id } } }')).viewer.scopeNode.id).toBe(tree.countyId);
});

it('answers 503 SERVICE_UNAVAILABLE, never INVALID_TOKEN, when the database cannot be read during the check', async () => {
  const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const tree = await createTree(p);
  await p.membershipAppDb.destroy();
  try {
    const result = await p.gql(p.token(Role.REGIONAL_ADMIN, tree.villageId), OPERATIONS.reporting);
    expect(result.status).toBe(503);
    expect(result.errors).toEqual([{ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
  } finally {
    await p.membershipAppDb.initialize();
    log.mockRestore();
  }
  // Not remembered as missing: once the database is back the same token is served.
  expect(ok(await p.gql(p.token(Role.REGIONAL_ADMIN, tree.villageId), OPERATIONS.reporting)).reportingStatus.service).toBeTruthy();
});
