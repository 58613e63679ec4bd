import request from 'supertest';
import { PartnerGrant, Role, authConfigFromEnv, signUserToken } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, buildMember, createTree, op } from './support/factories';

/**
 * The audit log: every mutation leaves one row (who, which operation, the target and its
 * ancestry, the arguments with personal data masked, the request id, the outcome), written with
 * the change or, for a refusal, on its own; the application role can only append to it; admins
 * read it within their scope.
 */
let p: TestPlatform;
let north: Tree;
let south: Tree;
let northAdmin: string;

interface Row {
  subject: string;
  role: string;
  grants: string[];
  operation: string;
  outcome: string;
  message: string | null;
  target_id: string | null;
  target_level: string | null;
  province_id: string | null;
  county_id: string | null;
  village_id: string | null;
  fund_id: string | null;
  group_id: string | null;
  request_id: string;
  arguments: Record<string, unknown>;
}

const rows = (where = 'TRUE', params: unknown[] = []): Promise<Row[]> =>
  p.membershipDb.query(`SELECT * FROM membership.audit_event WHERE ${where} ORDER BY seq`, params);
const footprint = async () =>
  (
    await p.membershipDb.query(
      `SELECT (SELECT count(*)::int FROM membership.member) AS members, (SELECT count(*)::int FROM membership.village) AS villages,
              (SELECT count(*)::int FROM membership.outbox) AS events`,
    )
  )[0];

/** Sends an operation through the gateway with its own request id. */
async function send(token: string, query: string, variables: Record<string, unknown>, requestId: string) {
  const res = await request(p.gatewayUrl.replace(/\/graphql$/, ''))
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', `Bearer ${token}`)
    .set('x-request-id', requestId)
    .send({ query, variables });
  return { status: res.status, data: res.body.data, errors: res.body.errors };
}

const partnerToken = (grant: PartnerGrant, nodeId: string) =>
  signUserToken(
    { subject: `apikey:test-${grant}`, role: Role.PARTNER_APP, scopeNodeId: nodeId, grants: [grant] },
    authConfigFromEnv().userTokenSecret,
  );

beforeAll(async () => {
  p = await startTestPlatform();
  north = await createTree(p);
  south = await createTree(p);
  northAdmin = p.token(Role.REGIONAL_ADMIN, north.countyId, 'north-admin');
});
afterAll(() => p.stop());

describe('what a mutation writes', () => {
  it('a change: who, which operation, the target with its ancestry, masked arguments, the request id and OK', async () => {
    const input = buildMember(north.fundId, { groupId: north.groupId, phone: '09121234567' });
    const member = ok(await send(northAdmin, op('enrol-member'), { input }, 'audit-enrol-1')).enrolMember;
    const [row] = await rows('request_id = $1', ['audit-enrol-1']);
    expect(row).toMatchObject({
      subject: 'north-admin',
      role: 'REGIONAL_ADMIN',
      grants: [],
      operation: 'enrolMember',
      outcome: 'OK',
      message: null,
      target_id: member.id,
      target_level: 'MEMBER',
      province_id: north.provinceId,
      county_id: north.countyId,
      village_id: north.villageId,
      fund_id: north.fundId,
      group_id: north.groupId,
    });
    const args = row.arguments.input as Record<string, unknown>;
    expect(args).toMatchObject({
      fundId: north.fundId,
      groupId: north.groupId,
      nationalId: '[masked]',
      givenName: '[masked]',
      familyName: '[masked]',
    });
    expect(args.birthDate).toBe('[masked]');
    expect(args.phone).toBe('[masked]');
    // No personal value anywhere in the row.
    const text = JSON.stringify(row);
    for (const value of [input.nationalId, input.givenName, input.familyName, '09121234567']) expect(text).not.toContain(String(value));
  });

  it('a node created, a node deleted: each a row under the right node', async () => {
    const village = ok(
      await send(northAdmin, op('create-village'), { input: { countyId: north.countyId, name: 'روستای دفتر' } }, 'audit-v-1'),
    ).createVillage;
    ok(await send(northAdmin, 'mutation($id: ID!) { deleteNode(id: $id) }', { id: village.id }, 'audit-v-2'));
    const [created] = await rows('request_id = $1', ['audit-v-1']);
    const [deleted] = await rows('request_id = $1', ['audit-v-2']);
    expect(created).toMatchObject({
      operation: 'createVillage',
      outcome: 'OK',
      target_id: village.id,
      target_level: 'VILLAGE',
      county_id: north.countyId,
    });
    expect(created.village_id).toBe(village.id);
    // A deleted node's row is kept where the node was.
    expect(deleted).toMatchObject({ operation: 'deleteNode', outcome: 'OK', target_id: village.id, target_level: 'VILLAGE' });
    expect([deleted.county_id, deleted.village_id]).toEqual([north.countyId, village.id]);
  });

  it('a refusal (role, scope, invalid input) is recorded with its code, on its own, and changes nothing', async () => {
    const viewer = p.token(Role.DASHBOARD_VIEWER, north.countyId, 'north-viewer');
    const before = await footprint();
    const forbidden = await send(viewer, op('create-village'), { input: { countyId: north.countyId, name: 'روستای ممنوع' } }, 'audit-r-1');
    expect(failure(forbidden).code).toBe('FORBIDDEN');
    const hidden = await send(northAdmin, op('create-village'), { input: { countyId: south.countyId, name: 'روستای پنهان' } }, 'audit-r-2');
    expect(failure(hidden).code).toBe('NOT_FOUND');
    const invalid = await send(northAdmin, op('enrol-member'), { input: buildMember(north.fundId, { nationalId: '12' }) }, 'audit-r-3');
    expect(failure(invalid).code).toMatch(/INVALID/);
    expect(await footprint()).toEqual(before);
    const refused = await rows(`request_id LIKE 'audit-r-%'`);
    expect(refused.map((r) => [r.request_id, r.operation, r.outcome, r.target_id])).toEqual([
      ['audit-r-1', 'createVillage', 'FORBIDDEN', null],
      ['audit-r-2', 'createVillage', 'NOT_FOUND', null],
      ['audit-r-3', 'enrolMember', failure(invalid).code, null],
    ]);
    // Kept under the caller's scope node, so the admins above the caller see what it tried.
    expect(refused.map((r) => r.county_id)).toEqual([north.countyId, north.countyId, north.countyId]);
    expect(refused[0]).toMatchObject({ subject: 'north-viewer', role: 'DASHBOARD_VIEWER', message: expect.stringContaining('may not') });
  });

  it('the row is written in the same transaction as the change: when it cannot be written, the change is not made', async () => {
    const before = await footprint();
    await p.membershipDb.query(`REVOKE INSERT ON membership.audit_event FROM ${p.appUrl.match(/\/\/([^:]+):/)![1]}`);
    try {
      const result = await send(
        northAdmin,
        op('create-village'),
        { input: { countyId: north.countyId, name: 'روستای بی‌دفتر' } },
        'audit-t-1',
      );
      expect(result.errors).toHaveLength(1);
    } finally {
      await p.membershipDb.query(`GRANT INSERT ON membership.audit_event TO ${p.appUrl.match(/\/\/([^:]+):/)![1]}`);
    }
    expect(await footprint()).toEqual(before);
  });

  it('is append-only for the application role: UPDATE, DELETE and TRUNCATE are refused, even in the whole-network scope', async () => {
    const { ScopedDatabase, SYSTEM_SCOPE } = await import('@funds/db-kit');
    const db = new ScopedDatabase(p.membershipAppDb);
    for (const sql of [
      `UPDATE membership.audit_event SET outcome = 'OK'`,
      `DELETE FROM membership.audit_event`,
      `TRUNCATE membership.audit_event`,
      `UPDATE membership.outbox SET type = 'x'`,
      `DELETE FROM membership.outbox`,
    ]) {
      await expect(db.transaction(SYSTEM_SCOPE, (em) => em.query(sql))).rejects.toThrow(/permission denied/);
    }
    expect((await rows()).length).toBeGreaterThan(0);
  });
});

describe('reading it', () => {
  const QUERY = `query($nodeId: ID, $first: Int, $after: String, $operation: String, $outcome: String, $subject: String) {
    auditEvents(nodeId: $nodeId, first: $first, after: $after, operation: $operation, outcome: $outcome, subject: $subject) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id occurredAt requestId subject role grants operation outcome message targetId targetLevel arguments } }
    }
  }`;

  beforeAll(async () => {
    const southAdmin = p.token(Role.REGIONAL_ADMIN, south.countyId, 'south-admin');
    ok(await send(southAdmin, op('create-village'), { input: { countyId: south.countyId, name: 'روستای جنوب' } }, 'audit-s-1'));
  });

  it('an admin reads the events under its node, newest first, page by page; none of another region', async () => {
    const all = ok(await p.gql(northAdmin, QUERY, { first: 100 })).auditEvents;
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.edges.length).toBeGreaterThan(3);
    expect(all.edges.some((e: { node: { requestId: string } }) => e.node.requestId === 'audit-s-1')).toBe(false);
    const times = all.edges.map((e: { node: { occurredAt: string } }) => e.node.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const first = ok(await p.gql(northAdmin, QUERY, { first: 1 })).auditEvents;
    const second = ok(await p.gql(northAdmin, QUERY, { first: 1, after: first.pageInfo.endCursor })).auditEvents;
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.edges[0].node.id).toBe(all.edges[1].node.id);
    // The arguments come back masked.
    const enrol = all.edges.find((e: { node: { requestId: string } }) => e.node.requestId === 'audit-enrol-1').node;
    expect(enrol.arguments.input.nationalId).toBe('[masked]');
    expect(enrol).toMatchObject({ subject: 'north-admin', role: 'REGIONAL_ADMIN', grants: [], targetLevel: 'MEMBER', message: null });
  });

  it('filters by node, operation, outcome and subject; a node outside the scope is not found', async () => {
    const refusals = ok(await p.gql(northAdmin, QUERY, { outcome: 'FORBIDDEN', subject: 'north-viewer' })).auditEvents;
    expect(refusals.edges.map((e: { node: { requestId: string } }) => e.node.requestId)).toEqual(['audit-r-1']);
    const enrolments = ok(await p.gql(northAdmin, QUERY, { operation: 'enrolMember', nodeId: north.fundId })).auditEvents;
    expect(enrolments.edges.every((e: { node: { operation: string } }) => e.node.operation === 'enrolMember')).toBe(true);
    expect(enrolments.totalCount).toBeGreaterThan(0);
    expect(failure(await p.gql(northAdmin, QUERY, { nodeId: south.fundId })).code).toBe('NOT_FOUND');
    expect(failure(await p.gql(northAdmin, QUERY, { outcome: 'not a code' }))).toMatchObject({ code: 'INVALID_INPUT', field: 'outcome' });
    const everything = ok(await p.gql(p.national, QUERY, { first: 100 })).auditEvents;
    expect(everything.edges.some((e: { node: { requestId: string } }) => e.node.requestId === 'audit-s-1')).toBe(true);
  });

  it('officers, viewers and partner apps of any grant are refused, and the database shows them nothing either', async () => {
    for (const token of [
      p.token(Role.FUND_OFFICER, north.fundId),
      p.token(Role.DASHBOARD_VIEWER, north.countyId),
      partnerToken(PartnerGrant.PORTFOLIO_READ, north.countyId),
      partnerToken(PartnerGrant.FUND_WRITE, north.fundId),
    ]) {
      expect(failure(await p.gql(token, QUERY, {})).code).toBe('FORBIDDEN');
    }
    const { ScopedDatabase } = await import('@funds/db-kit');
    const db = new ScopedDatabase(p.membershipAppDb);
    const seen = await db.read({ nodeId: north.countyId, role: Role.DASHBOARD_VIEWER }, (em) =>
      em.query('SELECT count(*)::int AS n FROM membership.audit_event'),
    );
    expect(seen).toEqual([{ n: 0 }]);
  });
});
