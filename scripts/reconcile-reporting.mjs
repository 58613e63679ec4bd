// Compares, for every fund and currency, reporting's totals (gross loan portfolio, loans
// outstanding, principal written off, savings, shares, social fund) with the ledger's
// (savings_loan's account balances and postings) in the database at DATABASE_URL, and lists each
// difference. An operator's tool: it reads both schemas, so DATABASE_URL is the database owner's
// (the services themselves never read each other's tables). Exit code 0: no difference; 2: some
// (listed on stdout, one JSON line each with --json); 1: it could not run. Uses the built code.
//
//   DATABASE_URL=postgres://... node scripts/reconcile-reporting.mjs [--json]
//   pnpm build && node scripts/reconcile-reporting.mjs
//
// Settle reporting's consumers first (their lag is on reporting's GET /health): an event not yet
// applied shows as a difference.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, SERVICES } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { loadConfig } = require(join(ROOT, 'packages/config/dist/index.js'));
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`reconcile-reporting: ${error.message}`);
  process.exit(1);
}
if (!config.DATABASE_URL) {
  console.error('reconcile-reporting: DATABASE_URL is not set (the database owner, e.g. postgres://user:password@host:5432/funds)');
  process.exit(1);
}
const json = process.argv.includes('--json');

let ds;
try {
  const reporting = SERVICES.find((s) => s.name === 'reporting');
  ds = (await reporting.load()).createDataSource(config.DATABASE_URL);
  await ds.initialize();
  const { reconcileReporting } = require(join(ROOT, reporting.dir, 'dist', 'index.js'));
  const { funds, differences } = await reconcileReporting(ds);
  if (json) {
    for (const d of differences) console.log(JSON.stringify(d));
  } else {
    for (const d of differences) {
      console.log(`fund ${d.fundId} ${d.currency} ${d.figure}: reporting ${d.reporting}, ledger ${d.ledger} (difference ${d.difference})`);
    }
  }
  console.error(`[reconcile-reporting] ${funds} fund currencies compared, ${differences.length} difference(s)`);
  process.exitCode = differences.length === 0 ? 0 : 2;
} catch (error) {
  console.error('[reconcile-reporting] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await ds?.destroy();
}
