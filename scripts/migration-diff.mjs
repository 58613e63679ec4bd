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
  if (process.argv.includes('--down')) for (const q of log.downQueries) console.log(`-- down: ${q.query};`);
  await ds.destroy();
} finally {
  await pg.stop();
}
