// Builds the national-scale synthetic network (scripts/lib/synthetic.mjs) in a migrated, empty
// database: membership's hierarchy and members, savings-loan's books (every invariant kept by the
// books' own triggers) and reporting's read models, deterministic for a seed. Prints how long it
// took and the database's size.
//
//   pnpm seed:synthetic --scale 0.1 [--seed 1]       into DATABASE_URL (migrated first)
//   pnpm seed:synthetic --scale 1 --scratch                      into a scratch PostgreSQL, measured, then removed
//   --no-migrate when the database is migrated already (tests' template copies); add --json for one JSON line of the figures, --checksum for a checksum of the rows in it (same seed, same checksum)
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, migrateAllServices } from './lib/services.mjs';
import { seedSynthetic, syntheticChecksum, syntheticShape } from './lib/synthetic.mjs';
import { warmSnapshots } from './lib/bench-kit.mjs';

const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const scale = Number(arg('scale', '0.01'));
const seed = Number(arg('seed', '1'));
const scratch = process.argv.includes('--scratch');
const json = process.argv.includes('--json');
const log = (line) => console.error(`[seed:synthetic] ${line}`);

try {
  syntheticShape(scale);
} catch (error) {
  console.error(`seed:synthetic: ${error.message}`);
  process.exit(1);
}
let url;
let stop = async () => {};
if (scratch) {
  const { startScratchPostgres } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
  const pg = await startScratchPostgres('synthetic');
  url = pg.url;
  stop = () => pg.stop();
} else {
  const { loadConfig } = require(join(ROOT, 'packages/config/dist/index.js'));
  try {
    url = loadConfig().DATABASE_URL;
  } catch (error) {
    console.error(`seed:synthetic: ${error.message}`);
    process.exit(1);
  }
  if (!url) {
    console.error(
      'seed:synthetic: DATABASE_URL is not set (the database owner, e.g. postgres://user:password@host:5432/funds), or pass --scratch',
    );
    process.exit(1);
  }
}
try {
  const started = Date.now();
  if (!process.argv.includes('--no-migrate')) await migrateAllServices(url);
  log(`scale ${scale}, seed ${seed}: ${JSON.stringify(syntheticShape(scale))}`);
  const result = await seedSynthetic(url, { scale, seed, log });
  const warmed = await warmSnapshots(url, log);
  const seconds = (Date.now() - started) / 1000;
  const c = result.counts;
  log(
    `loaded in ${seconds.toFixed(0)}s: ${c.provinces} provinces, ${c.counties} counties, ${c.villages} villages, ${c.funds} funds, ${c.groups} groups, ` +
      `${c.members} members, ${c.loans} loans (${c.instalments} instalments), ${c.entries} journal entries, ${c.postings} postings; ` +
      `database ${(c.bytes / 2 ** 30).toFixed(2)} GiB${warmed ? `; snapshots warmed in ${warmed.toFixed(0)}s` : ''}`,
  );
  let checksum;
  if (process.argv.includes('--checksum')) {
    const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));
    const client = new Client({ connectionString: url });
    await client.connect();
    checksum = await syntheticChecksum((sql) => client.query(sql)).finally(() => client.end());
  }
  if (json) console.log(JSON.stringify({ ...result, seconds, snapshotSeconds: warmed, checksum }));
} catch (error) {
  console.error('[seed:synthetic] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await stop();
}
