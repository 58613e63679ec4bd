// Benchmarks the dashboard's nested hierarchy query on a synthetic network, in one run:
//   floor    - the very SQL statements the subgraph sends for it, replayed with plain pg (no GraphQL)
//   subgraph - the membership subgraph over HTTP (signed identity header, no gateway)
//   gateway  - the public endpoint (token check, query limits, planning, then the subgraph)
// and reports medians and p95, and each one's ratio to the floor measured in the same run, so a
// noisy shared machine moves all three together. Usage: pnpm bench [--size 6] [--members 25] [--runs 200]
// Scenarios: hierarchy (this file), meetings (scripts/bench-meetings.mjs: collection sheets through
// the gateway against plain SQL) and dashboard (scripts/bench-dashboard.mjs: a province's portfolio
// at two network sizes); `--scenario hierarchy|meetings|dashboard` runs one, the default all three.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { ROOT, migrateAllServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const scenarioAt = process.argv.indexOf('--scenario');
const SCENARIO = scenarioAt > 0 ? process.argv[scenarioAt + 1] : 'all';
if (!['all', 'hierarchy', 'meetings', 'dashboard'].includes(SCENARIO)) {
  console.error(`bench: unknown scenario ${SCENARIO} (hierarchy, meetings, dashboard)`);
  process.exit(1);
}
/** Runs the dashboard scenario (scripts/bench-dashboard.mjs) in its own process, with the same arguments. */
function runDashboard() {
  console.log('\n## B3 dashboard: a province portfolio with its counties\n');
  const { status } = spawnSync(process.execPath, [join(ROOT, 'scripts/bench-dashboard.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (status !== 0) process.exit(status ?? 1);
}
if (SCENARIO === 'dashboard') {
  runDashboard();
  process.exit(0);
}
/** Runs the meetings scenario in its own process (its own scratch database), with the same arguments. */
function runMeetings() {
  console.log('\n## B2 meetings: collection sheets\n');
  const { status } = spawnSync(process.execPath, [join(ROOT, 'scripts/bench-meetings.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (status !== 0) process.exit(status ?? 1);
}
if (SCENARIO === 'meetings') {
  runMeetings();
  process.exit(0);
}
console.log('## B1 hierarchy: the dashboard query\n');
const SIZE = arg('size', 6);
const MEMBERS = arg('members', 25);
const RUNS = arg('runs', 200);
const WARMUP = 20;

const { startScratchPostgres, StatementCounter, applicationDatabaseUrl } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
const { authConfigFromEnv, signUserToken, signGatewayIdentity, Role, GATEWAY_IDENTITY_HEADER } = require(
  join(ROOT, 'packages/auth/dist/index.js'),
);
const membership = require(join(ROOT, 'services/membership/dist/index.js'));
const { startGateway } = require(join(ROOT, 'gateway/dist/index.js'));
const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));

const QUERY = `{ provinces(first: 10) { totalCount nodes { name stats { members women femaleHeadedHouseholds }
  counties(first: 5) { nodes { name stats { funds members } villages(first: 5) { nodes { name stats { members }
  funds(first: 5) { totalCount nodes { name status stats { members groups } } } } } } } } } }`;

async function time(label, fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { label, median: samples[Math.floor(RUNS / 2)], p95: samples[Math.floor(RUNS * 0.95)] };
}

const pg = await startScratchPostgres('bench');
const stops = [];
try {
  await migrateAllServices(pg.url);
  const counter = new StatementCounter(true);
  const ds = membership.createMembershipDataSource(pg.url);
  await ds.initialize();
  const started = Date.now();
  await membership.addSyntheticGrid((sql, params) => ds.query(sql, params), { tag: 'bench', size: SIZE, members: MEMBERS, idDigit: 1 });
  await ds.query('ANALYZE');
  const [shape] = await ds.query(
    `SELECT (SELECT count(*) FROM membership.fund)::int AS funds, (SELECT count(*) FROM membership.member)::int AS members`,
  );
  console.log(
    `network: ${SIZE} provinces x ${SIZE} counties x ${SIZE} villages x ${SIZE} funds = ${shape.funds} funds, ${shape.members} members (built in ${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );

  const auth = authConfigFromEnv();
  // The subgraph connects as the application role (row-level security binds it); the floor replays
  // its statements as the owner, so the ratio includes what the policies and scoped transactions cost.
  const appDs = membership.createMembershipDataSource(applicationDatabaseUrl(pg.url), counter);
  await appDs.initialize();
  stops.push(() => appDs.destroy());
  const subgraph = await membership.startMembershipServer({ dataSource: appDs, gatewaySecret: auth.gatewaySecret, port: 0 });
  stops.push(() => subgraph.stop());
  const gateway = await startGateway({
    port: 0,
    supergraphSdl: readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
    subgraphUrls: { membership: subgraph.url, savings_loan: subgraph.url, reporting: subgraph.url },
    auth,
  });
  stops.push(() => gateway.stop());
  const identity = { subject: 'bench', role: Role.NATIONAL_ADMIN, scopeNodeId: null };
  const token = signUserToken(identity, auth.userTokenSecret);
  const post = async (url, headers) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body;
  };

  // The statements one request sends, captured once, are the floor's workload.
  counter.reset();
  await post(subgraph.url, { [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(identity, auth.gatewaySecret) });
  const statements = counter.texts.map((s) => ({ text: s.query, values: s.parameters }));
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  stops.push(() => client.end());

  const results = [
    await time('floor: same SQL via pg', async () => {
      for (const s of statements) await client.query(s.text, s.values);
    }),
    await time('membership subgraph', () =>
      post(subgraph.url, { [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(identity, auth.gatewaySecret) }),
    ),
    await time('gateway', () => post(gateway.url, { authorization: `Bearer ${token}` })),
  ];
  const floor = results[0].median;
  console.log(`query: provinces(10) > counties(5) > villages(5) > funds(5) with stats: ${statements.length} SQL statements per request`);
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${RUNS} sequential runs after ${WARMUP} warm-up`,
  );
  console.log('');
  console.log('| path | median ms | p95 ms | median / floor |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.label} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${(r.median / floor).toFixed(2)} |`);
  await ds.destroy();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await pg.stop();
}
if (SCENARIO === 'all') {
  runMeetings();
  runDashboard();
}
