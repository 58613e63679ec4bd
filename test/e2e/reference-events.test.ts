import { Role } from '@funds/auth';
import { SYSTEM_SCOPE, ScopedDatabase } from '@funds/db-kit';
import { MEMBERSHIP_EVENTS, PostgresOutboxSource, membershipEvents } from '@funds/events';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { booksProblems } from '../support/books';
import { Tree, createTree, enrol, op } from '../../services/membership/test/support/factories';
import { applyMembershipEvent } from '../../services/savings-loan/src/modules/reference/reference.projector';
import { FUND_ACCOUNTS } from '../../services/savings-loan/src/modules/ledger/chart';
import { createReferenceConsumer } from '../../services/savings-loan/src/modules/reference/reference.consumer';
import { createSavingsLoanDataSource } from '../../services/savings-loan/src/database';

/**
 * savings-loan's copy of membership (issue 7, events between services): what is done through the
 * gateway reaches savings-loan's reference tables through membership's outbox and the consumer
 * running in savings-loan's process, never by a call at run time.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

const sql = (text: string, params: unknown[] = []) => p.membershipDb.query(text, params);

async function fundRef(id: string) {
  const [row] = await sql(
    `SELECT country_code, province_id, county_id, village_id, name, methodology, status, currency, policy FROM savings_loan.fund_ref WHERE id = $1`,
    [id],
  );
  return row;
}

async function memberRef(id: string) {
  const [row] = await sql(
    `SELECT fund_id, group_id, province_id, county_id, village_id, status, joined_on::text, sex, female_headed FROM savings_loan.member_ref WHERE id = $1`,
    [id],
  );
  return row;
}

/** The ancestry of every row of savings-loan that belongs to `fundId`, as distinct (province, county, village). */
async function booksAncestry(fundId: string) {
  return sql(
    `SELECT DISTINCT province_id, county_id, village_id FROM (
       SELECT province_id, county_id, village_id FROM savings_loan.fund_ref WHERE id = $1
       UNION ALL SELECT province_id, county_id, village_id FROM savings_loan.group_ref WHERE fund_id = $1
       UNION ALL SELECT province_id, county_id, village_id FROM savings_loan.member_ref WHERE fund_id = $1
       UNION ALL SELECT province_id, county_id, village_id FROM savings_loan.fund_book WHERE fund_id = $1
       UNION ALL SELECT province_id, county_id, village_id FROM savings_loan.account WHERE fund_id = $1
       UNION ALL SELECT province_id, county_id, village_id FROM savings_loan.journal_entry WHERE fund_id = $1
       UNION ALL SELECT province_id, county_id, village_id FROM savings_loan.posting WHERE fund_id = $1) rows`,
    [fundId],
  );
}

const transfer = (memberId: string, toGroupId: string, effectiveOn: string, residenceVillageId?: string) =>
  p.gql(p.national, op('transfer-member'), { input: { memberId, toGroupId, effectiveOn, residenceVillageId } });

describe('funds', () => {
  it('a fund created through the gateway reaches savings-loan with its ancestry, currency, policy and status, and its books open', async () => {
    const tree = await createTree(p);
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    await p.eventsSettled();
    expect(await fundRef(tree.fundId)).toEqual({
      country_code: 'IR',
      province_id: tree.provinceId,
      county_id: tree.countyId,
      village_id: tree.villageId,
      name: expect.any(String),
      methodology: 'MICRO_FUND',
      status: 'FORMING',
      currency: 'IRR',
      policy: expect.objectContaining({
        minMembers: 10,
        maxMembers: 50,
        minGroupSize: 5,
        maxGroupSize: 7,
        maxGroups: null,
        womenOnly: true,
      }),
    });
    expect(await fundRef(vn.fundId)).toMatchObject({ country_code: 'VN', currency: 'VND', methodology: 'SAVINGS_GROUP' });
    const [group] = await sql(`SELECT fund_id, province_id, county_id, village_id, status FROM savings_loan.group_ref WHERE id = $1`, [
      tree.groupId,
    ]);
    expect(group).toEqual({
      fund_id: tree.fundId,
      province_id: tree.provinceId,
      county_id: tree.countyId,
      village_id: tree.villageId,
      status: 'ACTIVE',
    });
    const [book] = await sql(`SELECT currency FROM savings_loan.fund_book WHERE fund_id = $1`, [tree.fundId]);
    expect(book).toEqual({ currency: 'IRR' });
    const accounts: { code: string }[] = await sql(`SELECT code FROM savings_loan.account WHERE fund_id = $1 ORDER BY code`, [tree.fundId]);
    expect(accounts.map((a) => a.code)).toEqual([...FUND_ACCOUNTS].sort());
  });

  it('a policy change reaches fund_ref', async () => {
    const tree = await createTree(p);
    ok(await p.gql(p.national, op('update-fund-policy'), { input: { fundId: tree.fundId, maxMembers: 40 } }));
    await p.eventsSettled();
    expect((await fundRef(tree.fundId)).policy).toMatchObject({ maxMembers: 40 });
  });
});

describe('members', () => {
  let tree: Tree;
  let other: Tree;
  let secondGroup: string;
  beforeAll(async () => {
    tree = await createTree(p);
    other = await createTree(p);
    secondGroup = ok(await p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: 'گروه دوم' } })).createGroup.id;
  });

  it('an enrolment lands with its fund, group, ancestry, status, joining day, sex and female-headed household', async () => {
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId, femaleHeadOfHousehold: true })).enrolMember;
    await p.eventsSettled();
    expect(await memberRef(m.id)).toEqual({
      fund_id: tree.fundId,
      group_id: tree.groupId,
      province_id: tree.provinceId,
      county_id: tree.countyId,
      village_id: tree.villageId,
      status: 'ACTIVE',
      joined_on: '2026-01-15',
      sex: 'FEMALE',
      female_headed: true,
    });
  });

  it('a suspension, a reinstatement and an exit change the status', async () => {
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    ok(await p.gql(p.national, op('suspend-member'), { id: m.id, reason: 'late' }));
    await p.eventsSettled();
    expect(await memberRef(m.id)).toMatchObject({ status: 'SUSPENDED' });
    ok(await p.gql(p.national, op('reinstate-member'), { id: m.id }));
    ok(await p.gql(p.national, op('exit-member'), { input: { id: m.id, reason: 'VOLUNTARY', exitedOn: '2026-03-01' } }));
    await p.eventsSettled();
    expect(await memberRef(m.id)).toMatchObject({ status: 'EXITED', fund_id: tree.fundId });
  });

  it('a transfer inside the fund moves the membership to its new group; to another fund it ends it and opens one there', async () => {
    const m = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    ok(await transfer(m.id, secondGroup, '2026-02-01'));
    await p.eventsSettled();
    expect(await memberRef(m.id)).toMatchObject({ fund_id: tree.fundId, group_id: secondGroup, status: 'ACTIVE', joined_on: '2026-01-15' });
    const moved = ok(await transfer(m.id, other.groupId, '2026-04-01', other.villageId)).transferMember;
    expect(moved.id).not.toBe(m.id);
    await p.eventsSettled();
    expect(await memberRef(m.id)).toMatchObject({ fund_id: tree.fundId, status: 'EXITED' });
    expect(await memberRef(moved.id)).toEqual({
      fund_id: other.fundId,
      group_id: other.groupId,
      province_id: other.provinceId,
      county_id: other.countyId,
      village_id: other.villageId,
      status: 'ACTIVE',
      joined_on: '2026-04-01',
      sex: 'FEMALE',
      female_headed: false,
    });
  });
});

describe('moves', () => {
  it('a fund, then its village, then its county move: every row under the moved node follows, books included', async () => {
    const tree = await createTree(p);
    const target = await createTree(p);
    const member = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember;
    await p.eventsSettled();
    // Money in its books: the journal and its postings move with the fund too.
    ok(
      await p.gql(p.token(Role.FUND_OFFICER, tree.fundId), `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`, {
        input: { memberId: member.id, amount: '500000', idempotencyKey: 'move-deposit-1' },
      }),
    );
    expect(Number((await sql(`SELECT count(*)::int AS n FROM savings_loan.posting WHERE fund_id = $1`, [tree.fundId]))[0].n)).toBe(2);
    // Another village (in the first tree's county), with a fund of its own, that will move too.
    const ancestry = (provinceId: string, countyId: string, villageId: string) => [
      { province_id: provinceId, county_id: countyId, village_id: villageId },
    ];
    expect(await booksAncestry(tree.fundId)).toEqual(ancestry(tree.provinceId, tree.countyId, tree.villageId));

    ok(
      await p.gql(p.national, `mutation($f: ID!, $v: ID!) { moveFund(fundId: $f, toVillageId: $v) { id } }`, {
        f: tree.fundId,
        v: target.villageId,
      }),
    );
    await p.eventsSettled();
    expect(await booksAncestry(tree.fundId)).toEqual(ancestry(target.provinceId, target.countyId, target.villageId));

    const third = await createTree(p);
    ok(
      await p.gql(p.national, `mutation($v: ID!, $c: ID!) { moveVillage(villageId: $v, toCountyId: $c) { id } }`, {
        v: target.villageId,
        c: third.countyId,
      }),
    );
    await p.eventsSettled();
    expect(await booksAncestry(tree.fundId)).toEqual(ancestry(third.provinceId, third.countyId, target.villageId));
    expect(await booksAncestry(target.fundId)).toEqual(ancestry(third.provinceId, third.countyId, target.villageId));

    const fourth = await createTree(p);
    ok(
      await p.gql(p.national, `mutation($c: ID!, $p: ID!) { moveCounty(countyId: $c, toProvinceId: $p) { id } }`, {
        c: third.countyId,
        p: fourth.provinceId,
      }),
    );
    await p.eventsSettled();
    expect(await booksAncestry(tree.fundId)).toEqual(ancestry(fourth.provinceId, third.countyId, target.villageId));
    expect(await booksAncestry(third.fundId)).toEqual(ancestry(fourth.provinceId, third.countyId, third.villageId));
  });
});

describe('every kind of event', () => {
  it('each mutation of membership writes an event of the catalogue (all of its types), which savings-loan applies', async () => {
    const g = <T = any>(query: string, variables?: Record<string, unknown>) => p.gql<T>(p.national, query, variables).then(ok);
    const before = Number((await sql(`SELECT coalesce(max(seq), 0)::int AS n FROM membership.outbox`))[0].n);
    // A fund that can be activated: 3 members in one group, the board, the three activation stages.
    const tree = await createTree(p, { policy: { minMembers: 3, minGroupSize: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id);
    ok(await p.gql(p.national, op('update-member'), { input: { id: ids[0], phone: '0915 000 0000' } }));
    const officers = [];
    for (const [i, role] of ['MANAGING_DIRECTOR', 'SECRETARY', 'ACCOUNTANT'].entries()) {
      officers.push(
        ok(
          await p.gql(p.national, op('appoint-officer'), {
            input: { fundId: tree.fundId, memberId: ids[i], role, termStart: '2026-01-20' },
          }),
        ).appointOfficer,
      );
    }
    for (const stage of ['MEMBERS_RECRUITED', 'GROUPS_FORMED', 'BOARD_APPOINTED']) {
      ok(await p.gql(p.national, op('record-formation-stage'), { fundId: tree.fundId, stage, completedOn: '2026-01-25' }));
    }
    ok(await p.gql(p.national, op('activate-fund'), { fundId: tree.fundId, activatedOn: '2026-02-01' }));
    ok(await p.gql(p.national, op('end-officer-term'), { officerId: officers[2].id, endedOn: '2026-02-10' }));
    for (const id of [tree.provinceId, tree.fundId, tree.groupId])
      await g(`mutation($id: ID!) { updateNode(input: { id: $id, nameLatin: "Renamed" }) { id } }`, { id });
    // Partners: a link and its end, an API key and its revocation.
    const partner = (await g(`mutation { createPartner(input: { name: "Plan International", kind: NGO }) { id } }`)).createPartner;
    const link = ok(
      await p.gql(p.national, op('link-partner'), {
        input: { partnerId: partner.id, nodeId: tree.fundId, kind: 'FINANCES', startsOn: '2026-01-01' },
      }),
    ).linkPartner;
    ok(await p.gql(p.national, op('end-partner-link'), { linkId: link.id, endsOn: '2026-06-30' }));
    const key = (
      await g(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`, {
        input: {
          partnerId: partner.id,
          nodeId: tree.fundId,
          grants: ['PORTFOLIO_READ'],
          name: 'dashboard',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      })
    ).createApiKey.apiKey;
    await g(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.id });
    // Empty nodes archived and deleted: a group, a fund, a village, a county.
    const spare = await createTree(p);
    const emptyGroup = (await g(`mutation($f: ID!) { createGroup(input: { fundId: $f, name: "گروه خالی" }) { id } }`, { f: spare.fundId }))
      .createGroup;
    await g(`mutation($id: ID!) { archiveNode(id: $id) { id } }`, { id: emptyGroup.id });
    await g(`mutation($id: ID!) { deleteNode(id: $id) }`, { id: spare.groupId });
    await g(`mutation($id: ID!) { archiveNode(id: $id) { id } }`, { id: spare.fundId });
    const doomed = (
      await g(`mutation($v: ID!) { createFund(input: { villageId: $v, name: "صندوق اشتباه", methodology: SAVINGS_GROUP }) { id } }`, {
        v: spare.villageId,
      })
    ).createFund;
    await g(`mutation($id: ID!) { deleteNode(id: $id) }`, { id: doomed.id });
    const village = (
      await g(`mutation($c: ID!) { createVillage(input: { countyId: $c, name: "روستای خالی" }) { id } }`, { c: spare.countyId })
    ).createVillage;
    await g(`mutation($id: ID!) { archiveNode(id: $id) { id } }`, { id: village.id });
    const county = (
      await g(`mutation($p: ID!) { createCounty(input: { provinceId: $p, name: "شهرستان خالی" }) { id } }`, { p: spare.provinceId })
    ).createCounty;
    await g(`mutation($id: ID!) { deleteNode(id: $id) }`, { id: county.id });
    await p.eventsSettled();

    const rows: { type: string; version: number; payload: unknown }[] = await sql(
      `SELECT type, version, payload FROM membership.outbox WHERE seq > $1 ORDER BY seq`,
      [before],
    );
    for (const row of rows) expect(membershipEvents.decode(row)).not.toBeNull();
    const seen = new Set(rows.map((r) => r.type));
    // Moves and transfers are written by the tests above.
    const elsewhere = [
      'NodeMoved',
      'FundMoved',
      'FundPolicyChanged',
      'MemberSuspended',
      'MemberReinstated',
      'MemberExited',
      'MemberTransferred',
    ];
    expect(Object.keys(MEMBERSHIP_EVENTS).filter((type) => !seen.has(type) && !elsewhere.includes(type))).toEqual([]);

    expect(await fundRef(tree.fundId)).toMatchObject({ status: 'ACTIVE' });
    expect(await fundRef(spare.fundId)).toMatchObject({ status: 'ARCHIVED' });
    expect(await fundRef(doomed.id)).toMatchObject({ status: 'DELETED' });
    const groups = await sql(`SELECT id, status FROM savings_loan.group_ref WHERE id = ANY($1::uuid[]) ORDER BY status`, [
      [emptyGroup.id, spare.groupId],
    ]);
    expect(groups).toEqual([
      { id: emptyGroup.id, status: 'ARCHIVED' },
      { id: spare.groupId, status: 'DELETED' },
    ]);
  });
});

describe('the event stream', () => {
  it("every event membership wrote validates against its type in the catalogue, and carries no person's name or national id", async () => {
    const partner = ok(
      await p.gql(p.national, `mutation { createPartner(input: { name: "Women's Union", kind: NGO, countryCode: "VN" }) { id } }`),
    ).createPartner;
    await p.eventsSettled();
    const rows: { type: string; version: number; payload: unknown }[] = await sql(
      `SELECT type, version, payload FROM membership.outbox ORDER BY seq`,
    );
    const types = new Set<string>();
    for (const row of rows) {
      const event = membershipEvents.decode(row);
      expect(event).not.toBeNull();
      types.add(row.type);
    }
    for (const type of ['NodeCreated', 'FundCreated', 'FundPolicyChanged', 'FundMoved', 'NodeMoved', 'GroupCreated', 'MemberEnrolled']) {
      expect(types).toContain(type);
    }
    for (const type of ['MemberSuspended', 'MemberReinstated', 'MemberExited', 'MemberTransferred', 'PartnerCreated'])
      expect(types).toContain(type);
    for (const type of types) expect(Object.keys(MEMBERSHIP_EVENTS)).toContain(type);
    const text = JSON.stringify(rows);
    const [person] = await sql(`SELECT given_name, family_name, national_id, birth_date::text FROM membership.member LIMIT 1`);
    for (const value of Object.values(person)) expect(text).not.toContain(value);
    const [ref] = await sql(`SELECT name, kind, country_code FROM savings_loan.partner_ref WHERE id = $1`, [partner.id]);
    expect(ref).toEqual({ name: "Women's Union", kind: 'NGO', country_code: 'VN' });
  });

  it('applying every event again changes nothing', async () => {
    await p.eventsSettled();
    const snapshot = () =>
      sql(`SELECT (SELECT json_agg(f ORDER BY id) FROM (SELECT id, country_code, province_id, county_id, village_id, name, methodology, status, currency, policy FROM savings_loan.fund_ref) f) AS funds,
                  (SELECT json_agg(g ORDER BY id) FROM savings_loan.group_ref g) AS groups,
                  (SELECT json_agg(m ORDER BY id) FROM savings_loan.member_ref m) AS members,
                  (SELECT json_agg(r ORDER BY id) FROM savings_loan.partner_ref r) AS partners,
                  (SELECT count(*)::int FROM savings_loan.fund_book) AS books,
                  (SELECT count(*)::int FROM savings_loan.account) AS accounts`);
    const before = await snapshot();
    const database = new ScopedDatabase(p.membershipAppDb);
    const { events } = await new PostgresOutboxSource({ producer: 'membership', database, listenUrl: null }).read(null, 100_000);
    expect(events.length).toBeGreaterThan(20);
    await database.transaction(SYSTEM_SCOPE, async (em) => {
      for (const event of events) await applyMembershipEvent(em, event);
    });
    expect(await snapshot()).toEqual(before);
  });

  it("savings-loan's GET /health shows the consumer's lag and GET /metrics the lag metric", async () => {
    await p.eventsSettled();
    const base = p.savingsLoanUrl.replace(/\/graphql$/, '');
    const health = await (await fetch(`${base}/health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      checks: { database: 'ok' },
      events: [{ consumer: 'savings-loan.reference', producer: 'membership', lag: { events: 0, oldestSeconds: 0 }, lastError: null }],
    });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('funds_event_consumer_lag_events{consumer="savings-loan.reference",producer="membership"} 0\n');
    expect(text).toContain('# TYPE funds_event_consumer_lag_seconds gauge');
  });

  it("reads membership's outbox from EVENTS_MEMBERSHIP_OUTBOX_URL as the application role, and refuses the owner there", async () => {
    await p.eventsSettled();
    const ds = createSavingsLoanDataSource(p.appUrl);
    await ds.initialize();
    try {
      const settings = { pollIntervalMs: 50, batchSize: 10 };
      await expect(createReferenceConsumer(ds, { ...settings, outboxUrl: p.db.url })).rejects.toThrow(
        /row-level security would not bind it/,
      );
      const elsewhere = await createReferenceConsumer(ds, { ...settings, outboxUrl: p.appUrl });
      try {
        expect(await elsewhere.consumer.status()).toMatchObject({ consumer: 'savings-loan.reference', lag: { events: 0 } });
      } finally {
        await elsewhere.stop();
      }
    } finally {
      await ds.destroy();
    }
  });
});
