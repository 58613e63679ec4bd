import { createTestDatabase, TestDatabase } from '@funds/testing';
import type { DataSource } from 'typeorm';
import { createReportingDataSource } from '../src/database';

let db: TestDatabase;
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  ds = createReportingDataSource(db.url);
  await ds.initialize();
});
afterAll(async () => {
  await ds.destroy();
  await db.drop();
});

const nodeIndexes = async (): Promise<string[]> =>
  (
    await ds.query<{ indexdef: string }[]>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'reporting' AND tablename = 'node' ORDER BY indexname`,
    )
  ).map((r) => r.indexdef.replace(/^CREATE (UNIQUE )?INDEX (\w+) ON reporting\.node USING btree /, '$2 '));

it("finds a node's children by (ancestor, level): one two-column index per ancestor, no one-column index beside it", async () => {
  expect(await nodeIndexes()).toEqual([
    'node_ancestry_key (id, province_id, county_id, village_id)',
    'node_county_id_level_idx (county_id, level)',
    'node_fund_id_level_idx (fund_id, level)',
    'node_group_id_idx (group_id)',
    'node_pkey (id)',
    'node_province_id_level_idx (province_id, level)',
    'node_village_id_level_idx (village_id, level)',
  ]);
});

it('every migration goes down and up again', async () => {
  const before = await nodeIndexes();
  const applied: unknown[] = await ds.query('SELECT name FROM reporting.migrations ORDER BY id');
  for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
  expect(
    await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting' AND table_name <> 'migrations'`),
  ).toEqual([]);
  await ds.runMigrations({ transaction: 'each' });
  expect(await ds.query('SELECT name FROM reporting.migrations ORDER BY id')).toEqual(applied);
  expect(await nodeIndexes()).toEqual(before);
});
