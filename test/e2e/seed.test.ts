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

/**
 * How long each seed run may take. On an idle 2-core machine the first takes about 20 s (19 s of
 * it loading the demo network's 735 members through the membership services), the second about
 * 2 s (migrations up to date, the network found). Test files running beside it can make it several
 * times slower (jest's default 30 s was once hit), so each run gets six times that, and the short
 * one at least 30 s (starting node and loading the services' code is most of it); a run over its
 * limit is killed and fails the test naming the command, instead of outliving the test.
 */
const FIRST_SEED_MS = 120_000;
const SECOND_SEED_MS = 30_000;
const seed = (timeout: number) =>
  run(process.execPath, [join(ROOT, 'scripts', 'seed.mjs')], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, timeout });
const counts = async () =>
  (
    await db.query(`SELECT (SELECT count(*)::int FROM membership.province) AS provinces,
                           (SELECT count(*)::int FROM membership.fund) AS funds,
                           (SELECT count(*)::int FROM membership.member) AS members,
                           (SELECT count(*)::int FROM membership.partner) AS partners`)
  )[0];

it(
  'migrates a blank database and loads the demo network, then loads nothing the second time',
  async () => {
    const first = await seed(FIRST_SEED_MS);
    expect(first.stdout).toMatch(/demo network loaded in [\d.]+s: \d+ provinces, \d+ funds, \d+ members/);
    const loaded = await counts();
    const [, provinces, funds, members] = /(\d+) provinces, (\d+) funds, (\d+) members/.exec(first.stdout)!.map(Number);
    expect(loaded).toMatchObject({ provinces, funds, members });
    expect(provinces).toBeGreaterThanOrEqual(4); // Zanjan, North Khorasan, Kermanshah, Isfahan, Yen Bai
    expect(loaded.partners).toBeGreaterThan(0);
    const zanjan = await db.query(`SELECT 1 FROM membership.county WHERE name_latin = 'Zanjan'`);
    expect(zanjan).toHaveLength(1);

    const second = await seed(SECOND_SEED_MS);
    expect(second.stdout).toContain('already holds a network: nothing loaded');
    expect(await counts()).toEqual(loaded);
  },
  FIRST_SEED_MS + SECOND_SEED_MS + 10_000,
);

const script = (name: string, env: NodeJS.ProcessEnv) => run(process.execPath, [join(ROOT, 'scripts', name)], { cwd: ROOT, env });

it.each(['seed.mjs', 'migrate.mjs'])(
  '%s refuses to run without DATABASE_URL (unset or blank, as for every setting), saying what to set',
  async (name) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    await expect(script(name, env)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL is not set') });
    await expect(script(name, { ...env, DATABASE_URL: '  ' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('DATABASE_URL is not set'),
    });
  },
);

it.each(['seed.mjs', 'migrate.mjs'])(
  '%s reads its settings through packages/config: a bad value is refused naming the variable, its secret not repeated',
  async (name) => {
    // Not a PostgreSQL URL (on a port where nothing listens, so a script that tried it would fail another way).
    const env = { ...process.env, DATABASE_URL: 'mysql://funds:s3cret-password@127.0.0.1:1/funds', LOG_LEVEL: 'loud' };
    const refused = await script(name, env).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    // Refused at start with the configuration's message, as every process says it: no stack trace.
    expect(refused!.stderr.startsWith(`${name.replace('.mjs', '')}: Configuration refused (fix these environment variables):`)).toBe(true);
    expect(refused!.stderr).not.toMatch(/^\s+at /m);
    expect(refused!.stderr).toContain('DATABASE_URL must be a URL like postgres://user:password@host:5432/database');
    expect(refused!.stderr).toMatch(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'/);
    expect(refused!.stderr).not.toContain('s3cret-password');
  },
);
