import { Role } from '@funds/auth';
import { SYSTEM_SCOPE, ScopedDatabase, assertApplicationRole, copyOut, preparedQuery } from '@funds/db-kit';
import { QueryFailedError } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { TestPlatform, ok, startTestPlatform } from '../../../test/support/platform';
import { createMembershipDataSource } from '../src/database';
import { Tree, createTree, enrol, op } from './support/factories';

/**
 * Row-level security, the database's own wall behind the resolvers: the subgraphs connect as an
 * application role that owns no table and cannot bypass the policies, every table of regional
 * data has a policy, and the caller's scope lives only as long as its transaction.
 */
let p: TestPlatform;
let north: Tree;
let south: Tree;
/** The application role's pool of two connections, shared by both regions' work. */
let pool: DataSource;
let db: ScopedDatabase;

/** Service schemas, and the tables in them that are network-wide on purpose (no regional rows). */
const SCHEMAS = ['membership', 'savings_loan', 'reporting'];
const NETWORK_WIDE: Record<string, string> = {
  'membership.country': 'the two countries: reference data',
  'membership.partner': 'partner organisations: network-wide reference data (their links to nodes have a policy)',
  'membership.migrations': 'migration names; the application role may only read it',
  'savings_loan.migrations': 'migration names; the application role may only read it',
  'savings_loan.partner_ref': "savings-loan's copy of the partner registry (names and kinds): network-wide reference data",
  'reporting.migrations': 'migration names; the application role may only read it',
};

beforeAll(async () => {
  p = await startTestPlatform({ membershipPoolSize: 2 });
  north = await createTree(p);
  south = await createTree(p);
  for (const tree of [north, south]) for (let i = 0; i < 3; i++) ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));
  pool = createMembershipDataSource(p.appUrl, undefined, 2);
  await pool.initialize();
  db = new ScopedDatabase(pool);
});
afterAll(async () => {
  await pool.destroy();
  await p.stop();
});

describe('the tables', () => {
  it('every table of every service schema has row-level security on and a policy, unless it is network-wide on purpose', async () => {
    const tables: { name: string; rls: boolean; policies: number }[] = await p.membershipDb.query(
      `SELECT n.nspname || '.' || c.relname AS name, c.relrowsecurity AS rls,
              (SELECT count(*)::int FROM pg_policies pol WHERE pol.schemaname = n.nspname AND pol.tablename = c.relname) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) ORDER BY 1`,
      [SCHEMAS],
    );
    const unguarded = tables.filter((t) => !NETWORK_WIDE[t.name] && (!t.rls || t.policies === 0)).map((t) => t.name);
    expect(unguarded).toEqual([]);
    // The list of exceptions names real tables only, and none of them holds an ancestry or fund column.
    expect(Object.keys(NETWORK_WIDE).filter((name) => !tables.some((t) => t.name === name))).toEqual([]);
    const [{ n }] = await p.membershipDb.query(
      `SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_schema || '.' || table_name = ANY($1)
          AND column_name IN ('province_id', 'county_id', 'village_id', 'fund_id', 'group_id', 'member_id', 'node_id')`,
      [Object.keys(NETWORK_WIDE)],
    );
    expect(n).toBe(0);
  });

  it('the application role owns nothing, is no superuser and cannot bypass the policies; the services refuse a role that could', async () => {
    await expect(assertApplicationRole(pool, 'membership')).resolves.toBeUndefined();
    const [role] = await pool.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    // The owner (what migrations use) is refused as the services' connection.
    await expect(assertApplicationRole(p.membershipDb, 'membership')).rejects.toThrow(/row-level security would not bind it/);
    // And the application role cannot take the policies off, nor change the tables.
    await expect(pool.query('ALTER TABLE membership.member DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(pool.query('DROP POLICY scope ON membership.member')).rejects.toThrow(/must be owner/);
  });
});

describe('the scope of a transaction', () => {
  const memberProvinces = (scope: { nodeId: string | null; role: string }) =>
    db.read(scope, async (em) =>
      (await em.query(`SELECT DISTINCT province_id FROM membership.member`)).map((r: { province_id: string }) => r.province_id),
    );

  it('without a scope, the application role reads no row and writes none', async () => {
    expect(await pool.query('SELECT count(*)::int AS n FROM membership.member')).toEqual([{ n: 0 }]);
    expect(await pool.query('SELECT count(*)::int AS n FROM membership.fund')).toEqual([{ n: 0 }]);
    await expect(
      pool.query(`UPDATE membership.fund SET name = 'x' WHERE id = $1 RETURNING id`, [north.fundId]).then((r) => r[0]),
    ).resolves.toEqual([]);
  });

  it('interleaved transactions of two regions on a pool of two connections: no row of the other region, and no scope left on a connection', async () => {
    const regions = [
      { scope: { nodeId: north.countyId, role: Role.REGIONAL_ADMIN }, province: north.provinceId },
      { scope: { nodeId: south.fundId, role: Role.FUND_OFFICER }, province: south.provinceId },
    ];
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) => regions[i % 2]).map(async (region) => ({ region, rows: await memberProvinces(region.scope) })),
    );
    for (const { region, rows } of seen) expect(rows).toEqual([region.province]);
    // Between and after them, a statement outside a transaction on the same two connections sees nothing.
    const after = await Promise.all(Array.from({ length: 4 }, () => pool.query('SELECT count(*)::int AS n FROM membership.member')));
    expect(after).toEqual(Array.from({ length: 4 }, () => [{ n: 0 }]));
    // The whole network is the platform's own scope (and a national admin's).
    expect((await memberProvinces(SYSTEM_SCOPE)).sort()).toEqual([north.provinceId, south.provinceId].sort());
  });

  it('a read is a read-only transaction, even in the scope it may write in, and the next transaction on its connection is not', async () => {
    const scope = { nodeId: north.countyId, role: Role.REGIONAL_ADMIN };
    await expect(db.read(scope, (em) => em.query(`UPDATE membership.fund SET name = name WHERE id = $1`, [north.fundId]))).rejects.toThrow(
      /read-only transaction/,
    );
    const modes = await Promise.all(
      Array.from({ length: 4 }, () =>
        db.transaction(scope, async (em) => (await em.query('SHOW transaction_read_only'))[0].transaction_read_only),
      ),
    );
    expect(modes).toEqual(['off', 'off', 'off', 'off']);
  });

  it("a read answers before its COMMIT returns; the connection's next transaction still starts after it (reads and writes interleaved on two connections)", async () => {
    const scope = { nodeId: north.countyId, role: Role.REGIONAL_ADMIN };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? db.read(scope, async (em) => (await em.query(`SELECT current_setting('transaction_read_only') AS ro`))[0].ro)
          : // A write that began inside a read's unfinished transaction would be refused as read-only.
            db.transaction(scope, async (em) => {
              await em.query(`UPDATE membership.fund SET name = name WHERE id = $1`, [north.fundId]);
              return (await em.query(`SELECT current_setting('transaction_read_only') AS ro`))[0].ro;
            }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'on' : 'off')));
    // Nothing is left open: outside a transaction, a connection has no scope and no transaction.
    const idle = await Promise.all(Array.from({ length: 2 }, () => pool.query(`SELECT now() = statement_timestamp() AS fresh`)));
    expect(idle).toEqual([[{ fresh: true }], [{ fresh: true }]]);
  });

  it('prepared statements: planned once per connection (generically), rows as text arrays on request, failures as TypeORM failures', async () => {
    const scope = { nodeId: north.countyId, role: Role.REGIONAL_ADMIN };
    const text = `SELECT id, to_char(created_at, 'YYYY') AS year FROM membership.fund WHERE id = $1`;
    const seen = await db.read(scope, async (em) => {
      const rows = [];
      for (let i = 0; i < 3; i++) rows.push(await preparedQuery(em, text, [north.fundId], { arrays: true, text: true }));
      const statement = await em.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1`, [text]);
      return { rows, statement, mode: (await em.query(`SHOW plan_cache_mode`))[0].plan_cache_mode };
    });
    expect(seen.mode).toBe('force_generic_plan');
    expect(seen.statement).toEqual([{ generic_plans: '3', custom_plans: '0' }]);
    expect(seen.rows.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(seen.rows[0][0]).toEqual([north.fundId, expect.stringMatching(/^\d{4}$/)]);
    // Row-level security binds them as any statement: the other region's fund is not there.
    expect(await db.read(scope, (em) => preparedQuery(em, text, [south.fundId]))).toEqual([]);
    await expect(db.read(scope, (em) => preparedQuery(em, `SELECT 1/0 AS x WHERE $1::uuid IS NOT NULL`, [north.fundId]))).rejects.toThrow(
      QueryFailedError,
    );
  });

  it('COPY out: bound by row-level security, values as escaped literals; a reader that fails early leaves the connection usable; failures as TypeORM failures', async () => {
    const scope = { nodeId: north.countyId, role: Role.REGIONAL_ADMIN };
    const copy = (em: EntityManager, text: string, values: (string | string[])[], write = async (_chunk: Buffer) => {}) => {
      const chunks: Buffer[] = [];
      return copyOut(em, text, values, async (chunk) => {
        chunks.push(chunk);
        await write(chunk);
      }).then(() => Buffer.concat(chunks).toString('utf8'));
    };
    const provinces = `COPY (SELECT DISTINCT province_id FROM membership.member WHERE family_name <> $1 AND status = ANY($2)) TO STDOUT`;
    expect(await db.read(scope, (em) => copy(em, provinces, ["it's \\ no one", ['ACTIVE', 'SUSPENDED']]))).toBe(`${north.provinceId}\n`);
    const everywhere = await db.read(SYSTEM_SCOPE, (em) => copy(em, provinces, ['', ['ACTIVE']]));
    expect(everywhere.trim().split('\n').sort()).toEqual([north.provinceId, south.provinceId].sort());
    // 200,000 lines, the reader gone after the first chunk: the rest is read and dropped, the failure thrown, and
    // the same transaction goes on.
    const after = await db.read(scope, async (em) => {
      const gone = await copy(em, `COPY (SELECT repeat('x', 100) FROM generate_series(1, 200000)) TO STDOUT`, [], async () => {
        throw new Error('the client went away');
      }).catch((error: Error) => error.message);
      return { gone, next: (await em.query(`SELECT count(*)::int AS n FROM membership.member`))[0].n };
    });
    expect(after).toEqual({ gone: 'the client went away', next: expect.any(Number) });
    expect(after.next).toBeGreaterThan(0);
    await expect(db.read(scope, (em) => copy(em, `COPY (SELECT 1/0) TO STDOUT`, []))).rejects.toThrow(QueryFailedError);
    // Nothing is left open on the connections.
    expect(await Promise.all(Array.from({ length: 2 }, () => pool.query(`SELECT 1 AS one`)))).toEqual([[{ one: 1 }], [{ one: 1 }]]);
  });

  it('a write outside the scope is refused by the database itself', async () => {
    const scope = { nodeId: north.countyId, role: Role.REGIONAL_ADMIN };
    const changed = await db.transaction(scope, (em) =>
      em.query(`UPDATE membership.fund SET name = name || ' (x)' WHERE id = ANY($1) RETURNING id`, [[north.fundId, south.fundId]]),
    );
    expect(changed[0].map((r: { id: string }) => r.id)).toEqual([north.fundId]);
    // Moving a row out of the scope fails the policy's WITH CHECK.
    await expect(
      db.transaction(scope, (em) =>
        em.query(`UPDATE membership.village SET county_id = $1, province_id = $2 WHERE id = $3`, [
          south.countyId,
          south.provinceId,
          north.villageId,
        ]),
      ),
    ).rejects.toThrow(/violates row-level security policy/);
  });

  it("the nodes above the scope node are readable (breadcrumbs, a fund's currency), never writable; nothing else outside the subtree", async () => {
    const scope = { nodeId: north.groupId, role: Role.REGIONAL_ADMIN };
    const seen = await db.read(scope, async (em) => ({
      provinces: (await em.query(`SELECT id FROM membership.province`)).map((r: { id: string }) => r.id),
      funds: (await em.query(`SELECT id FROM membership.fund`)).map((r: { id: string }) => r.id),
      officers: (await em.query(`SELECT count(*)::int AS n FROM membership.officer`))[0].n,
    }));
    expect(seen).toEqual({ provinces: [north.provinceId], funds: [north.fundId], officers: 0 });
    const renamed = await db.transaction(scope, (em) =>
      em.query(`UPDATE membership.fund SET name = 'x' WHERE id = $1 RETURNING id`, [north.fundId]),
    );
    expect(renamed[0]).toEqual([]);
    await expect(
      db.transaction(scope, (em) => em.query(`SELECT id FROM membership.fund WHERE id = $1 FOR UPDATE`, [north.fundId])),
    ).resolves.toEqual([]);
  });

  it('through the gateway, requests of two regions interleaved on a pool of two connections see only their own region', async () => {
    const northAdmin = p.token(Role.REGIONAL_ADMIN, north.countyId, 'north-admin');
    const southOfficer = p.token(Role.FUND_OFFICER, south.fundId, 'south-officer');
    const query = `query($id: ID!) { node(id: $id) { ... on Fund { id members(first: 50) { totalCount nodes { id fund { id } } } } } }`;
    const asks = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? { token: northAdmin, own: north.fundId, other: south.fundId }
        : { token: southOfficer, own: south.fundId, other: north.fundId },
    );
    const answers = await Promise.all(
      asks.flatMap((ask) => [
        p.gql(ask.token, query, { id: ask.own }).then((r) => ({ ask, own: true, r })),
        p.gql(ask.token, query, { id: ask.other }).then((r) => ({ ask, own: false, r })),
      ]),
    );
    for (const { ask, own, r } of answers) {
      expect(r.errors).toBeUndefined();
      if (!own) expect(r.data.node).toBeNull();
      else {
        expect(r.data.node.members.totalCount).toBe(3);
        expect(r.data.node.members.nodes.every((m: { fund: { id: string } }) => m.fund.id === ask.own)).toBe(true);
      }
    }
    ok(await p.gql(northAdmin, op('create-village'), { input: { countyId: north.countyId, name: 'روستای تازه' } }));
  });
});
