import { Role } from '@funds/auth';
import { TestPlatform, ok, startTestPlatform } from '../../../test/support/platform';
import { enrol, op } from './support/factories';

/**
 * Reading the network as a client does: reference data (countries, policy presets, who am I), then
 * down the tree page by page (edges, cursors, filters by status and name), with each node's
 * parent, breadcrumbs and dates.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const create = async (name: string, input: Record<string, unknown>) => ok(await p.gql(p.national, op(name), { input }));
const archive = async (id: string) => expect(ok(await p.gql(p.national, op('archive-node'), { id })).archiveNode.status).toBe('ARCHIVED');

/** A createdAt of this test run: an ISO instant of the last few minutes. */
const justNow = (value: string) => {
  expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  const age = Date.now() - Date.parse(value);
  expect(age).toBeGreaterThanOrEqual(-5_000);
  expect(age).toBeLessThan(10 * 60_000);
};

describe('reference data', () => {
  it('countries: each with its currency, national id scheme and its own words for the five levels', async () => {
    const { countries } = ok(await p.gql(p.national, op('countries')));
    expect(countries.find((c: { code: string }) => c.code === 'IR')).toEqual({
      code: 'IR',
      name: 'ایران',
      nameLatin: 'Iran',
      currency: 'IRR',
      nationalIdScheme: 'IR_NATIONAL_CODE',
      levelLabels: { province: 'استان', county: 'شهرستان', village: 'روستا / محله', fund: 'صندوق', group: 'گروه' },
    });
    expect(countries.find((c: { code: string }) => c.code === 'VN')).toEqual({
      code: 'VN',
      name: 'Việt Nam',
      nameLatin: 'Vietnam',
      currency: 'VND',
      nationalIdScheme: 'VN_CITIZEN_ID',
      levelLabels: { province: 'Tỉnh', county: 'Huyện', village: 'Xã / Thôn', fund: 'Nhóm tiết kiệm', group: 'Nhóm' },
    });
  });

  it("fundPolicyPresets: one per methodology, with the field programmes' limits", async () => {
    const { fundPolicyPresets } = ok(await p.gql(p.national, op('fund-policy-presets')));
    const common = { minAge: 15, womenOnly: true };
    expect(fundPolicyPresets).toEqual([
      // North Khorasan micro-funds: at most 50 women aged 15-60, in groups of 5-7, living in the village.
      {
        ...common,
        methodology: 'MICRO_FUND',
        minMembers: 10,
        maxMembers: 50,
        minGroupSize: 5,
        maxGroupSize: 7,
        maxGroups: null,
        maxAge: 60,
        residenceRequired: true,
      },
      // Kermanshah self-help groups: one group of 15-25 women and girls.
      {
        ...common,
        methodology: 'SELF_HELP_GROUP',
        minMembers: 15,
        maxMembers: 25,
        minGroupSize: 15,
        maxGroupSize: 25,
        maxGroups: 1,
        maxAge: 60,
        residenceRequired: false,
      },
      // Yen Bai savings groups: one group of 10-25, men too.
      {
        methodology: 'SAVINGS_GROUP',
        minMembers: 10,
        maxMembers: 25,
        minGroupSize: 10,
        maxGroupSize: 25,
        maxGroups: 1,
        minAge: 15,
        maxAge: 75,
        womenOnly: false,
        residenceRequired: false,
      },
    ]);
  });

  it('viewer: the subject and role of the token, and the node its scope starts at', async () => {
    const province = (await create('create-province', { countryCode: 'IR', name: 'استان نمایش' })).createProvince;
    const county = (await create('create-county', { provinceId: province.id, name: 'شهرستان نمایش' })).createCounty;
    const village = (await create('create-village', { countyId: county.id, name: 'روستای نمایش' })).createVillage;
    const fund = (await create('create-fund', { villageId: village.id, name: 'صندوق نمایش', methodology: 'MICRO_FUND' })).createFund;
    const viewer = async (token: string) => ok(await p.gql(token, op('viewer'))).viewer;
    expect(await viewer(p.token(Role.NATIONAL_ADMIN, null, 'ops-desk'))).toEqual({
      subject: 'ops-desk',
      role: 'NATIONAL_ADMIN',
      scopeNode: null,
    });
    expect(await viewer(p.token(Role.REGIONAL_ADMIN, province.id, 'province-admin'))).toEqual({
      subject: 'province-admin',
      role: 'REGIONAL_ADMIN',
      scopeNode: { id: province.id, level: 'PROVINCE', name: 'استان نمایش' },
    });
    expect(await viewer(p.token(Role.DASHBOARD_VIEWER, county.id, 'county-dashboard'))).toEqual({
      subject: 'county-dashboard',
      role: 'DASHBOARD_VIEWER',
      scopeNode: { id: county.id, level: 'COUNTY', name: 'شهرستان نمایش' },
    });
    expect(await viewer(p.token(Role.FUND_OFFICER, fund.id, 'fund-accountant'))).toEqual({
      subject: 'fund-accountant',
      role: 'FUND_OFFICER',
      scopeNode: { id: fund.id, level: 'FUND', name: 'صندوق نمایش' },
    });
  });
});

describe('down the tree, page by page', () => {
  it('provinces: filtered by name and status, paged with cursors, each with its country and its counties', async () => {
    const make = async (latin: string) =>
      (await create('create-province', { countryCode: 'IR', name: `استان ${latin}`, nameLatin: `Browse ${latin}` })).createProvince;
    const [alborz, bushehr, closed] = [await make('Alborz'), await make('Bushehr'), await make('Closed')];
    await archive(closed.id);
    const counties = [
      (await create('create-county', { provinceId: alborz.id, name: 'کرج', nameLatin: 'Karaj' })).createCounty,
      (await create('create-county', { provinceId: alborz.id, name: 'ساوجبلاغ', nameLatin: 'Savojbolagh' })).createCounty,
    ];
    await archive(counties[1].id);

    const page = async (variables: Record<string, unknown>) => ok(await p.gql(p.national, op('browse-provinces'), variables)).provinces;
    const first = await page({ search: 'browse', status: ['ACTIVE'], first: 1, countySearch: 'a', countyStatus: ['ACTIVE'] });
    expect(first.totalCount).toBe(2);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[0].cursor });
    const [alborzEdge] = first.edges;
    expect(alborzEdge.node).toMatchObject({
      id: alborz.id,
      name: 'استان Alborz',
      nameLatin: 'Browse Alborz',
      status: 'ACTIVE',
      ancestry: [],
    });
    expect(alborzEdge.node.country).toEqual({ code: 'IR', currency: 'IRR' });
    justNow(alborzEdge.node.createdAt);
    // Only the active county whose name or Latin name holds an 'a' (Karaj); the archived one is filtered out by status.
    expect(alborzEdge.node.counties.totalCount).toBe(1);
    expect(alborzEdge.node.counties.pageInfo).toEqual({ hasNextPage: false, endCursor: alborzEdge.node.counties.edges[0].cursor });
    expect(alborzEdge.node.counties.edges[0].node).toMatchObject({
      id: counties[0].id,
      name: 'کرج',
      nameLatin: 'Karaj',
      province: { id: alborz.id },
    });
    justNow(alborzEdge.node.counties.edges[0].node.createdAt);

    const second = await page({ search: 'browse', status: ['ACTIVE'], first: 1, after: first.pageInfo.endCursor });
    expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([bushehr.id]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0].cursor });

    const archived = await page({ search: 'browse', status: ['ARCHIVED'], countyStatus: ['ARCHIVED'] });
    expect(archived.edges.map((e: { node: { id: string; status: string } }) => e.node)).toMatchObject([
      { id: closed.id, status: 'ARCHIVED' },
    ]);
    const withArchivedCounty = await page({ search: 'alborz', countyStatus: ['ARCHIVED'] });
    expect(withArchivedCounty.edges[0].node.counties.edges.map((e: { node: { nameLatin: string } }) => e.node.nameLatin)).toEqual([
      'Savojbolagh',
    ]);
  });

  it("a county's villages by status, page by page; each village's county, breadcrumbs and funds by name and status", async () => {
    const province = (await create('create-province', { countryCode: 'IR', name: 'زنجان', nameLatin: 'Zanjan' })).createProvince;
    const county = (await create('create-county', { provinceId: province.id, name: 'ابهر', nameLatin: 'Abhar' })).createCounty;
    const village = async (name: string, nameLatin: string) =>
      (await create('create-village', { countyId: county.id, name, nameLatin })).createVillage;
    const [first, second, third] = [await village('الف', 'Alef'), await village('ب', 'Be'), await village('پ', 'Pe')];
    await archive(third.id);
    const fund = async (name: string, foundedOn?: string) =>
      (await create('create-fund', { villageId: first.id, name, methodology: 'MICRO_FUND', foundedOn })).createFund;
    const omid = await fund('صندوق امید', '2024-03-20');
    const closed = await fund('صندوق بسته');
    await archive(closed.id);

    const villages = async (variables: Record<string, unknown>) =>
      ok(await p.gql(p.national, op('county-villages'), { id: county.id, ...variables })).node;
    const one = await villages({ first: 1, status: ['ACTIVE'], fundSearch: 'امید', fundStatus: ['FORMING'] });
    justNow(one.createdAt);
    expect(one.villages.totalCount).toBe(2);
    expect(one.villages.pageInfo).toEqual({ hasNextPage: true, endCursor: one.villages.edges[0].cursor });
    const node = one.villages.edges[0].node;
    expect(node).toMatchObject({
      id: first.id,
      name: 'الف',
      nameLatin: 'Alef',
      kind: 'VILLAGE',
      status: 'ACTIVE',
      county: { id: county.id },
    });
    justNow(node.createdAt);
    expect(node.ancestry).toEqual([
      { id: province.id, level: 'PROVINCE', name: 'زنجان', nameLatin: 'Zanjan' },
      { id: county.id, level: 'COUNTY', name: 'ابهر', nameLatin: 'Abhar' },
    ]);
    expect(node.funds.totalCount).toBe(1);
    expect(node.funds.edges).toEqual([
      {
        cursor: expect.any(String),
        node: { id: omid.id, name: 'صندوق امید', status: 'FORMING', foundedOn: '2024-03-20', createdAt: expect.any(String) },
      },
    ]);
    justNow(node.funds.edges[0].node.createdAt);

    const next = await villages({ first: 1, status: ['ACTIVE'], after: one.villages.pageInfo.endCursor });
    expect(next.villages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([second.id]);
    expect(next.villages.pageInfo.hasNextPage).toBe(false);

    const archived = await villages({ status: ['ARCHIVED'] });
    expect(archived.villages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([third.id]);
    const archivedFunds = await villages({ first: 1, fundStatus: ['ARCHIVED'] });
    expect(archivedFunds.villages.edges[0].node.funds.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([closed.id]);
  });

  it("a fund's groups and a group's members: by name and status, page by page, each group knowing its fund", async () => {
    const province = (await create('create-province', { countryCode: 'IR', name: 'خراسان شمالی', nameLatin: 'North Khorasan' }))
      .createProvince;
    const county = (await create('create-county', { provinceId: province.id, name: 'بجنورد' })).createCounty;
    const village = (await create('create-village', { countyId: county.id, name: 'روستای گروه' })).createVillage;
    const fund = (await create('create-fund', { villageId: village.id, name: 'صندوق گروه‌ها', methodology: 'MICRO_FUND' })).createFund;
    const group = async (name: string, nameLatin: string) =>
      (await create('create-group', { fundId: fund.id, name, nameLatin })).createGroup;
    const [gol, lale, nargess] = [
      await group('گروه ۱ گل', 'Gol'),
      await group('گروه ۲ لاله', 'Laleh'),
      await group('گروه ۳ نرگس', 'Narges'),
    ];
    await archive(nargess.id);
    const members = [];
    for (const familyName of ['احمدی', 'بهرامی', 'جعفری'])
      members.push(ok(await enrol(p, fund.id, { groupId: gol.id, familyName })).enrolMember);
    ok(await p.gql(p.national, op('suspend-member'), { id: members[2].id, reason: 'Missed three meetings' }));

    const groups = async (variables: Record<string, unknown>) =>
      ok(await p.gql(p.national, op('fund-groups'), { id: fund.id, ...variables })).node.groups;
    const page = await groups({ first: 1, status: ['ACTIVE'], memberFirst: 1, memberStatus: ['ACTIVE'] });
    expect(page.totalCount).toBe(2);
    expect(page.nodes).toEqual([{ id: gol.id }]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[0].cursor });
    const golNode = page.edges[0].node;
    expect(golNode).toMatchObject({ id: gol.id, name: 'گروه ۱ گل', nameLatin: 'Gol', status: 'ACTIVE', fund: { id: fund.id } });
    justNow(golNode.createdAt);
    expect(golNode.ancestry.map((a: { level: string }) => a.level)).toEqual(['PROVINCE', 'COUNTY', 'VILLAGE', 'FUND']);
    expect(golNode.ancestry[0].name).toBe('خراسان شمالی');
    expect(golNode.members.totalCount).toBe(2);
    expect(golNode.members.edges).toEqual([
      { cursor: golNode.members.pageInfo.endCursor, node: { id: members[0].id, familyName: 'احمدی', status: 'ACTIVE' } },
    ]);
    expect(golNode.members.pageInfo.hasNextPage).toBe(true);

    const more = await groups({
      first: 1,
      search: 'gol',
      memberFirst: 1,
      memberStatus: ['ACTIVE'],
      memberAfter: golNode.members.pageInfo.endCursor,
    });
    expect(more.edges[0].node.members.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([members[1].id]);
    expect(more.edges[0].node.members.pageInfo.hasNextPage).toBe(false);

    const suspended = await groups({ search: 'gol', memberStatus: ['SUSPENDED'] });
    expect(suspended.edges[0].node.members.edges.map((e: { node: { id: string; status: string } }) => e.node)).toEqual([
      { id: members[2].id, familyName: 'جعفری', status: 'SUSPENDED' },
    ]);
    const byName = await groups({ search: 'gol', memberSearch: 'بهرام' });
    expect(byName.edges[0].node.members.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([members[1].id]);

    const next = await groups({ first: 1, status: ['ACTIVE'], after: page.pageInfo.endCursor });
    expect(next.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([lale.id]);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect((await groups({ status: ['ARCHIVED'] })).nodes).toEqual([{ id: nargess.id }]);
  });
});
