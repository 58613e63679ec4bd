// The services of the platform, as the start script, migrations, schema printing and tests see
// them. Each service's package root exports `service`: { name, schema, createDataSource(url),
// migrate(dataSource), buildSchema(), start(...) }.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

export const SERVICES = [
  { name: 'membership', dir: 'services/membership', port: 4001, urlEnv: 'MEMBERSHIP_URL' },
  { name: 'savings-loan', dir: 'services/savings-loan', port: 4002, urlEnv: 'SAVINGS_LOAN_URL' },
  { name: 'reporting', dir: 'services/reporting', port: 4003, urlEnv: 'REPORTING_URL' },
].map((s) => ({ ...s, load: async () => require(join(ROOT, s.dir, 'dist', 'index.js')).service }));

export async function migrateAllServices(url, log = () => {}) {
  for (const s of SERVICES) {
    const mod = await s.load();
    const ds = mod.createDataSource(url);
    const applied = await mod.migrate(ds);
    if (applied.length) log(`${s.name}: applied ${applied.join(', ')}`);
    await ds.destroy();
  }
}
