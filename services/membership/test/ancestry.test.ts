import { Role } from '@funds/auth';
import { GraphQLResult, TestPlatform, failure, ok, startTestPlatform } from '../../../test/support/platform';
import { Tree, buildMember, createTree, enrol, op } from './support/factories';

/**
 * Every row's ancestry is its parent's: writes that derive it lock the parent before reading it,
 * and the database refuses any other (composite foreign keys over the ancestry columns, ON UPDATE
 * CASCADE), so a move is one UPDATE of the moved node and nothing under it keeps the old ids.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const COLUMNS = 'province_id, county_id, village_id';
const ancestryOf = async (table: string, where: string, id: string) =>
  p.membershipDb.query(`SELECT ${COLUMNS} FROM membership.${table} WHERE ${where} = $1 ORDER BY id`, [id]);

/** Requests waiting on a lock inside their transactions. */
async function waitForWaiters(n: number): Promise<void> {
  let waiting = 0;
  for (let i = 0; i < 200 && waiting < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    [{ waiting }] = await p.membershipDb.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
  }
  expect(waiting).toBe(n);
}

/**
 * Holds `FOR UPDATE` on one row while the requests start, one after the other, each only once the
 * ones before it wait on a lock; then lets them go, in that order. Makes a race certain.
 */
async function raceBehindRow(table: string, id: string, requests: (() => Promise<GraphQLResult>)[]): Promise<GraphQLResult[]> {
  const blocker = p.membershipDb.createQueryRunner();
  await blocker.connect();
  const pending: Promise<GraphQLResult>[] = [];
  try {
    await blocker.startTransaction();
    await blocker.query(`SELECT 1 FROM membership.${table} WHERE id = $1 FOR UPDATE`, [id]);
    for (const request of requests) {
      pending.push(request());
      await waitForWaiters(pending.length);
    }
    await blocker.commitTransaction();
  } finally {
    await blocker.release();
  }
  return Promise.all(pending);
}

const moveFund = (fundId: string, villageId: string) =>
  p.gql(p.national, `mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }`, { f: fundId, v: villageId });
const moveVillage = (villageId: string, countyId: string) =>
  p.gql(p.national, `mutation($v: ID!, $c: ID!) { moveVillage(villageId: $v, toCountyId: $c) { id } }`, { v: villageId, c: countyId });
const moveCounty = (countyId: string, provinceId: string, token = p.national) =>
  p.gql(
    token,
    `mutation($c: ID!, $p: ID!) { moveCounty(countyId: $c, toProvinceId: $p) { id province { id } ancestry { id level } stats { members } } }`,
    { c: countyId, p: provinceId },
  );

describe('writes that race a move', () => {
  it('a member enrolled while her fund moves carries the fund’s new ancestry, not the old county’s', async () => {
    const from = await createTree(p);
    const to = await createTree(p);
    // The move takes the fund's row first; the enrolment has already looked the fund up and waits.
    const [moved, enrolled] = await raceBehindRow('fund', from.fundId, [
      () => moveFund(from.fundId, to.villageId),
      () => enrol(p, from.fundId, { groupId: from.groupId, residenceVillageId: to.villageId }),
    ]);
    ok(moved);
    const member = ok(enrolled).enrolMember;
    const expected = { province_id: to.provinceId, county_id: to.countyId, village_id: to.villageId };
    expect(await ancestryOf('fund', 'id', from.fundId)).toEqual([expected]);
    expect(await ancestryOf('member', 'id', member.id)).toEqual([expected]);
    // The new county's admin reads her; the old county's does not.
    const query = `query($id: ID!) { node(id: $id) { ... on Member { nationalId } } }`;
    expect(ok(await p.gql(p.token(Role.REGIONAL_ADMIN, to.countyId), query, { id: member.id })).node.nationalId).toEqual(
      expect.any(String),
    );
    expect((await p.gql(p.token(Role.REGIONAL_ADMIN, from.countyId), query, { id: member.id })).data?.node ?? null).toBeNull();
  });

  it('a group created while its village moves: both succeed (no deadlock) and the group carries the new ancestry', async () => {
    const tree = await createTree(p);
    const target = await createTree(p);
    const [created, moved] = await raceBehindRow('fund', tree.fundId, [
      () => p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: 'گروه همزمان' } }),
      () => moveVillage(tree.villageId, target.countyId),
    ]);
    const group = ok(created).createGroup;
    ok(moved);
    expect(await ancestryOf('member_group', 'id', group.id)).toEqual([
      { province_id: target.provinceId, county_id: target.countyId, village_id: tree.villageId },
    ]);
  });
});

describe('the database holds ancestry true', () => {
  let tree: Tree;
  let other: Tree;
  let memberId: string;
  beforeAll(async () => {
    tree = await createTree(p);
    other = await createTree(p);
    memberId = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  });

  const sqlError = async (sql: string, params: unknown[]) => {
    const error = await p.membershipDb.query(sql, params).then(
      () => null,
      (e: { driverError?: { code?: string; constraint?: string } }) => e.driverError,
    );
    return error && { code: error.code, constraint: error.constraint };
  };

  it('refuses a member written with a stale county (foreign key violation)', async () => {
    const m = buildMember(tree.fundId);
    expect(
      await sqlError(
        `INSERT INTO membership.member (id, given_name, family_name, national_id, country_code, birth_date, sex, joined_on,
           province_id, county_id, village_id, fund_id, group_id)
         VALUES (gen_random_uuid(), $1, $2, $3, 'IR', $4, 'FEMALE', '2026-01-15', $5, $6, $7, $8, NULL)`,
        [m.givenName, m.familyName, m.nationalId, m.birthDate, tree.provinceId, other.countyId, tree.villageId, tree.fundId],
      ),
    ).toEqual({ code: '23503', constraint: 'member_fund_ancestry' });
    expect(await sqlError(`UPDATE membership.member SET county_id = $2 WHERE id = $1`, [memberId, other.countyId])).toEqual({
      code: '23503',
      constraint: 'member_group_ancestry',
    });
  });

  it('refuses a fund, group or village whose ancestry is not its parent’s, and a member in a group of another fund', async () => {
    expect(await sqlError(`UPDATE membership.fund SET village_id = $2 WHERE id = $1`, [tree.fundId, other.villageId])).toEqual({
      code: '23503',
      constraint: 'fund_village_ancestry',
    });
    expect(await sqlError(`UPDATE membership.member_group SET county_id = $2 WHERE id = $1`, [tree.groupId, other.countyId])).toEqual({
      code: '23503',
      constraint: 'group_fund_ancestry',
    });
    expect(await sqlError(`UPDATE membership.village SET province_id = $2 WHERE id = $1`, [tree.villageId, other.provinceId])).toEqual({
      code: '23503',
      constraint: 'village_county_ancestry',
    });
    expect(await sqlError(`UPDATE membership.member SET group_id = $2 WHERE id = $1`, [memberId, other.groupId])).toEqual({
      code: '23503',
      constraint: 'member_group_ancestry',
    });
  });

  it('one UPDATE of a village carries its funds, groups and members along', async () => {
    await p.membershipDb.query(`UPDATE membership.village SET county_id = $2, province_id = $3 WHERE id = $1`, [
      tree.villageId,
      other.countyId,
      other.provinceId,
    ]);
    const expected = { province_id: other.provinceId, county_id: other.countyId, village_id: tree.villageId };
    for (const table of ['fund', 'member_group', 'member'])
      expect(await ancestryOf(table, 'village_id', tree.villageId)).toEqual([expected]);
  });
});

describe('moveCounty', () => {
  it('moves a county to another province of its country with everything under it', async () => {
    const tree = await createTree(p);
    const target = await createTree(p);
    for (let i = 0; i < 2; i++) ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
    const moved = ok(await moveCounty(tree.countyId, target.provinceId)).moveCounty;
    expect(moved).toEqual({
      id: tree.countyId,
      province: { id: target.provinceId },
      ancestry: [{ id: target.provinceId, level: 'PROVINCE' }],
      stats: { members: 2 },
    });
    const expected = { province_id: target.provinceId, county_id: tree.countyId, village_id: tree.villageId };
    for (const table of ['fund', 'member_group', 'member']) {
      const rows = await ancestryOf(table, 'county_id', tree.countyId);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toEqual(expected);
    }
    const [event] = await p.membershipDb.query(`SELECT payload FROM membership.outbox WHERE aggregate_id = $1 AND type = 'NodeMoved'`, [
      tree.countyId,
    ]);
    expect(event.payload).toMatchObject({
      from: { provinceId: tree.provinceId },
      node: { id: tree.countyId, provinceId: target.provinceId },
    });
    const stats = `query($id: ID!) { node(id: $id) { ... on Province { stats { members } } } }`;
    expect(ok(await p.gql(p.national, stats, { id: tree.provinceId })).node.stats.members).toBe(0);
    expect(ok(await p.gql(p.national, stats, { id: target.provinceId })).node.stats.members).toBe(2);
  });

  it('refuses another country, and a province admin moving a county out of its province', async () => {
    const tree = await createTree(p);
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    expect(failure(await moveCounty(tree.countyId, vn.provinceId))).toMatchObject({ code: 'MOVE_ACROSS_COUNTRY', field: 'toProvinceId' });
    const elsewhere = await createTree(p);
    const provinceAdmin = p.token(Role.REGIONAL_ADMIN, tree.provinceId);
    expect(failure(await moveCounty(tree.countyId, elsewhere.provinceId, provinceAdmin)).field).toBe('toProvinceId');
    // A county admin does not move its own county (it is managed from the level above).
    const other = ok(await p.gql(p.national, op('create-province'), { input: { countryCode: 'IR', name: 'استان مقصد' } })).createProvince;
    expect((await moveCounty(tree.countyId, other.id, p.token(Role.REGIONAL_ADMIN, tree.countyId))).errors).toHaveLength(1);
    const [county] = await p.membershipDb.query(`SELECT province_id FROM membership.county WHERE id = $1`, [tree.countyId]);
    expect(county.province_id).toBe(tree.provinceId);
  });
});
