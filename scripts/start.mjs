// Runs the whole platform on this machine: PostgreSQL (DATABASE_URL, or a real server started
// from npm with its data in .data/postgres), migrations, the demo network on an empty database,
// the three subgraphs and the gateway as separate processes, then the demo network's books history
// through the gateway (development tokens only) when its books are empty. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, SERVICES, migrateAllServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { resolveDatabase } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
const { signUserToken, Role } = require(join(ROOT, 'packages/auth/dist/index.js'));
const { loadConfig, configWarnings } = require(join(ROOT, 'packages/config/dist/index.js'));

// Every setting comes from packages/config, validated before anything starts. `npm start` is for
// development tokens: AUTH_DEV_TOKENS is true unless set (also next to an OIDC issuer).
const START_DEFAULTS = { AUTH_DEV_TOKENS: 'true' };
let config;
try {
  config = loadConfig({ ...START_DEFAULTS, ...process.env });
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(1);
}
for (const warning of configWarnings(config)) console.warn(`[start] warning: ${warning}`);
const GATEWAY_PORT = config.GATEWAY_PORT;
const children = [];
let database;

function log(line) {
  console.log(`[start] ${line}`);
}

async function waitForHealth(url, name, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs / 1000}s`);
}

/**
 * One of the processes' JSON log lines as a short line for people: a request as
 * `POST /graphql 200 12ms EnrolMember ok dev-national-admin req=1f3a…`, anything else as
 * `LEVEL message key=value ...`. Not JSON (a stack trace, a crash): as it is.
 */
function readable(text) {
  let line;
  try {
    line = JSON.parse(text);
  } catch {
    return text;
  }
  if (!line || typeof line !== 'object' || typeof line.msg !== 'string') return text;
  const { level, msg, ...fields } = line;
  delete fields.time;
  delete fields.service;
  const tag = level === 'info' ? '' : `${String(level).toUpperCase()} `;
  if (msg === 'request') {
    const { method, path, status, durationMs, operationName, outcome, errorCodes, subject, requestId } = fields;
    const what = outcome === 'error' && errorCodes ? errorCodes.join(',') : outcome;
    return `${tag}${method} ${path} ${status} ${durationMs}ms ${operationName ?? '-'} ${what} ${subject ?? 'anonymous'} req=${String(requestId).slice(0, 8)}`;
  }
  const rest = Object.entries(fields).map(([key, value]) =>
    key === 'err' && value && typeof value === 'object'
      ? `err=${value.message}`
      : `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return [`${tag}${msg}`, ...rest].join(' ');
}

function run(name, script, env) {
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, script)], {
    env: { ...START_DEFAULTS, ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${readable(l)}`)
      .join('\n');
  child.stdout.on('data', (c) => console.log(prefix(c)));
  child.stderr.on('data', (c) => console.error(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping the platform`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

/**
 * The demo network's books history (savings-loan's loadDemoBooks), posted through the gateway as a
 * national admin. A failure is logged and the platform keeps running (the books stay as they are).
 */
async function loadBooks(nationalToken) {
  const { loadDemoBooks } = require(join(ROOT, 'services/savings-loan/dist/index.js'));
  const gql = async (query, variables) => {
    const res = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${nationalToken}` },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };
  log('loading the demo books history through the gateway (capital, savings, loans; some seconds)...');
  const started = Date.now();
  try {
    const s = await loadDemoBooks(gql);
    const loans = Object.entries(s.loans)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ');
    log(
      `demo books loaded in ${((Date.now() - started) / 1000).toFixed(1)}s: ${s.posted} journal entries posted in ${s.funds.length} funds (${s.mutations} mutations); loans: ${loans}`,
    );
  } catch (error) {
    console.error(
      `[start] demo books not loaded after ${((Date.now() - started) / 1000).toFixed(1)}s (the platform keeps running): ${error instanceof Error ? error.message : error}`,
    );
  }
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (database?.embedded) await database.embedded.stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  database = await resolveDatabase(ROOT);
  log(
    database.embedded
      ? `PostgreSQL started from npm (data in .data/postgres): ${database.url.replace(/:[^:@/]+@/, ':***@')}`
      : 'using DATABASE_URL',
  );
  await migrateAllServices(database.url, log);

  const membership = await SERVICES[0].load();
  const ds = membership.createDataSource(database.url);
  await ds.initialize();
  const { isEmpty, loadDemoNetwork } = require(join(ROOT, 'services/membership/dist/index.js'));
  let demoLoaded = false;
  if (await isEmpty(ds)) {
    log('empty database: loading the demo network (a few seconds)...');
    const started = Date.now();
    const summary = await loadDemoNetwork(ds);
    log(
      `demo network loaded in ${((Date.now() - started) / 1000).toFixed(1)}s: ${summary.provinces} provinces, ${summary.funds} funds, ${summary.members} members`,
    );
    demoLoaded = true;
  }
  // The demo's books history goes in through the gateway once it is up: on the start that loaded the
  // demo network, or on a later one while the demo network's books are still empty.
  const [{ demoBooksEmpty }] = await ds.query(
    `SELECT NOT EXISTS (SELECT 1 FROM savings_loan.journal_entry)
        AND EXISTS (SELECT 1 FROM membership.fund WHERE name_latin = 'Nhom Doan Ket') AS "demoBooksEmpty"`,
  );
  const [{ id: zanjanCounty } = {}] = await ds.query(`SELECT c.id FROM membership.county c WHERE c.name_latin = 'Zanjan' LIMIT 1`);
  await ds.destroy();

  const urls = {};
  for (const s of SERVICES) {
    const port = config[s.urlEnv.replace('_URL', '_PORT')];
    run(s.name, `${s.dir}/dist/main.js`, { DATABASE_URL: database.url, PORT: String(port), MIGRATE_ON_START: 'false' });
    urls[s.urlEnv] = `http://127.0.0.1:${port}/graphql`;
  }
  for (const s of SERVICES) await waitForHealth(urls[s.urlEnv].replace('/graphql', '/health'), s.name);
  run('gateway', 'gateway/dist/main.js', { ...urls, PORT: String(GATEWAY_PORT) });
  // Ready: every subgraph answers healthy through the gateway (GET /ready), not only the gateway listening.
  await waitForHealth(`http://127.0.0.1:${GATEWAY_PORT}/ready`, 'gateway');

  log(`platform up. GraphQL and console: http://localhost:${GATEWAY_PORT}/graphql`);
  log(`provincial dashboard: http://localhost:${GATEWAY_PORT}/dashboard (sign in with a token, e.g. a dashboard-viewer's)`);
  if (config.AUTH_DEV_TOKENS) {
    const secret = config.AUTH_TOKEN_SECRET;
    const national = signUserToken({ subject: 'dev-national-admin', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, secret);
    if (demoLoaded || demoBooksEmpty) await loadBooks(national);
    log(`national admin token (8 h):\n${national}`);
    if (zanjanCounty) {
      const regional = signUserToken({ subject: 'dev-zanjan-admin', role: Role.REGIONAL_ADMIN, scopeNodeId: zanjanCounty }, secret);
      log(`regional admin of Zanjan county (${zanjanCounty}) token (8 h):\n${regional}`);
      const viewer = signUserToken({ subject: 'dev-zanjan-viewer', role: Role.DASHBOARD_VIEWER, scopeNodeId: zanjanCounty }, secret);
      log(`dashboard viewer of Zanjan county token (8 h), for http://localhost:${GATEWAY_PORT}/dashboard:\n${viewer}`);
    }
    log('more tokens: npm run token -- <national-admin|regional-admin|fund-officer|dashboard-viewer> [nodeId]. Ctrl-C stops.');
  } else {
    if (demoLoaded || demoBooksEmpty)
      log('the demo books history is loaded with development tokens only (AUTH_DEV_TOKENS=true): books left empty');
    log('AUTH_DEV_TOKENS=false: no development tokens; sign in with your identity provider (OIDC_ISSUER). Ctrl-C stops.');
  }
} catch (error) {
  console.error('[start] failed:', error instanceof Error ? error.message : error);
  await stop(1);
}
