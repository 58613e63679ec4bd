// Rebuilds reporting's read models from zero in the database at DATABASE_URL (the database
// owner's): in ONE transaction it empties the read models, forgets the applied event ids and sets
// every consumer's checkpoint back to the start of its producer's outbox; the running reporting
// service's consumers then replay every event. With --replay it also replays them here, in this
// process, and waits until both consumers have reached their producer's outbox head (for a
// reporting service that is stopped; a running one may replay alongside: events apply once).
// Uses the built code.
//
//   DATABASE_URL=postgres://... node scripts/rebuild-reporting.mjs [--replay]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, SERVICES } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { loadConfig } = require(join(ROOT, 'packages/config/dist/index.js'));
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`rebuild-reporting: ${error.message}`);
  process.exit(1);
}
if (!config.DATABASE_URL) {
  console.error('rebuild-reporting: DATABASE_URL is not set (the database owner, e.g. postgres://user:password@host:5432/funds)');
  process.exit(1);
}
const replay = process.argv.includes('--replay');

let ds;
let consumers;
try {
  const reporting = SERVICES.find((s) => s.name === 'reporting');
  ds = (await reporting.load()).createDataSource(config.DATABASE_URL);
  await ds.initialize();
  const { emptyReadModels, createReportingConsumers, reportingEventSettings } = require(join(ROOT, reporting.dir, 'dist', 'index.js'));
  const result = await emptyReadModels(ds);
  const rows = Object.entries(result.removed)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  console.log(
    `[rebuild-reporting] emptied (${rows}); ${result.appliedEvents} applied event ids forgotten; ${result.checkpoints} checkpoints reset`,
  );
  if (replay) {
    const started = Date.now();
    consumers = await createReportingConsumers(ds, reportingEventSettings());
    await consumers.drain();
    console.log(`[rebuild-reporting] replayed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } else {
    console.log('[rebuild-reporting] the reporting service replays every event now (its lag is on GET /health)');
  }
} catch (error) {
  console.error('[rebuild-reporting] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await consumers?.stop();
  await ds?.destroy();
}
