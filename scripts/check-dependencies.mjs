// The dependency rules of the platform (run by `npm test`, before jest):
// 1. dependency-cruiser with .dependency-cruiser.js over our sources: packages never import
//    services or the gateway, services never import each other, the gateway never imports a
//    service, resolvers never import the database (typeorm, pg, db-kit, a repository, the data
//    source), and the feature modules of a service form no cycle;
// 2. what an import check cannot see: a resolver never reaches the database through its context
//    (`ctx.db`).
// Today's code still breaks some of these. Each such violation is listed, one by one, as KNOWN:
// the dependency-cruiser ones in .dependency-cruiser-known-violations.json (dependency-cruiser's
// baseline format: `depcruise --ignore-known` reads it too), the ctx.db ones in KNOWN_RESOLVERS_USING_DB
// below. A violation that is not listed fails the check; so does a listed one that is gone, so the
// lists only shrink:
//
//   node scripts/check-dependencies.mjs                 check
//   node scripts/check-dependencies.mjs --shrink-known  drop the listed violations that no longer occur
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KNOWN_FILE = '.dependency-cruiser-known-violations.json';

/**
 * KNOWN VIOLATIONS (to be refactored away, never added to): resolvers that still query the data
 * source from their context instead of calling a service or a loader.
 */
const KNOWN_RESOLVERS_USING_DB = [];

const shrink = process.argv.includes('--shrink-known');
const problems = [];

// --- 1. dependency-cruiser
const sources = [];
for (const group of ['packages', 'services']) {
  for (const name of readdirSync(join(ROOT, group))) {
    for (const part of ['src', 'test']) if (existsSync(join(ROOT, group, name, part))) sources.push(`${group}/${name}/${part}`);
  }
}
for (const part of ['src', 'test']) if (existsSync(join(ROOT, 'gateway', part))) sources.push(`gateway/${part}`);
// apps/* (the dashboard): browser code that may use only the public API.
if (existsSync(join(ROOT, 'apps'))) for (const name of readdirSync(join(ROOT, 'apps'))) sources.push(`apps/${name}/src`);

// The package exports no bin path; the pinned devDependency sits in the root node_modules.
const depcruise = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
let output;
try {
  output = execFileSync(process.execPath, [depcruise, '--config', '.dependency-cruiser.js', '--output-type', 'json', ...sources], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
} catch (error) {
  // depcruise exits non-zero when it finds errors; the JSON is still on stdout.
  if (!error.stdout) throw error;
  output = error.stdout;
}
const result = JSON.parse(output);
const key = (v) => [v.rule.name, v.from, v.to, ...(v.cycle ?? []).map((c) => c.name)].join(' | ');
const describe = (v) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : ''}`;
const found = result.summary.violations;
const known = existsSync(join(ROOT, KNOWN_FILE)) ? JSON.parse(readFileSync(join(ROOT, KNOWN_FILE), 'utf8')) : [];
const foundKeys = new Set(found.map(key));
const knownKeys = new Set(known.map(key));
const comments = new Map((result.summary.ruleSetUsed?.forbidden ?? []).map((rule) => [rule.name, rule.comment]));
for (const v of found.filter((v) => !knownKeys.has(key(v)))) {
  problems.push(`${describe(v)}\n    ${comments.get(v.rule.name) ?? ''}`);
}
const gone = known.filter((v) => !foundKeys.has(key(v)));
if (gone.length && shrink) {
  writeFileSync(
    join(ROOT, KNOWN_FILE),
    `${JSON.stringify(
      known.filter((v) => foundKeys.has(key(v))),
      null,
      2,
    )}\n`,
  );
  console.log(`dependency rules: removed ${gone.length} fixed violation(s) from ${KNOWN_FILE}`);
} else {
  for (const v of gone) problems.push(`fixed, so remove it from ${KNOWN_FILE} (--shrink-known): ${describe(v)}`);
}

// --- 2. resolvers never use the data source from their context
function resolverFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') files.push(...resolverFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.resolver.ts')) files.push(relative(ROOT, path));
  }
  return files;
}
const usingDb = resolverFiles(join(ROOT, 'services')).filter((file) => /\.db\b/.test(readFileSync(join(ROOT, file), 'utf8')));
for (const file of usingDb.filter((f) => !KNOWN_RESOLVERS_USING_DB.includes(f))) {
  problems.push(`resolvers-never-use-ctx-db: ${file} queries the data source from its context; call a service or a loader`);
}
for (const file of KNOWN_RESOLVERS_USING_DB.filter((f) => !usingDb.includes(f))) {
  problems.push(`fixed, so remove it from KNOWN_RESOLVERS_USING_DB in scripts/check-dependencies.mjs: ${file}`);
}

const { totalCruised, totalDependenciesCruised } = result.summary;
const knownLeft = known.length - (shrink ? gone.length : 0) + KNOWN_RESOLVERS_USING_DB.length;
if (problems.length) {
  console.error(`dependency rules: ${problems.length} problem(s) in ${totalCruised} modules, ${totalDependenciesCruised} dependencies:`);
  for (const problem of problems) console.error(`  ✗ ${problem}`);
  process.exit(1);
}
console.log(
  `dependency rules: ok (${totalCruised} modules, ${totalDependenciesCruised} dependencies; ${knownLeft} known violation(s) left to fix, listed in ${KNOWN_FILE} and scripts/check-dependencies.mjs)`,
);
