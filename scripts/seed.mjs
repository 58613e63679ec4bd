// Loads the demo network (DESIGN.md's programmes: Zanjan, North Khorasan, Kermanshah, Isfahan, Yen
// Bai) into the database at DATABASE_URL: migrates every service first, then loads it through the
// membership services, as `npm start` does on an empty database. It loads only into an empty
// network and says so otherwise, so running it twice is harmless. The books history (partner
// capital, savings, loans) is not loaded here: it goes through the gateway, which seed does not
// run; `npm start` loads it on its first start with the demo network's books empty.
//
//   pnpm seed                                                   (builds first)
//   DATABASE_URL=postgres://... node scripts/seed.mjs           (built code)
//   docker compose --profile demo run --rm seed                 (in the containers)
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, SERVICES, migrateAllServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
// Settings come from packages/config, as in every process: a bad value stops it, naming the variable.
const { loadConfig } = require(join(ROOT, 'packages/config/dist/index.js'));
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`seed: ${error.message}`);
  process.exit(1);
}
const url = config.DATABASE_URL;
if (!url) {
  console.error('seed: DATABASE_URL is not set (e.g. postgres://user:password@host:5432/funds); `npm start` loads the demo by itself');
  process.exit(1);
}

let ds;
try {
  await migrateAllServices(url, (line) => console.log(`[seed] migrated ${line}`));
  const membership = SERVICES.find((s) => s.name === 'membership');
  ds = (await membership.load()).createDataSource(url);
  await ds.initialize();
  const { isEmpty, loadDemoNetwork } = require(join(ROOT, membership.dir, 'dist', 'index.js'));
  if (!(await isEmpty(ds))) {
    console.log('[seed] the database already holds a network: nothing loaded (the demo goes only into an empty one)');
  } else {
    const started = Date.now();
    const summary = await loadDemoNetwork(ds);
    console.log(
      `[seed] demo network loaded in ${((Date.now() - started) / 1000).toFixed(1)}s: ${summary.provinces} provinces, ${summary.funds} funds, ${summary.members} members`,
    );
    console.log(`[seed] try: npm run token -- regional-admin ${summary.sample.zanjanCountyId}   (Zanjan county)`);
  }
} catch (error) {
  console.error('[seed] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await ds?.destroy();
}
