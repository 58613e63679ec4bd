// Applies every service's pending migrations to DATABASE_URL, one service after another, then exits.
// `pnpm db:migrate` builds first and runs this; the Docker image runs it as the one-shot `migrate`
// service so that the subgraphs start with MIGRATE_ON_START=false and never race each other.
// Each service creates its own Postgres schema (membership, savings_loan, reporting) if missing.
// Settings come from packages/config, as in every process: a bad value stops it, naming the variable.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, migrateAllServices } from './lib/services.mjs';

const { loadConfig } = createRequire(import.meta.url)(join(ROOT, 'packages/config/dist/index.js'));
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`migrate: ${error.message}`);
  process.exit(1);
}
const url = config.DATABASE_URL;
if (!url) {
  console.error('migrate: DATABASE_URL is not set (e.g. postgres://user:password@host:5432/funds)');
  process.exit(1);
}

try {
  let applied = 0;
  await migrateAllServices(url, (line) => {
    applied += 1;
    console.log(`[migrate] ${line}`);
  });
  console.log(applied ? '[migrate] done' : '[migrate] every schema is up to date');
} catch (error) {
  console.error('[migrate] failed:', error);
  process.exit(1);
}
