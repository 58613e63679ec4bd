import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDatabaseIfMissing } from '@funds/db-kit';

/**
 * `pnpm seed` (package.json) runs scripts/seed.mjs on the built code: on a database that has never
 * been migrated it migrates every service and loads the demo network; run again, it adds nothing.
 */
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

let url: string;
let db: DataSource;
beforeAll(async () => {
  const admin = process.env.TEST_DATABASE_ADMIN_URL!;
  const name = `seed_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(admin, name); // blank: no template, no migrations
  url = admin.replace(/\/[^/]*$/, `/${name}`);
  db = new DataSource({ type: 'postgres', url });
  await db.initialize();
});
afterAll(async () => {
  await db.destroy();
  const admin = await new DataSource({ type: 'postgres', url: process.env.TEST_DATABASE_ADMIN_URL! }).initialize();
  await admin.query(`DROP DATABASE IF EXISTS "${url.split('/').pop()}" WITH (FORCE)`);
  await admin.destroy();
});

const seed = () => run(process.execPath, [join(ROOT, 'scripts', 'seed.mjs')], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
const counts = async () =>
  (
    await db.query(`SELECT (SELECT count(*)::int FROM membership.province) AS provinces,
                           (SELECT count(*)::int FROM membership.fund) AS funds,
                           (SELECT count(*)::int FROM membership.member) AS members,
                           (SELECT count(*)::int FROM membership.partner) AS partners`)
  )[0];

it('migrates a blank database and loads the demo network, then loads nothing the second time', async () => {
  const first = await seed();
  expect(first.stdout).toMatch(/demo network loaded in [\d.]+s: \d+ provinces, \d+ funds, \d+ members/);
  const loaded = await counts();
  const [, provinces, funds, members] = /(\d+) provinces, (\d+) funds, (\d+) members/.exec(first.stdout)!.map(Number);
  expect(loaded).toMatchObject({ provinces, funds, members });
  expect(provinces).toBeGreaterThanOrEqual(4); // Zanjan, North Khorasan, Kermanshah, Isfahan, Yen Bai
  expect(loaded.partners).toBeGreaterThan(0);
  const zanjan = await db.query(`SELECT 1 FROM membership.county WHERE name_latin = 'Zanjan'`);
  expect(zanjan).toHaveLength(1);

  const second = await seed();
  expect(second.stdout).toContain('already holds a network: nothing loaded');
  expect(await counts()).toEqual(loaded);
});

it('refuses to run without DATABASE_URL, saying what to set', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  await expect(run(process.execPath, [join(ROOT, 'scripts', 'seed.mjs')], { cwd: ROOT, env })).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('DATABASE_URL is not set'),
  });
});
