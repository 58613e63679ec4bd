import request from 'supertest';
import { GATEWAY_IDENTITY_HEADER, Role, authConfigFromEnv, signGatewayIdentity } from '@funds/auth';
import { RunningGateway, startGateway } from '../../gateway/src/gateway';
import { buildMembershipSchema } from '../../services/membership/src/server';
import { compose, startProbeBooks } from '../../schema/test/support/probe-subgraphs';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { recordOperation } from '../support/field-coverage';
import { createTree } from '../../services/membership/test/support/factories';

/**
 * `Partner` is an entity other subgraphs reference by id (savings-loan's partner capital, reporting's
 * capital by partner). The membership subgraph resolves those references through `_entities`.
 */
let p: TestPlatform;
let partners: { id: string; name: string; kind: string }[];
beforeAll(async () => {
  p = await startTestPlatform();
  const create = async (name: string, kind: string) =>
    ok(
      await p.gql(p.national, 'mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind } }', {
        input: { name, kind },
      }),
    ).createPartner;
  partners = [await create('Agriculture Bank', 'BANK'), await create('Omid Entrepreneurship Fund', 'DONOR'), await create('Plan', 'NGO')];
});
afterAll(() => p.stop());

describe('Partner references, asked the way the gateway asks (signed _entities)', () => {
  const entities = (representations: unknown[], role = Role.NATIONAL_ADMIN, scopeNodeId: string | null = null) =>
    request(p.membershipUrl.replace(/\/graphql$/, ''))
      .post('/graphql')
      .set(GATEWAY_IDENTITY_HEADER, signGatewayIdentity({ subject: 'entities-test', role, scopeNodeId }, authConfigFromEnv().gatewaySecret))
      .send({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id name kind } } }',
        variables: { r: representations },
      });

  it('resolves every partner of a batch in one SQL statement, in the order asked', async () => {
    p.counter.reset();
    const res = await entities([...partners].reverse().map((x) => ({ __typename: 'Partner', id: x.id })));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual([...partners].reverse());
    expect(p.counter.statements).toBe(1);
  });

  it('answers null (no error, no SQL error) for an unknown or malformed id', async () => {
    const res = await entities([
      { __typename: 'Partner', id: '01890000-0000-7000-8000-000000000000' },
      { __typename: 'Partner', id: 'not-a-uuid' },
      { __typename: 'Partner', id: 42 },
      { __typename: 'Partner', id: partners[0].id },
    ]);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual([null, null, null, partners[0]]);
  });

  it('resolves for a scoped caller too: partners are network-wide, as the partners list shows every caller', async () => {
    const tree = await createTree(p);
    const viewer = await entities([{ __typename: 'Partner', id: partners[1].id }], Role.DASHBOARD_VIEWER, tree.countyId);
    expect(viewer.body.data._entities).toEqual([partners[1]]);
    const listed = ok(await p.gql(p.token(Role.DASHBOARD_VIEWER, tree.countyId), '{ partners(first: 100) { nodes { id } } }'));
    expect(listed.partners.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([partners[1].id]));
  });
});

describe('through the gateway, from a second subgraph that stores partner ids', () => {
  let probe: Awaited<ReturnType<typeof startProbeBooks>>;
  let gateway: RunningGateway;
  beforeAll(async () => {
    const auth = authConfigFromEnv();
    probe = await startProbeBooks(auth.gatewaySecret);
    const membership = (await buildMembershipSchema()).sdl;
    const composed = compose([
      { name: 'membership', sdl: membership, url: p.membershipUrl },
      { name: 'probe_books', sdl: probe.sdl, url: probe.server.url },
    ]);
    expect(composed.errors).toEqual([]);
    gateway = await startGateway({ port: 0, supergraphSdl: composed.supergraphSdl!, auth, onOperation: recordOperation });
  });
  afterAll(async () => {
    await gateway?.stop();
    await probe?.server.stop();
  });

  it("returns the probe's capital with amounts, pages and each partner's name from the membership subgraph", async () => {
    const res = await request(gateway.url.replace(/\/graphql$/, ''))
      .post('/graphql')
      .set('authorization', `Bearer ${p.national}`)
      .send({
        query: `query($ids: [ID!]!) { probeCapital(partnerIds: $ids, first: 2) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { id amount { amount currency } partner { id name kind } } } }`,
        variables: { ids: partners.map((x) => x.id) },
      });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.probeCapital).toEqual({
      totalCount: 3,
      pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
      nodes: [
        { id: 'capital-1', amount: { amount: '2500000', currency: 'IRR' }, partner: partners[0] },
        { id: 'capital-2', amount: { amount: '5000000', currency: 'IRR' }, partner: partners[1] },
      ],
    });
  });
});
