// Prints the SQL that would bring a migrated database in line with a service's entities.
// Empty output means migrations and entities agree. Use it to write the next migration:
//   pnpm build && node scripts/migration-diff.mjs membership
import { startScratchPostgres } from '../packages/db-kit/dist/index.js';
import { SERVICES } from './lib/services.mjs';

const name = process.argv[2];
const service = SERVICES.find((s) => s.name === name);
if (!service) {
  console.error(`usage: node scripts/migration-diff.mjs <${SERVICES.map((s) => s.name).join('|')}>`);
  process.exit(2);
}
const pg = await startScratchPostgres('diff');
try {
  const mod = await service.load();
  const ds = mod.createDataSource(pg.url);
  await mod.migrate(ds);
  const log = await ds.driver.createSchemaBuilder().log();
  for (const q of log.upQueries) console.log(`${q.query};${q.parameters?.length ? ` -- ${JSON.stringify(q.parameters)}` : ''}`);
  // Indexes TypeORM cannot model (expressions) are declared with synchronize: false and made by a
  // migration; the schema builder skips them, so say here when one is missing.
  const indexes = await ds.query('SELECT tablename, indexname FROM pg_indexes');
  for (const entity of ds.entityMetadatas) {
    for (const index of entity.indices.filter((i) => i.synchronize === false)) {
      if (!indexes.some((row) => row.indexname === index.name && row.tablename === entity.tableName))
        console.log(
          `-- missing: index "${index.name}" on ${entity.tableName} (declared with synchronize: false; create it in a migration)`,
        );
    }
  }
  if (process.argv.includes('--down')) for (const q of log.downQueries) console.log(`-- down: ${q.query};`);
  await ds.destroy();
} finally {
  await pg.stop();
}
