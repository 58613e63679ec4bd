import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, expectRefused, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, createTree, enrol, op } from './support/factories';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

/** Rows a refused mutation must not have touched. */
const FOOTPRINT = `SELECT (SELECT count(*)::int FROM membership.partner) AS partners,
            (SELECT count(*)::int FROM membership.partner_link) AS links,
            (SELECT count(*)::int FROM membership.partner_link WHERE ends_on IS NOT NULL) AS ended,
            (SELECT count(*)::int FROM membership.outbox) AS events`;

/** Runs a mutation that must be refused with `expected`, and checks nothing was written. */
const refused = (run: () => Promise<GraphQLResult>, expected: { code: string; field?: string }) =>
  expectRefused(p, FOOTPRINT, run, expected);

const createPartner = (input: Record<string, unknown>, token = p.national) => p.gql(token, op('create-partner'), { input });
const link = (input: Record<string, unknown>, token = p.national) => p.gql(token, op('link-partner'), { input });
const fundLinks = async (fundId: string) => ok(await p.gql(p.national, op('fund-partner-links'), { id: fundId })).node.partnerLinks;

describe('partners and their links', () => {
  let tree: Tree;
  let welfare: { id: string; name: string };
  beforeAll(async () => {
    tree = await createTree(p);
  });

  it('creates a partner and writes PartnerCreated', async () => {
    welfare = ok(
      await createPartner({ name: 'سازمان بهزیستی', nameLatin: 'Welfare Organization', kind: 'GOVERNMENT_BODY', countryCode: 'IR' }),
    ).createPartner;
    expect(welfare).toEqual({
      id: expect.any(String),
      name: 'سازمان بهزیستی',
      nameLatin: 'Welfare Organization',
      kind: 'GOVERNMENT_BODY',
      countryCode: 'IR',
    });
    const events = await p.membershipDb.query('SELECT type, payload FROM membership.outbox WHERE aggregate_id = $1', [welfare.id]);
    expect(events).toEqual([
      {
        type: 'PartnerCreated',
        payload: { partner: { id: welfare.id, name: 'سازمان بهزیستی', kind: 'GOVERNMENT_BODY', countryCode: 'IR' } },
      },
    ]);
  });

  it('refuses a name already taken (whatever the case and spaces) and an unknown country', async () => {
    ok(await createPartner({ name: 'Plan International', kind: 'NGO' }));
    await refused(() => createPartner({ name: 'سازمان بهزیستی', kind: 'NGO' }), { code: 'NAME_TAKEN', field: 'name' });
    await refused(() => createPartner({ name: '  plan INTERNATIONAL ', kind: 'NGO' }), { code: 'NAME_TAKEN', field: 'name' });
    await refused(() => createPartner({ name: 'Some Bank', kind: 'BANK', countryCode: 'FR' }), {
      code: 'UNKNOWN_COUNTRY',
      field: 'countryCode',
    });
  });

  it("links a partner to a fund and to a province; Fund.partnerLinks lists the fund's links", async () => {
    const bank = ok(
      await createPartner({ name: 'بانک کشاورزی', nameLatin: 'Agriculture Bank', kind: 'BANK', countryCode: 'IR' }),
    ).createPartner;
    const toFund = ok(
      await link({ partnerId: welfare.id, nodeId: tree.fundId, kind: 'REFERS_MEMBERS', startsOn: '2026-01-01' }),
    ).linkPartner;
    expect(toFund).toEqual({
      id: expect.any(String),
      nodeId: tree.fundId,
      nodeLevel: 'FUND',
      kind: 'REFERS_MEMBERS',
      startsOn: '2026-01-01',
      endsOn: null,
      partner: { id: welfare.id, name: welfare.name },
    });
    const credit = ok(
      await link({ partnerId: bank.id, nodeId: tree.fundId, kind: 'FINANCES', startsOn: '2026-02-01', endsOn: '2027-01-31' }),
    ).linkPartner;
    const toProvince = ok(
      await link({ partnerId: welfare.id, nodeId: tree.provinceId, kind: 'TRAINS', startsOn: '2026-01-10' }),
    ).linkPartner;
    expect(toProvince).toMatchObject({ nodeId: tree.provinceId, nodeLevel: 'PROVINCE', kind: 'TRAINS' });
    const links = await fundLinks(tree.fundId);
    expect(links.map((l: { id: string }) => l.id)).toEqual([toFund.id, credit.id]);
    expect(links[1]).toMatchObject({
      kind: 'FINANCES',
      startsOn: '2026-02-01',
      endsOn: '2027-01-31',
      partner: { id: bank.id, name: 'بانک کشاورزی' },
    });
    const rows = await p.membershipDb.query(
      'SELECT node_id, node_level, kind FROM membership.partner_link WHERE partner_id = $1 ORDER BY starts_on',
      [welfare.id],
    );
    expect(rows).toEqual([
      { node_id: tree.fundId, node_level: 'FUND', kind: 'REFERS_MEMBERS' },
      { node_id: tree.provinceId, node_level: 'PROVINCE', kind: 'TRAINS' },
    ]);
    const [event] = await p.membershipDb.query(
      `SELECT aggregate_type, fund_id, payload FROM membership.outbox WHERE type = 'PartnerLinked' AND aggregate_id = $1 ORDER BY seq LIMIT 1`,
      [tree.fundId],
    );
    expect(event).toEqual({
      aggregate_type: 'FUND',
      fund_id: tree.fundId,
      payload: {
        link: expect.objectContaining({
          partnerId: welfare.id,
          nodeId: tree.fundId,
          nodeLevel: 'FUND',
          fundId: tree.fundId,
          kind: 'REFERS_MEMBERS',
          startsOn: '2026-01-01',
          endsOn: null,
        }),
      },
    });
  });

  it('refuses an Iranian partner on a Vietnamese node, an unknown partner or node, a member as node, and dates in the wrong order', async () => {
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    await refused(() => link({ partnerId: welfare.id, nodeId: vn.fundId, kind: 'REFERS_MEMBERS', startsOn: '2026-01-01' }), {
      code: 'PARTNER_COUNTRY_MISMATCH',
      field: 'nodeId',
    });
    await refused(() => link({ partnerId: welfare.id, nodeId: vn.provinceId, kind: 'TRAINS', startsOn: '2026-01-01' }), {
      code: 'PARTNER_COUNTRY_MISMATCH',
      field: 'nodeId',
    });
    // A partner without a country works anywhere.
    const union = ok(await createPartner({ name: "Women's Union", kind: 'NGO' })).createPartner;
    expect(
      ok(await link({ partnerId: union.id, nodeId: vn.fundId, kind: 'FACILITATES', startsOn: '2026-01-01' })).linkPartner.nodeLevel,
    ).toBe('FUND');
    await refused(
      () => link({ partnerId: '01890000-0000-7000-8000-000000000000', nodeId: tree.fundId, kind: 'TRAINS', startsOn: '2026-01-01' }),
      { code: 'NOT_FOUND', field: 'partnerId' },
    );
    await refused(
      () => link({ partnerId: welfare.id, nodeId: '01890000-0000-7000-8000-000000000000', kind: 'TRAINS', startsOn: '2026-01-01' }),
      { code: 'NOT_FOUND', field: 'nodeId' },
    );
    const m = ok(await enrol(p, tree.fundId)).enrolMember;
    await refused(() => link({ partnerId: welfare.id, nodeId: m.id, kind: 'TRAINS', startsOn: '2026-01-01' }), {
      code: 'NOT_FOUND',
      field: 'nodeId',
    });
    await refused(
      () => link({ partnerId: welfare.id, nodeId: tree.fundId, kind: 'TRAINS', startsOn: '2026-02-01', endsOn: '2026-01-31' }),
      { code: 'INVALID_DATE', field: 'endsOn' },
    );
  });

  it('ends a link on a date, and refuses an end before its start', async () => {
    const trainer = ok(await createPartner({ name: 'مرکز آموزش', kind: 'NGO', countryCode: 'IR' })).createPartner;
    const l = ok(await link({ partnerId: trainer.id, nodeId: tree.fundId, kind: 'TRAINS', startsOn: '2026-03-01' })).linkPartner;
    await refused(() => p.gql(p.national, op('end-partner-link'), { linkId: l.id, endsOn: '2026-02-28' }), {
      code: 'INVALID_DATE',
      field: 'endsOn',
    });
    expect(ok(await p.gql(p.national, op('end-partner-link'), { linkId: l.id, endsOn: '2026-06-30' })).endPartnerLink).toEqual({
      id: l.id,
      startsOn: '2026-03-01',
      endsOn: '2026-06-30',
    });
    expect((await fundLinks(tree.fundId)).find((x: { id: string }) => x.id === l.id).endsOn).toBe('2026-06-30');
    const [row] = await p.membershipDb.query('SELECT ends_on::text FROM membership.partner_link WHERE id = $1', [l.id]);
    expect(row.ends_on).toBe('2026-06-30');
    await refused(
      () => p.gql(p.national, op('end-partner-link'), { linkId: '01890000-0000-7000-8000-000000000000', endsOn: '2026-06-30' }),
      { code: 'NOT_FOUND', field: 'linkId' },
    );
    await refused(() => p.gql(p.national, op('end-partner-link'), { linkId: 'not-an-id', endsOn: '2026-06-30' }), {
      code: 'NOT_FOUND',
      field: 'linkId',
    });
    await refused(() => p.gql(p.national, op('end-partner-link'), { linkId: l.id, endsOn: '2026-06-31' }), {
      code: 'INVALID_INPUT',
      field: 'endsOn',
    });
  });

  it('a member referred by a partner shows it, and stats.referredByPartner counts only active referred members', async () => {
    const fresh = await createTree(p);
    const referred = ok(
      await enrol(p, fresh.fundId, { groupId: fresh.groupId, referredByPartnerId: welfare.id, hasDisability: true }),
    ).enrolMember;
    ok(await enrol(p, fresh.fundId, { groupId: fresh.groupId }));
    const read = ok(await p.gql(p.national, op('member-fields'), { id: referred.id })).node;
    expect(read.referredBy).toEqual({ id: welfare.id, name: 'سازمان بهزیستی' });
    const stats = async (id: string) => ok(await p.gql(p.national, op('node-stats'), { id })).node.stats;
    expect(await stats(fresh.fundId)).toMatchObject({ members: 2, referredByPartner: 1, withDisability: 1 });
    expect(await stats(fresh.countyId)).toMatchObject({ members: 2, referredByPartner: 1 });
    // Referral set later through updateMember counts too; a suspended member is not counted.
    const later = ok(await enrol(p, fresh.fundId, { groupId: fresh.groupId })).enrolMember;
    expect(
      ok(await p.gql(p.national, op('update-member'), { input: { id: later.id, referredByPartnerId: welfare.id } })).updateMember
        .referredBy,
    ).toEqual({ id: welfare.id, name: 'سازمان بهزیستی' });
    expect((await stats(fresh.fundId)).referredByPartner).toBe(2);
    ok(await p.gql(p.national, op('suspend-member'), { id: referred.id }));
    expect(await stats(fresh.fundId)).toMatchObject({ members: 2, referredByPartner: 1, suspendedMembers: 1 });
    await refused(() => enrol(p, fresh.fundId, { referredByPartnerId: '01890000-0000-7000-8000-000000000000' }), {
      code: 'NOT_FOUND',
      field: 'referredByPartnerId',
    });
  });
});

describe('partners(search:) pagination', () => {
  it('pages through the matches by name with first/after, with a stable totalCount', async () => {
    const names = ['Pager E', 'Pager A', 'Pager D', 'Pager B', 'Pager C'];
    for (const name of names) ok(await createPartner({ name, kind: 'DONOR' }));
    ok(await createPartner({ name: 'Other donor', kind: 'DONOR' }));
    const page = async (after?: string) => ok(await p.gql(p.national, op('partners'), { search: 'pager', first: 2, after })).partners;
    const seen: string[] = [];
    let after: string | undefined;
    const hasNext: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await page(after);
      expect(result.totalCount).toBe(5);
      seen.push(...result.edges.map((e: { node: { name: string } }) => e.node.name));
      hasNext.push(result.pageInfo.hasNextPage);
      if (result.edges.length) expect(result.pageInfo.endCursor).toBe(result.edges[result.edges.length - 1].cursor);
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(['Pager A', 'Pager B', 'Pager C', 'Pager D', 'Pager E']);
    expect(hasNext).toEqual([true, true, false]);
  });

  it('treats % and _ in the search as plain characters, in the list and in totalCount alike', async () => {
    ok(await createPartner({ name: 'Fund 100% Women', kind: 'DONOR' }));
    ok(await createPartner({ name: 'Fund 1000 Women', kind: 'DONOR' }));
    const result = ok(await p.gql(p.national, op('partners'), { search: '100%', first: 10 })).partners;
    expect(result.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Fund 100% Women']);
    expect(result.totalCount).toBe(1);
  });
});

describe('permissions on partners', () => {
  it('only admins register and link partners; a regional admin links inside her province only', async () => {
    const tree = await createTree(p);
    const other = await createTree(p);
    const partner = ok(
      await createPartner({ name: 'صندوق امید', nameLatin: 'Omid Entrepreneurship Fund', kind: 'DONOR', countryCode: 'IR' }),
    ).createPartner;
    const officer = p.token(Role.FUND_OFFICER, tree.fundId);
    await refused(() => createPartner({ name: 'ثبت نشده', kind: 'NGO' }, officer), { code: 'FORBIDDEN' });
    await refused(() => link({ partnerId: partner.id, nodeId: tree.fundId, kind: 'FINANCES', startsOn: '2026-01-01' }, officer), {
      code: 'FORBIDDEN',
    });
    const regional = p.token(Role.REGIONAL_ADMIN, tree.provinceId);
    const l = ok(
      await link({ partnerId: partner.id, nodeId: tree.fundId, kind: 'FINANCES', startsOn: '2026-01-01' }, regional),
    ).linkPartner;
    await refused(() => link({ partnerId: partner.id, nodeId: other.fundId, kind: 'FINANCES', startsOn: '2026-01-01' }, regional), {
      code: 'NOT_FOUND',
      field: 'nodeId',
    });
    const theirs = ok(await link({ partnerId: partner.id, nodeId: other.fundId, kind: 'FINANCES', startsOn: '2026-01-01' })).linkPartner;
    await refused(() => p.gql(regional, op('end-partner-link'), { linkId: theirs.id, endsOn: '2026-12-31' }), {
      code: 'NOT_FOUND',
      field: 'linkId',
    });
    await refused(() => p.gql(officer, op('end-partner-link'), { linkId: l.id, endsOn: '2026-12-31' }), { code: 'FORBIDDEN' });
    expect(ok(await p.gql(regional, op('end-partner-link'), { linkId: l.id, endsOn: '2026-12-31' })).endPartnerLink.endsOn).toBe(
      '2026-12-31',
    );
  });
});
