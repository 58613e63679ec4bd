import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, failure, ok, startTestPlatform } from '../support/platform';
import { Tree, buildMember, createTree, enrol } from '../../services/membership/test/support/factories';

/**
 * Partner apps' API keys through the whole platform (issue 6): a national or regional admin
 * creates a key at a node of its scope, the key is shown once and stored as the SHA-256 of its
 * secret, the partner app sends it to the gateway and acts as PARTNER_APP at that node with the
 * key's grants; an expired key is refused, a revoked key from the very next request.
 */
let p: TestPlatform;
let north: Tree;
let south: Tree;
let partnerId: string;
let memberId: string;
let vietnamesePartnerId: string;

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const KEY_FIELDS = `id name nodeId nodeLevel grants createdBy createdAt expiresAt revokedAt revokedBy lastUsedAt status partner { id name }`;
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${KEY_FIELDS} } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id status revokedAt revokedBy } }`;
const LIST = `query($nodeId: ID, $after: String) { apiKeys(first: 2, nodeId: $nodeId, after: $after) { totalCount nodes { id nodeId status } pageInfo { hasNextPage endCursor } } }`;
const VIEWER = '{ viewer { subject role scopeNode { id } } }';

interface Created {
  key: string;
  apiKey: { id: string; status: string; lastUsedAt: string | null; [field: string]: unknown };
}

const create = (input: Record<string, unknown>, token = p.national) =>
  p.gql<{ createApiKey: Created }>(token, CREATE, {
    input: { partnerId, name: 'Bank portfolio app', grants: ['PORTFOLIO_READ'], expiresAt: inDays(90), ...input },
  });
const createKey = async (input: Record<string, unknown>, token = p.national) => ok(await create(input, token)).createApiKey;
const listIds = async (token: string, nodeId?: string): Promise<string[]> => {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = ok(
      await p.gql(token, LIST, { nodeId, after }),
    ).apiKeys;
    ids.push(...page.nodes.map((n) => n.id));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return ids;
};
/** A request through the gateway with the key in X-Api-Key instead of Authorization. */
const withHeader = async (key: string, query: string): Promise<GraphQLResult> => {
  const res = await request(p.gatewayUrl.replace(/\/graphql$/, ''))
    .post('/graphql')
    .set('x-api-key', key)
    .send({ query });
  return { status: res.status, ...res.body };
};

beforeAll(async () => {
  p = await startTestPlatform();
  north = await createTree(p);
  south = await createTree(p);
  memberId = ok(await enrol(p, north.fundId, { groupId: north.groupId })).enrolMember.id;
  partnerId = ok(
    await p.gql(p.national, 'mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }', {
      input: { name: 'بانک کشاورزی', kind: 'BANK' },
    }),
  ).createPartner.id;
  vietnamesePartnerId = ok(
    await p.gql(p.national, 'mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }', {
      input: { name: 'Ngân hàng Chính sách', kind: 'BANK', countryCode: 'VN' },
    }),
  ).createPartner.id;
});
afterAll(() => p.stop());

describe('a key is created, shown once and stored hashed', () => {
  let created: Created;
  beforeAll(async () => {
    created = await createKey({ nodeId: north.countyId });
  });

  it('answers the key once, as fk_<id>_<43 characters of base64url>, with its record', () => {
    const { key, apiKey } = created;
    expect(key).toMatch(new RegExp(`^fk_${apiKey.id}_[A-Za-z0-9_-]{43}$`));
    expect(apiKey).toMatchObject({
      name: 'Bank portfolio app',
      nodeId: north.countyId,
      nodeLevel: 'COUNTY',
      grants: ['PORTFOLIO_READ'],
      createdBy: 'test-national_admin',
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
      status: 'ACTIVE',
      partner: { id: partnerId, name: 'بانک کشاورزی' },
    });
  });

  it('stores only the SHA-256 of the secret, with the node and its ancestry', async () => {
    const secret = created.key.slice(`fk_${created.apiKey.id}_`.length);
    const [row] = await p.membershipDb.query(`SELECT * FROM membership.api_key WHERE id = $1`, [created.apiKey.id]);
    expect(row.secret_hash).toEqual(createHash('sha256').update(secret).digest());
    expect(row).toMatchObject({ node_id: north.countyId, province_id: north.provinceId, county_id: north.countyId, village_id: null });
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('cannot be read again: no field of ApiKey holds it or its hash, and the list does not show it', async () => {
    const supergraph = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const apiKeyType = /\ntype ApiKey\b[^{]*\{([^}]*)\}/.exec(supergraph)![1];
    expect(apiKeyType).not.toMatch(/\b(key|secret|hash|secretHash)\s*:/);
    const listed = ok(await p.gql(p.national, `{ apiKeys(first: 50) { nodes { ${KEY_FIELDS} } } }`));
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(-43));
    expect(listed.apiKeys.nodes.map((k: { id: string }) => k.id)).toContain(created.apiKey.id);
  });

  it('is audited under its node without the key', async () => {
    const events = ok(
      await p.gql(p.national, `{ auditEvents(first: 20, operation: "createApiKey") { nodes { outcome targetId targetLevel arguments } } }`),
    ).auditEvents.nodes;
    const event = events.find((e: { targetId: string }) => e.targetId === created.apiKey.id);
    expect(event).toMatchObject({ outcome: 'OK', targetLevel: 'API_KEY', arguments: { input: { nodeId: north.countyId } } });
    expect(JSON.stringify(events)).not.toContain(created.key.slice(-43));
  });
});

describe('a PORTFOLIO_READ key at a county', () => {
  let created: Created;
  beforeAll(async () => {
    created = await createKey({ nodeId: north.countyId });
  });

  it('acts as a PARTNER_APP at its node, as Bearer or X-Api-Key, and records when it was used', async () => {
    const expected = { subject: `apikey:${created.apiKey.id}`, role: Role.PARTNER_APP, scopeNode: { id: north.countyId } };
    expect(ok(await p.gql(created.key, VIEWER)).viewer).toEqual(expected);
    expect(ok(await withHeader(created.key, VIEWER)).viewer).toEqual(expected);
    const [row] = await p.membershipDb.query(`SELECT last_used_at FROM membership.api_key WHERE id = $1`, [created.apiKey.id]);
    expect(row.last_used_at).not.toBeNull();
  });

  it('reads the hierarchy and counts under its node', async () => {
    const data = ok(
      await p.gql(created.key, `query($id: ID!) { node(id: $id) { id ... on Fund { name stats { members } } } }`, { id: north.fundId }),
    );
    expect(data.node).toMatchObject({ id: north.fundId, stats: { members: 1 } });
  });

  it('sees nothing outside its node', async () => {
    const answer = await p.gql(created.key, `query($id: ID!) { node(id: $id) { id } }`, { id: south.fundId });
    expect(ok(answer).node).toBeNull();
  });

  it("is refused members' personal data and every write", async () => {
    expect(
      failure(await p.gql(created.key, `query($id: ID!) { node(id: $id) { id ... on Member { fullName } } }`, { id: memberId })).code,
    ).toBe('FORBIDDEN');
    const members = await p.gql(created.key, `query($id: ID!) { node(id: $id) { ... on Fund { members { totalCount } } } }`, {
      id: north.fundId,
    });
    expect(failure(members).code).toBe('FORBIDDEN');
    expect(failure(await enrol(p, north.fundId, { groupId: north.groupId }, created.key)).code).toBe('FORBIDDEN');
  });

  it('never manages keys nor reads the audit log', async () => {
    expect(failure(await create({ nodeId: north.fundId }, created.key)).code).toBe('FORBIDDEN');
    expect(failure(await p.gql(created.key, LIST, {})).code).toBe('FORBIDDEN');
    expect(failure(await p.gql(created.key, REVOKE, { id: created.apiKey.id })).code).toBe('FORBIDDEN');
    expect(failure(await p.gql(created.key, '{ auditEvents(first: 1) { totalCount } }')).code).toBe('FORBIDDEN');
  });
});

describe('a FUND_WRITE key', () => {
  it('is granted on a fund only', async () => {
    const refused = failure(await create({ nodeId: north.villageId, grants: ['FUND_WRITE'] }));
    expect(refused).toMatchObject({
      code: 'API_KEY_GRANT_NOT_ALLOWED',
      field: 'grants',
      details: { grant: 'FUND_WRITE', nodeLevel: 'VILLAGE' },
    });
  });

  it("does what a fund officer does in its fund, and nothing in another's", async () => {
    const { key } = await createKey({ nodeId: north.fundId, grants: ['FUND_WRITE'] });
    // It selects what it may read (a FUND_WRITE app reads no personal data, docs/permissions.md).
    const enrolled = ok(
      await p.gql(key, 'mutation($input: EnrolMemberInput!) { enrolMember(input: $input) { id fund { id } } }', {
        input: buildMember(north.fundId, { groupId: north.groupId }),
      }),
    ).enrolMember;
    expect(enrolled).toEqual({ id: expect.any(String), fund: { id: north.fundId } });
    expect(failure(await enrol(p, south.fundId, { groupId: south.groupId }, key))).toMatchObject({ code: 'NOT_FOUND', field: 'fundId' });
  });
});

describe('expiry and revocation', () => {
  it('refuses an expired key with 401 API_KEY_EXPIRED, and lists it EXPIRED', async () => {
    const { key, apiKey } = await createKey({ nodeId: north.fundId });
    expect(ok(await p.gql(key, VIEWER)).viewer.role).toBe(Role.PARTNER_APP);
    await p.membershipDb.query(
      `UPDATE membership.api_key SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1`,
      [apiKey.id],
    );
    const refused = await p.gql(key, VIEWER);
    expect(refused.status).toBe(401);
    expect(failure(refused).code).toBe('API_KEY_EXPIRED');
    const listed = ok(await p.gql(p.national, LIST, { nodeId: north.fundId })).apiKeys.nodes;
    expect(listed.find((k: { id: string }) => k.id === apiKey.id).status).toBe('EXPIRED');
  });

  it('refuses a revoked key from the very next request, with 401 API_KEY_REVOKED', async () => {
    const { key, apiKey } = await createKey({ nodeId: north.fundId });
    expect(ok(await p.gql(key, VIEWER)).viewer.subject).toBe(`apikey:${apiKey.id}`);
    const revoked = ok(await p.gql(p.national, REVOKE, { id: apiKey.id })).revokeApiKey;
    expect(revoked).toEqual({ id: apiKey.id, status: 'REVOKED', revokedAt: expect.any(String), revokedBy: 'test-national_admin' });
    const refused = await p.gql(key, VIEWER);
    expect(refused.status).toBe(401);
    expect(failure(refused).code).toBe('API_KEY_REVOKED');
    expect(failure(await withHeader(key, VIEWER)).code).toBe('API_KEY_REVOKED');
    // Revoking again says so.
    expect(failure(await p.gql(p.national, REVOKE, { id: apiKey.id }))).toMatchObject({ code: 'API_KEY_REVOKED', field: 'id' });
  });

  it('answers INVALID_TOKEN, alike, for a malformed key, an unknown id and a wrong secret (even of a revoked key)', async () => {
    const { key, apiKey } = await createKey({ nodeId: north.fundId });
    const wrongSecret = `fk_${apiKey.id}_${'A'.repeat(43)}`;
    const unknownId = key.replace(apiKey.id, '00000000-0000-7000-8000-000000000000');
    for (const bad of ['fk_nonsense', unknownId, wrongSecret]) {
      const refused = await p.gql(bad, VIEWER);
      expect([refused.status, failure(refused).code]).toEqual([401, 'INVALID_TOKEN']);
    }
    ok(await p.gql(p.national, REVOKE, { id: apiKey.id }));
    expect(failure(await p.gql(wrongSecret, VIEWER)).code).toBe('INVALID_TOKEN');
  });
});

describe('admins manage keys within their scope', () => {
  let regional: string;
  let southKey: Created;
  let provinceKey: Created;
  beforeAll(async () => {
    regional = p.token(Role.REGIONAL_ADMIN, north.countyId, 'regional-north');
    southKey = await createKey({ nodeId: south.fundId });
    provinceKey = await createKey({ nodeId: north.provinceId });
  });

  it('a regional admin creates a key at or below its node, not outside it', async () => {
    const mine = await createKey({ nodeId: north.villageId }, regional);
    expect(mine.apiKey).toMatchObject({ nodeId: north.villageId, createdBy: 'regional-north' });
    expect(failure(await create({ nodeId: south.fundId }, regional))).toMatchObject({ code: 'NOT_FOUND', field: 'nodeId' });
    // Above its node is outside it too.
    expect(failure(await create({ nodeId: north.provinceId }, regional))).toMatchObject({ code: 'NOT_FOUND', field: 'nodeId' });
  });

  it('lists only the keys of its scope, and nothing under a node outside it', async () => {
    const ids = await listIds(regional);
    expect(ids.length).toBeGreaterThan(2);
    expect(ids).not.toContain(southKey.apiKey.id);
    expect(ids).not.toContain(provinceKey.apiKey.id);
    const [{ n }] = await p.membershipDb.query(`SELECT count(*)::int AS n FROM membership.api_key WHERE county_id = $1`, [north.countyId]);
    expect(ids).toHaveLength(n);
    expect(ok(await p.gql(regional, LIST, {})).apiKeys.totalCount).toBe(n);
    expect(failure(await p.gql(regional, LIST, { nodeId: south.countyId }))).toMatchObject({ code: 'NOT_FOUND', field: 'nodeId' });
    // The national admin sees them all, and a node's filter keeps the keys under it.
    expect(await listIds(p.national, south.provinceId)).toEqual([southKey.apiKey.id]);
    const edges = ok(await p.gql(p.national, `query($n: ID) { apiKeys(nodeId: $n) { edges { cursor node { id } } } }`, { n: south.fundId }))
      .apiKeys.edges;
    expect(edges).toEqual([{ cursor: expect.any(String), node: { id: southKey.apiKey.id } }]);
  });

  it('revokes only the keys of its scope', async () => {
    expect(failure(await p.gql(regional, REVOKE, { id: southKey.apiKey.id }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(failure(await p.gql(regional, REVOKE, { id: provinceKey.apiKey.id }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(ok(await p.gql(southKey.key, VIEWER)).viewer.role).toBe(Role.PARTNER_APP);
    const inScope = await createKey({ nodeId: north.fundId });
    expect(ok(await p.gql(regional, REVOKE, { id: inScope.apiKey.id })).revokeApiKey.revokedBy).toBe('regional-north');
  });

  it('officers and viewers manage no keys', async () => {
    const officer = p.token(Role.FUND_OFFICER, north.fundId);
    const viewer = p.token(Role.DASHBOARD_VIEWER, north.countyId);
    for (const token of [officer, viewer]) {
      expect(failure(await create({ nodeId: north.fundId }, token)).code).toBe('FORBIDDEN');
      expect(failure(await p.gql(token, LIST, {})).code).toBe('FORBIDDEN');
    }
  });
});

describe('the key follows its node', () => {
  it('a move carries the key (its ancestry), and a node with a key, even revoked, cannot be deleted', async () => {
    const county = ok(
      await p.gql(p.national, 'mutation($i: CreateCountyInput!) { createCounty(input: $i) { id } }', {
        i: { provinceId: north.provinceId, name: 'شهرستان کلیدها' },
      }),
    ).createCounty.id;
    const village = ok(
      await p.gql(p.national, 'mutation($i: CreateVillageInput!) { createVillage(input: $i) { id } }', {
        i: { countyId: county, name: 'روستای کلیدها' },
      }),
    ).createVillage.id;
    const fund = ok(
      await p.gql(p.national, 'mutation($i: CreateFundInput!) { createFund(input: $i) { id } }', {
        i: { villageId: north.villageId, name: 'صندوق کلیدها', methodology: 'SAVINGS_GROUP', foundedOn: '2025-01-01' },
      }),
    ).createFund.id;
    const { key, apiKey } = await createKey({ nodeId: fund });
    ok(await p.gql(p.national, 'mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }', { f: fund, v: village }));
    const [row] = await p.membershipDb.query(`SELECT county_id, village_id FROM membership.api_key WHERE id = $1`, [apiKey.id]);
    expect(row).toEqual({ county_id: county, village_id: village });
    // The new county's admin manages it now; the old county's no longer sees it.
    expect(await listIds(p.token(Role.REGIONAL_ADMIN, county, 'regional-new'))).toEqual([apiKey.id]);
    expect(await listIds(p.token(Role.REGIONAL_ADMIN, north.countyId, 'regional-north'))).not.toContain(apiKey.id);
    expect(ok(await p.gql(key, VIEWER)).viewer.scopeNode).toEqual({ id: fund });
    ok(await p.gql(p.national, REVOKE, { id: apiKey.id }));
    const deleted = await p.gql(p.national, 'mutation($id: ID!) { deleteNode(id: $id) }', { id: fund });
    expect(failure(deleted)).toMatchObject({ code: 'NODE_NOT_EMPTY', field: 'id' });
  });
});

describe('bad input, each with its code', () => {
  it.each([
    ['an expiry in the past', { expiresAt: inDays(-1) }, 'INVALID_EXPIRY', 'expiresAt'],
    ['an expiry beyond 366 days', { expiresAt: inDays(367) }, 'INVALID_EXPIRY', 'expiresAt'],
    ['an unknown partner', { partnerId: '00000000-0000-7000-8000-000000000000' }, 'NOT_FOUND', 'partnerId'],
    ['an unknown node', { nodeId: '00000000-0000-7000-8000-000000000000' }, 'NOT_FOUND', 'nodeId'],
    ['a partner of another country', { partnerId: 'VN' }, 'PARTNER_COUNTRY_MISMATCH', 'nodeId'],
    ['a member as the node', {}, 'NOT_FOUND', 'nodeId'],
    ['no grant', { grants: [] }, 'INVALID_INPUT', 'grants'],
    ['a blank name', { name: '   ' }, 'INVALID_INPUT', 'name'],
  ])('%s', async (_what, input, code, field) => {
    const [{ n: before }] = await p.membershipDb.query(`SELECT count(*)::int AS n FROM membership.api_key`);
    const given: Record<string, unknown> = _what === 'a member as the node' ? { nodeId: memberId } : { nodeId: north.fundId, ...input };
    if (given.partnerId === 'VN') given.partnerId = vietnamesePartnerId;
    expect(failure(await create(given))).toMatchObject({ code, field });
    const [{ n: after }] = await p.membershipDb.query(`SELECT count(*)::int AS n FROM membership.api_key`);
    expect(after).toBe(before);
  });

  it('an unknown key id to revoke is NOT_FOUND', async () => {
    expect(failure(await p.gql(p.national, REVOKE, { id: 'nope' }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});

describe('the internal check', () => {
  it('answers only the gateway (its signature of the key)', async () => {
    const { key } = await createKey({ nodeId: north.fundId });
    const res = await request(p.membershipUrl.replace(/\/graphql$/, ''))
      .post('/internal/api-keys/check')
      .set('x-gateway-signature', 'f'.repeat(64))
      .send({ key });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('NOT_FROM_GATEWAY');
    expect(JSON.stringify(res.body)).not.toContain('identity');
  });
});
