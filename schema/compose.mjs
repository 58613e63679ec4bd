// Composes the supergraph from each subgraph's printed SDL (services/*/schema.graphql, written by
// scripts/print-schemas.mjs) and writes schema/supergraph.graphql, which is committed: the gateway
// only ever loads this file and never composes at runtime.
//
//   node schema/compose.mjs           compose and write schema/supergraph.graphql
//   node schema/compose.mjs --check   compose in memory; exit 1 if it fails or differs from the file
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(root, 'schema', 'supergraph.graphql');

/** Subgraph names as the gateway knows them (join__Graph), their SDL files and default URLs. */
const SUBGRAPHS = [
  { name: 'membership', sdl: 'services/membership/schema.graphql', url: 'http://localhost:4001/graphql', required: true },
  { name: 'savings_loan', sdl: 'services/savings-loan/schema.graphql', url: 'http://localhost:4002/graphql' },
  { name: 'reporting', sdl: 'services/reporting/schema.graphql', url: 'http://localhost:4003/graphql' },
];

function fail(lines) {
  console.error(['schema/compose: ' + lines[0], ...lines.slice(1).map((line) => '  ' + line)].join('\n'));
  process.exit(1);
}

function readSubgraphs() {
  const services = [];
  for (const { name, sdl, url, required } of SUBGRAPHS) {
    const path = join(root, sdl);
    if (!existsSync(path)) {
      if (required) fail([`${sdl} is missing: print the subgraph schemas first (node scripts/print-schemas.mjs)`]);
      console.warn(`schema/compose: ${sdl} not found yet; composing without '${name}'`);
      continue;
    }
    try {
      services.push({ name, url, typeDefs: parse(readFileSync(path, 'utf8')) });
    } catch (error) {
      fail([`${sdl} is not valid GraphQL:`, error.message]);
    }
  }
  return services;
}

function location(error) {
  const nodes = error.nodes ?? [];
  const where = nodes.map((node) => node.subgraph).filter(Boolean);
  return where.length ? ` [in ${[...new Set(where)].join(', ')}]` : '';
}

const check = process.argv.includes('--check');
const services = readSubgraphs();
const result = composeServices(services);
if (result.errors) {
  fail([
    `composition of ${services.map((s) => s.name).join(', ')} failed with ${result.errors.length} error(s):`,
    ...result.errors.map((error) => `- ${error.extensions?.code ?? 'ERROR'}: ${error.message}${location(error)}`),
  ]);
}
for (const hint of result.hints) console.warn(`schema/compose: hint ${hint.definition.code}: ${hint.message}`);

const supergraph = result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`;
if (check) {
  const committed = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : null;
  if (committed === null) fail(['schema/supergraph.graphql is missing: run `pnpm schema:compose` and commit it']);
  if (committed !== supergraph) {
    fail(['schema/supergraph.graphql is out of date with the subgraph schemas: run `pnpm schema:compose` and commit the result']);
  }
  console.log(`schema/compose: schema/supergraph.graphql is up to date (${services.map((s) => s.name).join(', ')})`);
} else {
  writeFileSync(OUTPUT, supergraph);
  console.log(`schema/compose: wrote schema/supergraph.graphql (${services.map((s) => s.name).join(', ')})`);
}
