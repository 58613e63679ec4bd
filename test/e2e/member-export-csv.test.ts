import request from 'supertest';
import { PartnerGrant, Role, authConfigFromEnv, signUserToken } from '@funds/auth';
import { csvCell } from '@funds/graphql-kit';
import { TestPlatform, failure, ok, startTestPlatform } from '../support/platform';
import { addSyntheticGrid } from '../../services/membership/src/demo/synthetic-grid';

/**
 * The members export as CSV (issue 9 B4): GET /exports/members.csv at the gateway, piped from
 * membership's internal route, against Province/County/Village.members over GraphQL.
 */
let p: TestPlatform;
const areas: { province: string; counties: string[]; villages: string[]; members: string[] }[] = [];
const HEADER = ['id', 'givenName', 'familyName', 'nationalId', 'birthDate', 'sex', 'status', 'joinedOn', 'fundId', 'groupId'];

beforeAll(async () => {
  p = await startTestPlatform({ keepMembershipStatements: true });
  // 2 provinces x 2 counties x 2 villages x 2 funds x 5 members: 40 members a province.
  await addSyntheticGrid((sql, params) => p.membershipDb.query(sql, params), { tag: 'csv', size: 2, members: 5, idDigit: 6 });
  const provinces: { id: string }[] = await p.membershipDb.query(`SELECT id FROM membership.province WHERE name LIKE 'csv%' ORDER BY name`);
  for (const { id } of provinces) {
    const ids = async (sql: string) => ((await p.membershipDb.query(sql, [id])) as { id: string }[]).map((r) => r.id);
    areas.push({
      province: id,
      counties: await ids(`SELECT id FROM membership.county WHERE province_id = $1 ORDER BY name`),
      villages: await ids(`SELECT id FROM membership.village WHERE province_id = $1 ORDER BY name`),
      members: await ids(`SELECT id FROM membership.member WHERE province_id = $1 ORDER BY id`),
    });
  }
});
afterAll(() => p.stop());

/** RFC 4180 rows of a body (every cell quoted, as the export writes them). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let cell = '';
    for (i++; ; i++) {
      if (text[i] === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (text[i] === '"') break;
      else cell += text[i];
    }
    row.push(cell);
    i++;
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

interface CsvAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  rows: string[][];
  body: any;
}

/** GET /exports/members.csv with these query parameters (a string: as it is) and headers. */
async function csv(query: Record<string, string> | string, headers: Record<string, string> = { authorization: `Bearer ${p.national}` }) {
  const origin = p.gatewayUrl.replace(/\/graphql$/, '');
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  let call = request(origin)
    .get(`/exports/members.csv?${search}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
  const res = await call;
  const raw = (res.body as Buffer).toString('utf8');
  const isCsv = res.status === 200;
  const answer: CsvAnswer = {
    status: res.status,
    headers: res.headers as Record<string, string>,
    text: raw,
    rows: isCsv ? parseCsv(raw.replace(/^\uFEFF/, '')) : [],
    body: isCsv ? null : JSON.parse(raw),
  };
  return answer;
}

const token = (role: Role, scope: string) => p.token(role, scope);
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

/** An area's whole export, page by page following X-Next-After (checked against Link); `between` runs after each page. */
async function walk(areaId: string, first: number, headers = bearer(p.national), between?: (n: number) => Promise<void>) {
  const rows: string[][] = [];
  let after: string | undefined;
  for (let n = 0; ; n++) {
    const page = await csv({ areaId, first: String(first), ...(after ? { after } : {}) }, headers);
    expect(page.status).toBe(200);
    expect(page.rows[0]).toEqual(HEADER);
    rows.push(...page.rows.slice(1));
    const next = page.headers['x-next-after'];
    if (!next) {
      expect(page.headers.link).toBeUndefined();
      return rows;
    }
    expect(page.rows.length - 1).toBe(first);
    expect(page.headers.link).toBe(`</exports/members.csv?areaId=${areaId}&first=${first}&after=${next}>; rel="next"`);
    after = next;
    await between?.(n);
  }
}

const MEMBER_FIELDS = 'id givenName familyName nationalId birthDate sex status joinedOn fund { id } group { id }';
const PAGE = (type: string) => `query($id: ID!, $first: Int, $after: String, $status: [MemberStatus!]) { node(id: $id) { ... on ${type} {
  members(first: $first, after: $after, status: $status) { nodes { ${MEMBER_FIELDS} } pageInfo { hasNextPage endCursor } } } } }`;

/** The same members as CSV rows, read over GraphQL from Province/County/Village.members. */
async function byGraphQL(type: 'Province' | 'County' | 'Village', id: string, status?: string[]): Promise<string[][]> {
  const rows: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const members: any = ok(await p.gql(p.national, PAGE(type), { id, first: 500, after, status })).node.members;
    for (const m of members.nodes) {
      rows.push([
        m.id,
        m.givenName,
        m.familyName,
        m.nationalId,
        m.birthDate,
        m.sex,
        m.status,
        m.joinedOn,
        m.fund?.id ?? '',
        m.group?.id ?? '',
      ]);
    }
    if (!members.pageInfo.hasNextPage) return rows;
    after = members.pageInfo.endCursor;
  }
}

describe('pages', () => {
  it('walks a province, a county and a village page by page: the same members, order and values as the GraphQL lists', async () => {
    const [a] = areas;
    const whole = await walk(a.province, 7);
    expect(whole.map((r) => r[0])).toEqual(a.members);
    expect(whole).toEqual(await byGraphQL('Province', a.province));
    expect(await walk(a.counties[1], 3)).toEqual(await byGraphQL('County', a.counties[1]));
    expect(await walk(a.villages[2], 500)).toEqual(await byGraphQL('Village', a.villages[2]));
    // Without first: pages of 500, here the whole province.
    const all = await csv({ areaId: a.province });
    expect(all.rows.slice(1)).toEqual(whole);
    expect(all.headers['x-next-after']).toBeUndefined();
  });

  it('all=true streams the whole area in one answer (one COPY, Postgres writing the CSV), or its rest from a cursor: the same rows as the pages', async () => {
    const [a] = areas;
    const pages = await walk(a.province, 7);
    p.counter.reset();
    const whole = await csv({ areaId: a.province, all: 'true' });
    expect(whole.status).toBe(200);
    expect(whole.headers['x-next-after']).toBeUndefined();
    expect(whole.headers['transfer-encoding']).toBe('chunked');
    expect(whole.rows[0]).toEqual(HEADER);
    expect(whole.rows.slice(1)).toEqual(pages);
    // The area's lookup and one COPY of the area's keyset range, whatever its size.
    expect(pages).toHaveLength(40);
    expect(p.counter.texts.map((t) => t.query).filter((q) => /membership\./.test(q))).toEqual([
      expect.stringContaining('UNION ALL'),
      expect.stringMatching(
        /^COPY \(SELECT .* FROM membership\.member t WHERE t\.province_id = '[0-9a-f-]{36}' AND t\.id > '[0-9a-f-]{36}' ORDER BY t\.id\) TO STDOUT/,
      ),
    ]);
    const cursor = (await csv({ areaId: a.province, first: '15' })).headers['x-next-after'];
    const rest = await csv({ areaId: a.province, all: 'true', after: cursor });
    expect(rest.rows.slice(1)).toEqual(pages.slice(15));
    expect((await csv({ areaId: a.counties[0], all: 'false', first: '3' })).rows.slice(1)).toEqual(
      (await walk(a.counties[0], 3)).slice(0, 3),
    );
  });

  it('answers UTF-8 CSV with a byte order mark, every cell quoted and formula-guarded, not cached', async () => {
    const [a] = areas;
    const id = a.members[0];
    await p.membershipDb.query(`UPDATE membership.member SET given_name = '=HYPERLINK("x")', family_name = 'زهرا, "رضایی"' WHERE id = $1`, [
      id,
    ]);
    try {
      const page = await csv({ areaId: a.province, first: '1' });
      expect(page.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['x-request-id']).toBeTruthy();
      expect(page.text.startsWith('\uFEFF"id","givenName",')).toBe(true);
      expect(page.text).toContain(`"'=HYPERLINK(""x"")","زهرا, ""رضایی"""`);
      expect(page.rows[1].slice(0, 3)).toEqual([id, `'=HYPERLINK("x")`, 'زهرا, "رضایی"']);
    } finally {
      await p.membershipDb.query(`UPDATE membership.member SET given_name = 'n', family_name = 'm' WHERE id = $1`, [id]);
    }
  });

  it('Postgres writes every cell as csvCell does, streamed and in pages: quotes, commas and line breaks in cells, formula guards, empty values', async () => {
    const [, b] = areas;
    // Names as a partner's app could send them (national ids are digits, by a CHECK); no group.
    const tricky: [string, string][] = [
      ['=HYPERLINK("x")', 'زهرا, "رضایی"'],
      ['-12.5', '-x'],
      ['@cmd', '\tx'],
      ['a\r\nb', 'c\nd'],
      ['"quoted"', 'a\r\n=b'],
      ['+98 912', '\rx'],
    ];
    const ids = b.members.slice(0, tricky.length);
    const saved = await p.membershipDb.query(`SELECT id, given_name, family_name, group_id FROM membership.member WHERE id = ANY($1)`, [
      ids,
    ]);
    const set = (id: string, given: string, family: string, group: string | null) =>
      p.membershipDb.query(`UPDATE membership.member SET given_name = $2, family_name = $3, group_id = $4 WHERE id = $1`, [
        id,
        given,
        family,
        group,
      ]);
    try {
      for (const [i, [given, family]] of tricky.entries()) await set(ids[i], given, family, null);
      const pages = await csv({ areaId: b.province });
      const whole = await csv({ areaId: b.province, all: 'true' });
      expect(whole.text).toBe(pages.text);
      // csvGuardSql (in the COPY) guards as csvCell does: the same cells, quotes undoubled.
      const cell = (value: string) => csvCell(value).slice(1, -1).replace(/""/g, '"');
      expect(pages.rows.slice(1, 1 + tricky.length).map((r) => [r[1], r[2]])).toEqual(tricky.map(([g, f]) => [cell(g), cell(f)]));
      expect(pages.rows.slice(1, 1 + tricky.length).map((r) => [r[1], r[2], r[9]])).toEqual([
        [`'=HYPERLINK("x")`, 'زهرا, "رضایی"', ''],
        ['-12.5', `'-x`, ''],
        [`'@cmd`, `'\tx`, ''],
        ['a\r\nb', 'c\nd', ''],
        ['"quoted"', 'a\r\n=b', ''],
        [`'+98 912`, `'\rx`, ''],
      ]);
    } finally {
      for (const row of saved) await set(row.id, row.given_name, row.family_name, row.group_id);
    }
  });

  it('members added mid-walk: no gap, no repeat; those after the cursor come, those before it do not', async () => {
    const b = areas[1];
    const before = '00000000-0000-4000-8000-000000000006';
    const after = 'ffffffff-ffff-4000-8000-000000000006';
    const add = (id: string, nationalId: string) =>
      p.membershipDb.query(
        `INSERT INTO membership.member (id, given_name, family_name, national_id, country_code, birth_date, sex, joined_on,
           province_id, county_id, village_id, fund_id, group_id)
         SELECT $2, 'n', 'added', $3, 'IR', '1990-01-01', 'FEMALE', '2026-01-01', province_id, county_id, village_id, fund_id, group_id
           FROM membership.member WHERE province_id = $1 LIMIT 1`,
        [b.province, id, nationalId],
      );
    try {
      const rows = await walk(b.province, 9, bearer(p.national), async (n) => {
        if (n === 1) {
          await add(before, '1000000017');
          await add(after, '1000000027');
        }
      });
      const ids = rows.map((r) => r[0]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...b.members, after]);
    } finally {
      await p.membershipDb.query(`DELETE FROM membership.member WHERE id = ANY($1)`, [[before, after]]);
    }
  });

  it('filters by status as the GraphQL lists do', async () => {
    const [a] = areas;
    const suspended = [a.members[4], a.members[30]];
    await p.membershipDb.query(`UPDATE membership.member SET status = 'SUSPENDED', suspension_reason = 'test' WHERE id = ANY($1)`, [
      suspended,
    ]);
    try {
      const only = await csv({ areaId: a.province, status: 'SUSPENDED' });
      expect(only.rows.slice(1).map((r) => r[0])).toEqual(suspended);
      expect(only.rows.slice(1).every((r) => r[6] === 'SUSPENDED')).toBe(true);
      const live = await csv({ areaId: a.province, status: 'ACTIVE,EXITED' });
      expect(live.rows.slice(1)).toEqual(await byGraphQL('Province', a.province, ['ACTIVE', 'EXITED']));
      expect(live.rows).toHaveLength(39);
      // Streamed, the same filter in the COPY.
      expect((await csv({ areaId: a.province, status: 'ACTIVE,EXITED', all: 'true' })).text).toBe(live.text);
      expect((await csv({ areaId: a.province, status: 'SUSPENDED', all: 'true' })).text).toBe(only.text);
    } finally {
      await p.membershipDb.query(`UPDATE membership.member SET status = 'ACTIVE', suspension_reason = NULL WHERE id = ANY($1)`, [
        suspended,
      ]);
    }
  });
});

describe('SQL', () => {
  it("reads a page with the area's lookup and one keyset statement on the area's (area, id) index, nothing per member, on the first page and the next", async () => {
    const [a] = areas;
    const admin = bearer(token(Role.REGIONAL_ADMIN, a.province));
    await csv({ areaId: a.province, first: '1' }, admin); // the scope node's level, cached from then on
    const statements = async (query: Record<string, string>) => {
      p.counter.reset();
      const page = await csv(query, admin);
      expect(page.status).toBe(200);
      return { page, texts: p.counter.texts.map((t) => t.query).filter((q) => /membership\./.test(q)) };
    };
    const first = await statements({ areaId: a.province, first: '20' });
    // One COPY of the page and one more row (which says a next page exists), Postgres writing the CSV.
    const page = expect.stringMatching(
      /^COPY \(SELECT .* FROM membership\.member t WHERE t\.province_id = '[0-9a-f-]{36}' AND t\.id > '[0-9a-f-]{36}' ORDER BY t\.id LIMIT '21'\) TO STDOUT/,
    );
    expect(first.texts).toEqual([expect.stringContaining('UNION ALL'), page]);
    const next = await statements({ areaId: a.province, first: '20', after: first.page.headers['x-next-after'] });
    expect(next.texts).toEqual([expect.stringContaining('UNION ALL'), page]);
    expect(next.page.rows[1][0]).not.toBe(first.page.rows[1][0]);
    expect(next.page.rows).toHaveLength(21);
  });
});

describe('access', () => {
  const secret = authConfigFromEnv().userTokenSecret;
  const app = (grant: PartnerGrant, scope: string) =>
    signUserToken({ subject: `csv-app-${grant}`, role: Role.PARTNER_APP, scopeNodeId: scope, grants: [grant] }, secret);

  it("a county's admin exports her county and its villages; another county, the province: NOT_FOUND, as ids that do not exist", async () => {
    const [a] = areas;
    const [mine, other] = a.counties;
    const admin = bearer(token(Role.REGIONAL_ADMIN, mine));
    expect(await walk(mine, 500, admin)).toEqual(await byGraphQL('County', mine));
    expect((await csv({ areaId: a.villages[0] }, admin)).status).toBe(200);
    const villageOfOther: { id: string }[] = await p.membershipDb.query(`SELECT id FROM membership.village WHERE county_id = $1 LIMIT 1`, [
      other,
    ]);
    for (const id of [other, a.province, villageOfOther[0].id, '7d1f0a52-0000-4000-8000-000000000000']) {
      const refused = await csv({ areaId: id }, admin);
      expect([refused.status, refused.body.errors[0].extensions]).toEqual([404, { code: 'NOT_FOUND', field: 'areaId' }]);
    }
  });

  it("a province's admin reads no member of another province, even with its own province's cursor", async () => {
    const [a, b] = areas;
    const admin = bearer(token(Role.REGIONAL_ADMIN, a.province));
    expect((await csv({ areaId: b.province }, admin)).status).toBe(404);
    const cursor = (await csv({ areaId: a.province, first: '2' }, admin)).headers['x-next-after'];
    expect((await csv({ areaId: b.province, after: cursor }, admin)).status).toBe(404);
  });

  it('answers every caller as the GraphQL lists do: viewers and portfolio apps FORBIDDEN, partner apps per the permission rows', async () => {
    const [a] = areas;
    const [fund] = await p.membershipDb.query(`SELECT id FROM membership.fund WHERE province_id = $1 ORDER BY id LIMIT 1`, [a.province]);
    const callers: [string, string][] = [
      ['dashboard viewer', token(Role.DASHBOARD_VIEWER, a.province)],
      ['portfolio app', app(PartnerGrant.PORTFOLIO_READ, a.province)],
      ['fund-write app of a fund', app(PartnerGrant.FUND_WRITE, fund.id)],
      ['fund officer', token(Role.FUND_OFFICER, fund.id)],
      ['province admin', token(Role.REGIONAL_ADMIN, a.province)],
    ];
    const codes: Record<string, string | null> = {};
    for (const [who, value] of callers) {
      for (const [type, id] of [
        ['Province', a.province],
        ['Village', a.villages[0]],
      ] as const) {
        const graphql = await p.gql(value, PAGE(type), { id, first: 500 });
        const exported = await csv({ areaId: id }, bearer(value));
        const expected = graphql.errors?.length ? failure(graphql).code! : graphql.data?.node ? null : 'NOT_FOUND';
        codes[`${who} ${type}`] = expected;
        if (expected === null) {
          expect({ who, type, status: exported.status }).toEqual({ who, type, status: 200 });
          expect(exported.rows.slice(1)).toEqual(await byGraphQL(type, id));
        } else {
          expect({ who, type, code: exported.body.errors[0].extensions.code }).toEqual({ who, type, code: expected });
          expect(exported.status).toBe(expected === 'FORBIDDEN' ? 403 : 404);
        }
      }
    }
    // Refused for the area itself, not only row by row: an empty page too.
    const empty = await csv({ areaId: a.province, status: 'EXITED' }, bearer(token(Role.DASHBOARD_VIEWER, a.province)));
    expect([empty.status, empty.body?.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    expect(codes).toEqual({
      'dashboard viewer Province': 'FORBIDDEN',
      'dashboard viewer Village': 'FORBIDDEN',
      'portfolio app Province': 'FORBIDDEN',
      'portfolio app Village': 'FORBIDDEN',
      'fund-write app of a fund Province': 'NOT_FOUND',
      'fund-write app of a fund Village': 'NOT_FOUND',
      'fund officer Province': 'NOT_FOUND',
      'fund officer Village': 'NOT_FOUND',
      'province admin Province': null,
      'province admin Village': null,
    });
  });

  it('no credentials: 401 UNAUTHENTICATED; a bad token or API key: 401, as on /graphql', async () => {
    const [a] = areas;
    const none = await csv({ areaId: a.province }, {});
    expect([none.status, none.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const bad = await csv({ areaId: a.province }, bearer('not-a-token'));
    expect([bad.status, bad.body.errors[0].extensions.code]).toEqual([401, 'INVALID_TOKEN']);
    // A partner app's key is checked as on /graphql (by membership, the same answer).
    const key = 'fk_0198a1b2-0000-7000-8000-000000000000_' + 'x'.repeat(43);
    const badKey = await csv({ areaId: a.province }, { 'x-api-key': key });
    const graphql = await request(p.gatewayUrl.replace(/\/graphql$/, ''))
      .post('/graphql')
      .set('x-api-key', key)
      .send({ query: '{ __typename }' });
    expect([badKey.status, badKey.body.errors[0].extensions.code]).toEqual([graphql.status, graphql.body.errors[0].extensions.code]);
    expect(badKey.status).toBe(401);
  });

  it("membership's internal route lets in only the gateway's signed identity", async () => {
    const [a] = areas;
    const origin = p.membershipUrl.replace(/\/graphql$/, '');
    const direct = await request(origin)
      .get(`/internal/exports/members.csv?areaId=${a.province}`)
      .set('authorization', `Bearer ${p.national}`);
    expect([direct.status, direct.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const forged = await request(origin).get(`/internal/exports/members.csv?areaId=${a.province}`).set('x-gateway-identity', 'forged');
    expect([forged.status, forged.body.errors[0].extensions.code]).toEqual([401, 'NOT_FROM_GATEWAY']);
    expect(forged.text).not.toContain('"id"');
  });
});

describe('bad input', () => {
  it('answers each with a coded JSON error and its HTTP status, never CSV, HTML or a stack', async () => {
    const [a, b] = areas;
    const [fund] = await p.membershipDb.query(`SELECT id FROM membership.fund WHERE province_id = $1 LIMIT 1`, [a.province]);
    const countyCursor = (await csv({ areaId: a.counties[0], first: '1' })).headers['x-next-after'];
    const otherCursor = (await csv({ areaId: b.province, first: '1' })).headers['x-next-after'];
    const fundCursor = ok(
      await p.gql(p.national, `query($id: ID!) { node(id: $id) { ... on Fund { members(first: 1) { pageInfo { endCursor } } } } }`, {
        id: fund.id,
      }),
    ).node.members.pageInfo.endCursor;
    const cases: [string, string, number, string, string][] = [
      ['no areaId', '', 400, 'INVALID_INPUT', 'areaId'],
      ['areaId not an id', 'areaId=abc', 400, 'INVALID_INPUT', 'areaId'],
      ['areaId twice', `areaId=${a.province}&areaId=${b.province}`, 400, 'INVALID_INPUT', 'areaId'],
      ['areaId of a fund', `areaId=${fund.id}`, 400, 'INVALID_INPUT', 'areaId'],
      ['areaId of a member', `areaId=${a.members[0]}`, 400, 'INVALID_INPUT', 'areaId'],
      ['first 0', `areaId=${a.province}&first=0`, 400, 'INVALID_PAGE_SIZE', 'first'],
      ['first 501', `areaId=${a.province}&first=501`, 400, 'INVALID_PAGE_SIZE', 'first'],
      ['first -3', `areaId=${a.province}&first=-3`, 400, 'INVALID_PAGE_SIZE', 'first'],
      ['first text', `areaId=${a.province}&first=ten`, 400, 'INVALID_PAGE_SIZE', 'first'],
      ['first 2.5', `areaId=${a.province}&first=2.5`, 400, 'INVALID_PAGE_SIZE', 'first'],
      ['cursor garbage', `areaId=${a.province}&after=not%20a%20cursor`, 400, 'INVALID_CURSOR', 'after'],
      ['cursor empty', `areaId=${a.province}&after=`, 400, 'INVALID_CURSOR', 'after'],
      ["a county's cursor", `areaId=${a.province}&after=${countyCursor}`, 400, 'INVALID_CURSOR', 'after'],
      ["another province's cursor", `areaId=${a.province}&after=${otherCursor}`, 400, 'INVALID_CURSOR', 'after'],
      ["a fund's members' cursor", `areaId=${a.province}&after=${fundCursor}`, 400, 'INVALID_CURSOR', 'after'],
      ['cursor too long', `areaId=${a.province}&after=${'A'.repeat(5000)}`, 400, 'INVALID_CURSOR', 'after'],
      ['unknown status', `areaId=${a.province}&status=ACTIVE,GONE`, 400, 'INVALID_INPUT', 'status'],
      ['empty status', `areaId=${a.province}&status=`, 400, 'INVALID_INPUT', 'status'],
      ['all neither true nor false', `areaId=${a.province}&all=yes`, 400, 'INVALID_INPUT', 'all'],
      ['all=true with first', `areaId=${a.province}&all=true&first=10`, 400, 'INVALID_INPUT', 'first'],
      ['all=true of a fund', `areaId=${fund.id}&all=true`, 400, 'INVALID_INPUT', 'areaId'],
    ];
    for (const [what, query, status, code, field] of cases) {
      const answer = await csv(query);
      expect({ what, status: answer.status, type: answer.headers['content-type'] }).toEqual({
        what,
        status,
        type: 'application/json; charset=utf-8',
      });
      expect({ what, ...answer.body.errors[0].extensions }).toEqual({ what, code, field });
      expect(answer.text).not.toMatch(/at \w+ \(|<html/i);
    }
  });
});
