// Applies every service's pending migrations to DATABASE_URL, one service after another, then exits.
// `pnpm db:migrate` builds first and runs this; the Docker image runs it as the one-shot `migrate`
// service so that the subgraphs start with MIGRATE_ON_START=false and never race each other.
// Each service creates its own Postgres schema (membership, savings_loan, reporting) if missing.
import { migrateAllServices } from './lib/services.mjs';

const url = process.env.DATABASE_URL;
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
