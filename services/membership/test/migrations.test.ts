import { createTestDatabase, TestDatabase } from '@funds/testing';
import type { DataSource } from 'typeorm';
import { createMembershipDataSource } from '../src/database';
import { loadDemoNetwork } from '../src/demo/load-demo';

let db: TestDatabase;
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  ds = createMembershipDataSource(db.url);
  await ds.initialize();
});
afterAll(async () => {
  await ds.destroy();
  await db.drop();
});

it('migrations and entities agree: the schema builder finds nothing to change', async () => {
  const diff = await ds.driver.createSchemaBuilder().log();
  expect(diff.upQueries.map((q) => q.query)).toEqual([]);
});

it('every index an entity leaves to the migrations (synchronize: false) exists on its table; names are unique over name_key', async () => {
  const declared = ds.entityMetadatas.flatMap((entity) =>
    entity.indices.filter((index) => index.synchronize === false).map((index) => ({ table: entity.tableName, name: index.name })),
  );
  expect(declared.map((d) => d.name).sort()).toEqual([
    'county_name_key',
    'fund_name_key',
    'group_name_key',
    'partner_name_key',
    'province_name_key',
    'village_name_key',
  ]);
  const indexes: { tablename: string; indexname: string; indexdef: string }[] = await ds.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'membership'`,
  );
  for (const { table, name } of declared) {
    const index = indexes.find((i) => i.indexname === name);
    expect({ name, table: index?.tablename }).toEqual({ name, table });
    expect(index!.indexdef).toMatch(/^CREATE UNIQUE INDEX .*membership\.name_key\(name\)\)$/);
  }
});

it('every migration goes down and up again', async () => {
  const applied = await ds.query('SELECT name FROM membership.migrations ORDER BY id');
  for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
  expect(
    await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'membership' AND table_name <> 'migrations'`),
  ).toEqual([]);
  await ds.runMigrations({ transaction: 'each' });
  expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  expect(
    await ds.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'membership' AND indexname LIKE '%_name_key'`),
  ).toEqual([{ n: 6 }]);
  expect(await ds.query('SELECT code FROM membership.country ORDER BY code')).toEqual([{ code: 'IR' }, { code: 'VN' }]);
});

it('loads the whole demo network through the services, every rule applied', async () => {
  const summary = await loadDemoNetwork(ds);
  expect(summary).toMatchObject({ provinces: 5, funds: 33, members: 735 });
  const [counts] = await ds.query(`SELECT
      (SELECT count(*)::int FROM membership.fund WHERE status = 'ACTIVE') AS active,
      (SELECT count(*)::int FROM membership.fund WHERE status = 'FORMING') AS forming,
      (SELECT count(*)::int FROM membership.county c JOIN membership.province p ON p.id = c.province_id WHERE p.name_latin = 'Zanjan') AS zanjan_counties,
      (SELECT count(*)::int FROM membership.fund f JOIN membership.province p ON p.id = f.province_id WHERE p.name_latin = 'Zanjan') AS zanjan_funds,
      (SELECT count(*)::int FROM membership.officer) AS officers,
      (SELECT count(*)::int FROM membership.outbox WHERE type = 'MemberEnrolled') AS enrolled_events`);
  expect(counts).toEqual({
    active: 31,
    forming: 2,
    zanjan_counties: 7,
    zanjan_funds: 20,
    officers: expect.any(Number),
    enrolled_events: 735,
  });
  const [doanKet] = await ds.query(
    `SELECT f.methodology, f.currency, count(m.id)::int AS members FROM membership.fund f JOIN membership.member m ON m.fund_id = f.id WHERE f.name = 'Nhóm Đoàn Kết' GROUP BY 1, 2`,
  );
  expect(doanKet).toMatchObject({ methodology: 'SAVINGS_GROUP', currency: 'VND' });
}, 120_000);
