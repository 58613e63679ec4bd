// pnpm bench: every scenario of issue 9 on the synthetic network (scripts/lib/synthetic.mjs) at a
// chosen scale, each against a floor measured in the same run (the machine is shared and noisy:
// compare ratios, not milliseconds), printed as a table and written to bench/results/latest.json.
//
//   B1 dashboard  a province's portfolio with its counties (reporting), 8 clients, through the gateway;
//                 floor: the SQL the reporting subgraph sends for one answer, replayed by pg
//   B2 meetings   collection sheets through the gateway (scripts/bench-meetings.mjs: 16 funds of one
//                 25-member group, added once to this scale's network); floor: the same postings by plain SQL
//   B3 browse     a county's villages, funds and groups with member counts through the gateway, one
//                 client; SQL statements per request counted; floor: the same statements by pg
//   B4 export     every member of a province through the gateway, Province.members in pages of 500
//                 (the export lists' largest); floor: pages of 500 by plain SQL; and the same province through
//                 GET /exports/members.csv (membership writes CSV, the gateway pipes it), same floor
//   B5 load       B1 and B3 through the gateway at 1, 8 and 32 clients (--load-clients 1,2,4,8 for
//                 others), each process's CPU and PostgreSQL's measured (--profile: each process's
//                 CPU profile over B1, B3, B4 and B5, summarised)
//
//   pnpm bench [--scale 0.1] [--seconds 10] [--scenario dashboard,meetings,browse,export,load] [--load-clients 1,8,32] [--profile] [--out file]
//   pnpm bench --quick        scale 0.01, 3 s a path, 1 and 8 clients (under 5 minutes on 2 cores)
//   pnpm bench --smoke        CI: 1 s a path, on the database at BENCH_DATABASE_URL (seeded already)
//   pnpm bench --scale 1 --load-only   loads (and caches) the network only
//
// The network is loaded once per scale and seed into .data/bench/scale-<s>-seed-<n> and reused
// (B2 adds its own funds and sheets to it); BENCH_DATABASE_URL uses that database instead.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { ROOT, migrateAllServices } from './lib/services.mjs';
import { seedSynthetic } from './lib/synthetic.mjs';
import { ROUNDS, alternate, freePort, machine, percentile, startServiceProcess, takeTurns, warmSnapshots } from './lib/bench-kit.mjs';

const require = createRequire(import.meta.url);
process.env.LOG_LEVEL ??= 'warn';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const QUICK = process.argv.includes('--quick');
const SMOKE = process.argv.includes('--smoke');
const PROFILE = process.argv.includes('--profile');
const SCALE = Number(arg('scale', QUICK || SMOKE ? '0.01' : '0.1'));
const SEED = Number(arg('seed', '1'));
const SECONDS = Number(arg('seconds', SMOKE ? '1' : QUICK ? '3' : '10'));
const LOAD_CLIENTS = arg('load-clients', null)?.split(',').map(Number) ?? (SMOKE ? [2] : QUICK ? [1, 8] : [1, 8, 32]);
if (!LOAD_CLIENTS.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--load-clients takes whole numbers, as 1,2,4,8');
const OUT = arg('out', join(ROOT, 'bench', 'results', 'latest.json'));
const ALL = ['dashboard', 'meetings', 'browse', 'export', 'load'];
const SCENARIOS = String(arg('scenario', 'all')) === 'all' ? ALL : String(arg('scenario', '')).split(',');
for (const s of SCENARIOS) {
  if (!ALL.includes(s)) {
    console.error(`bench: unknown scenario ${s} (${ALL.join(', ')})`);
    process.exit(1);
  }
}

const { startEmbeddedPostgres, StatementCounter, applicationDatabaseUrl } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
const { authConfigFromEnv, signUserToken, signGatewayIdentity, Role, GATEWAY_IDENTITY_HEADER } = require(
  join(ROOT, 'packages/auth/dist/index.js'),
);
const membership = require(join(ROOT, 'services/membership/dist/index.js'));
const reporting = require(join(ROOT, 'services/reporting/dist/index.js'));
const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));
const { to: copyTo } = require(join(ROOT, 'packages/db-kit/node_modules/pg-copy-streams'));

const MACHINE = machine();
/** Runs a teardown step, giving up on it after 10 s (a server waiting on kept-alive connections must not hang the run). */
const stopWithin = (stop) =>
  Promise.race([Promise.resolve().then(stop), new Promise((r) => setTimeout(r, 10_000).unref())]).catch(() => {});
const results = [];
/**
 * When B1, B3, B4's gateway export and B5 ran (monotonic microseconds, the clock V8's profiles
 * use): each process's profile is read for those windows only (not start-up; the floors' slices
 * leave the processes idle).
 */
const profileWindows = [];
const now = () => process.hrtime.bigint() / 1000n;
const profiled = async (what, run) => {
  const window = { what, from: now(), to: 0n };
  profileWindows.push(window);
  try {
    return await run();
  } finally {
    window.to = now();
  }
};
/** --profile: each process's profile summarised (summariseProfile), by process. */
const profiles = {};
const stops = [];
const log = (line) => console.log(`[bench] ${line}`);

/** The database with the synthetic network at SCALE: BENCH_DATABASE_URL, or the cached cluster (loaded on first use). */
async function database() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, load: null };
  const dataDir = join(ROOT, '.data', 'bench', `scale-${SCALE}-seed-${SEED}`);
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  stops.push(() => pg.stop());
  const owner = new Client({ connectionString: pg.url });
  await owner.connect();
  const loaded = await owner
    .query(`SELECT count(*)::int AS n FROM membership.province`)
    .then((r) => r.rows[0].n > 0)
    .catch(() => false);
  await owner.end();
  const marker = join(dataDir, 'synthetic-load.json');
  if (loaded && existsSync(marker)) {
    // A cluster loaded by an older checkout: bring its schema up to date, and compute today's
    // snapshots before any clock starts (a first dashboard of the day would otherwise pay for them).
    await migrateAllServices(pg.url, log);
    await warmSnapshots(pg.url, log);
    return { url: pg.url, load: JSON.parse(readFileSync(marker, 'utf8')) };
  }
  if (loaded) throw new Error(`${dataDir} holds a network that did not finish loading: delete the folder and run again`);
  log(`loading the synthetic network at scale ${SCALE} (seed ${SEED}) into ${dataDir}`);
  const started = Date.now();
  await migrateAllServices(pg.url);
  const result = await seedSynthetic(pg.url, { scale: SCALE, seed: SEED, log });
  const snapshotSeconds = await warmSnapshots(pg.url, log);
  const loadFigures = { ...result, seconds: (Date.now() - started) / 1000, snapshotSeconds };
  writeFileSync(marker, `${JSON.stringify(loadFigures, null, 2)}\n`);
  return { url: pg.url, load: loadFigures };
}

/** The gateway and each subgraph in its own process, as npm start runs them. */
async function startPlatform(url) {
  const children = {};
  const profileDir = join(ROOT, 'bench', 'results', 'profiles');
  if (PROFILE) rmSync(profileDir, { recursive: true, force: true });
  const start = async (name, script, env) => {
    // --profile: each process writes its CPU profile into a directory of its own when it stops.
    const nodeArgs = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, name)] : [];
    if (PROFILE) mkdirSync(join(profileDir, name), { recursive: true });
    const { url: graphqlUrl, child } = await startServiceProcess(script, env, { stops, nodeArgs });
    children[name] = child;
    return graphqlUrl;
  };
  const db = { DATABASE_URL: url, MIGRATE_ON_START: 'false', DB_POOL_SIZE: '34' };
  const membershipUrl = await start('membership', 'services/membership/dist/main.js', db);
  const savingsLoanUrl = await start('savings-loan', 'services/savings-loan/dist/main.js', db);
  const reportingUrl = await start('reporting', 'services/reporting/dist/main.js', db);
  const gatewayUrl = await start(
    'gateway',
    'gateway/dist/main.js',
    // A benchmark's clients share one token: the per-client rate limit (600 per 10 s) would refuse them.
    { MEMBERSHIP_URL: membershipUrl, SAVINGS_LOAN_URL: savingsLoanUrl, REPORTING_URL: reportingUrl, RATE_LIMIT_POINTS: '1000000' },
  );
  return { gatewayUrl, children, profileDir, subgraphUrls: { membership: membershipUrl, reporting: reportingUrl } };
}

/** The fields of /proc/<pid>/stat after the command's name (state first, so utime is [11]); null once the process is gone. */
function procStat(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = procStat(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : NaN;
}

/**
 * CPU seconds PostgreSQL has used: its postmaster and every process it started (backends,
 * writers), with what its ended children used (the postmaster reaps them). Local clusters only
 * (BENCH_DATABASE_URL elsewhere: NaN).
 */
function postgresCpuSeconds(postmaster) {
  if (!postmaster) return NaN;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // null: gone between the listing and the read
    const fields = procStat(entry);
    if (!fields) continue;
    if (Number(entry) === postmaster) total += Number(fields[13]) + Number(fields[14]) + Number(fields[11]) + Number(fields[12]);
    else if (Number(fields[1]) === postmaster) total += Number(fields[11]) + Number(fields[12]);
  }
  return total / 100;
}

async function post(url, headers, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = await res.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 500));
  return json.data;
}

function record(entry) {
  const r = { ...entry, ratioToFloor: entry.throughput / entry.floor.throughput, scale: SCALE, seed: SEED, machine: MACHINE };
  results.push(r);
  return r;
}

const PORTFOLIO = `portfolio {
  asOf members { active women }
  currencies { currency grossLoanPortfolio { value { amount } } par1 { ratio } par30 { ratio } arrears { value { amount } } activeBorrowers { value } savingsBalance { value { amount } } }
  children { node { id name } portfolio { currencies { grossLoanPortfolio { value { amount } } par30 { ratio } activeBorrowers { value } } } }
}`;
const DASHBOARD = `query($id: ID!) { node(id: $id) { ... on Province { name ${PORTFOLIO} } } }`;
const DASHBOARD_SUBGRAPH = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Province { ${PORTFOLIO} } } }`;
// Pages as large as the county's lists (the gateway's cost limit multiplies pages: a client asks for what it needs);
// the county with most villages whose whole tree fits the cost limit in one request.
const BROWSE_FIELDS = `name stats { members } villages(first: $v) { totalCount nodes { id name stats { members }
  funds(first: $f) { nodes { id name stats { members groups } groups(first: $g) { nodes { id name stats { members } } } } } } }`;
const BROWSE = `query($id: ID!, $v: Int!, $f: Int!, $g: Int!) { node(id: $id) { ... on County { ${BROWSE_FIELDS} } } }`;
const MEMBER_FIELDS = 'id givenName familyName nationalId birthDate status joinedOn';
// A province's members, 500 a page (the export lists' largest), in id order.
const EXPORT = `query($id: ID!, $after: String) { node(id: $id) { ... on Province { members(first: 500, after: $after) { nodes { ${MEMBER_FIELDS} }
  pageInfo { hasNextPage endCursor } } } } }`;

// The provinces B2 adds to a network for its sheets (scripts/bench-meetings.mjs): never the subject of another scenario.
const B2_PROVINCES = `SELECT id FROM membership.province WHERE name LIKE 'bench-meetings p%'`;
const dbInfo = await database();
if (process.argv.includes('--load-only')) {
  log(`network loaded: ${JSON.stringify(dbInfo.load)}`);
  for (const stop of stops.reverse()) await stopWithin(stop);
  process.exit(0);
}
const owner = new Client({ connectionString: dbInfo.url });
owner.on('error', () => {});
await owner.connect();
stops.push(() => owner.end());
/** The postmaster's pid (the parent of this connection's backend), when the cluster runs on this machine. */
const postmaster = await owner
  .query('SELECT pg_backend_pid() AS pid')
  .then(({ rows }) => Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${rows[0].pid}/status`, 'utf8'))?.[1]) || null)
  .catch(() => null);
try {
  const [shape] = (
    await owner.query(
      `SELECT (SELECT count(*) FROM membership.fund)::int AS funds, (SELECT count(*) FROM membership.member)::int AS members,
              (SELECT count(*) FROM savings_loan.loan)::int AS loans, (SELECT count(*) FROM savings_loan.posting)::int AS postings,
              pg_database_size(current_database())::bigint AS bytes,
              (SELECT province_id FROM reporting.node WHERE level = 'FUND' AND province_id NOT IN (${B2_PROVINCES})
                GROUP BY province_id ORDER BY count(*) DESC, province_id LIMIT 1) AS province,
              (SELECT c.id FROM membership.county c,
                 LATERAL (SELECT (SELECT count(*) FROM membership.village v WHERE v.county_id = c.id) AS v,
                                 (SELECT max(n) FROM (SELECT count(*) AS n FROM membership.fund f WHERE f.county_id = c.id GROUP BY f.village_id) x) AS f,
                                 (SELECT max(n) FROM (SELECT count(*) AS n FROM membership.member_group g WHERE g.county_id = c.id GROUP BY g.fund_id) x) AS g) k
                WHERE k.v * k.f * k.g <= 2500 AND c.province_id NOT IN (${B2_PROVINCES}) ORDER BY k.v DESC, c.id LIMIT 1) AS county,
              (SELECT province_id FROM membership.member WHERE province_id NOT IN (${B2_PROVINCES})
                GROUP BY province_id ORDER BY count(*) DESC, province_id LIMIT 1) AS export_province`,
    )
  ).rows;
  log(
    `machine: ${MACHINE.cores} x ${MACHINE.cpu}, node ${MACHINE.node}; network at scale ${SCALE}: ${shape.funds} funds, ${shape.members} members, ` +
      `${shape.loans} loans, ${shape.postings} postings, database ${(Number(shape.bytes) / 2 ** 30).toFixed(2)} GiB` +
      (dbInfo.load ? `; loaded in ${dbInfo.load.seconds.toFixed(0)}s` : ''),
  );

  const [pages] = (
    await owner.query(
      `SELECT (SELECT count(*) FROM membership.village WHERE county_id = $1)::int AS v,
              (SELECT max(n) FROM (SELECT count(*) AS n FROM membership.fund WHERE county_id = $1 GROUP BY village_id) x)::int AS f,
              (SELECT max(n) FROM (SELECT count(*) AS n FROM membership.member_group WHERE county_id = $1 GROUP BY fund_id) x)::int AS g`,
      [shape.county],
    )
  ).rows;
  const browseVariables = { id: shape.county, ...pages };
  const auth = authConfigFromEnv();
  const national = { subject: 'bench', role: Role.NATIONAL_ADMIN, scopeNodeId: null };
  const nationalToken = signUserToken(national, auth.userTokenSecret);
  const viaGateway = (gatewayUrl, query, variables, token = nationalToken) =>
    post(gatewayUrl, { authorization: `Bearer ${token}` }, JSON.stringify({ query, variables }));

  // In-process subgraphs with a statement counter: the SQL one answer sends (the floors' workload, and B3's count).
  const appUrl = applicationDatabaseUrl(dbInfo.url);
  const counter = new StatementCounter(true);
  const capture = async (kind, body) => {
    counter.reset();
    await post(kind.url, { [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(national, auth.gatewaySecret) }, body);
    return counter.texts.map((s) => ({ text: s.query, values: s.parameters }));
  };
  const mDs = membership.createMembershipDataSource(appUrl, counter);
  await mDs.initialize();
  stops.push(() => mDs.destroy());
  const mServer = await membership.startMembershipServer({ dataSource: mDs, gatewaySecret: auth.gatewaySecret, port: 0 });
  stops.push(() => mServer.stop());
  const rDs = reporting.createReportingDataSource(appUrl, counter);
  await rDs.initialize();
  stops.push(() => rDs.destroy());
  // No warmer: its rounds would land among the statements an answer is captured with.
  const rServer = await reporting.startReportingServer({
    dataSource: rDs,
    gatewaySecret: auth.gatewaySecret,
    port: 0,
    events: false,
    warmIntervalMs: 0,
  });
  stops.push(() => rServer.stop());
  const dashboardSql = await capture(
    rServer,
    JSON.stringify({ query: DASHBOARD_SUBGRAPH, variables: { r: [{ __typename: 'Province', id: shape.province }] } }),
  );
  const BROWSE_SUBGRAPH = `query($r: [_Any!]!, $v: Int!, $f: Int!, $g: Int!) { _entities(representations: $r) { ... on County { ${BROWSE_FIELDS} } } }`;
  const browseSubgraphVariables = { r: [{ __typename: 'County', id: shape.county }], ...pages };
  const browseSql = await capture(mServer, JSON.stringify({ query: BROWSE_SUBGRAPH, variables: browseSubgraphVariables }));

  const floorClients = [];
  const floorClient = async (i) => {
    while (floorClients.length <= i) {
      const c = new Client({ connectionString: dbInfo.url });
      c.on('error', () => {});
      await c.connect();
      stops.push(() => c.end());
      floorClients.push(c);
    }
    return floorClients[i];
  };
  /** B4's floor: every member of a province in pages of `size` (500, as B4 asks) by plain SQL (keyset on id); the rows read. */
  const provinceFloor = async (province, size = 500) => {
    const c = await floorClient(0);
    let rows = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await c.query(
        `SELECT id, given_name, family_name, national_id, birth_date, status, joined_on FROM membership.member
          WHERE province_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [province, after, size],
      );
      rows += page.rows.length;
      if (page.rows.length < size) return rows;
      after = page.rows[page.rows.length - 1].id;
    }
  };
  /** Line feeds in a chunk of CSV: how B4's floor and its client count lines, in the bytes (no text decoded). */
  const lineFeedsIn = (chunk) => {
    let n = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) n++;
    return n;
  };
  /** B4's streamed floor: the same province's members in one `COPY ... TO STDOUT (FORMAT csv)`, its bytes dropped; the lines read. */
  const provinceCopyFloor = async (province) => {
    const c = await floorClient(0);
    let lines = 0;
    const stream = c.query(
      copyTo(`COPY (SELECT id, given_name, family_name, national_id, birth_date, status, joined_on FROM membership.member
        WHERE province_id = '${province}' ORDER BY id) TO STDOUT (FORMAT csv)`),
    );
    for await (const chunk of stream) lines += lineFeedsIn(chunk);
    return lines;
  };
  // Replayed as named prepared statements, as the services send their hot ones: the floor is the
  // best plain SQL does (planned once per connection), never a floor that plans on every call.
  const floorName = (text) => `floor_${createHash('sha1').update(text).digest('hex')}`;
  const replay = (statements) => {
    const named = statements.map((s) => ({ name: floorName(s.text), text: s.text, values: s.values }));
    return async (client) => {
      const c = await floorClient(Math.max(0, client));
      for (const s of named) await c.query(s);
    };
  };

  const { gatewayUrl, children, profileDir, subgraphUrls } = await startPlatform(dbInfo.url);
  // The subgraph's own process asked directly, as the gateway asks it: the second floor (what the gateway adds).
  const identity = { [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(national, auth.gatewaySecret) };
  const viaSubgraph = (url, query, variables) => post(url, identity, JSON.stringify({ query, variables }));
  const summary = (m) => ({ p50: m.p50, p95: m.p95, p99: m.p99, throughput: m.perSecond });

  if (SCENARIOS.includes('dashboard')) {
    const clients = SMOKE ? 2 : 8;
    const answer = (await viaGateway(gatewayUrl, DASHBOARD, { id: shape.province })).node.portfolio;
    const { floor, through } = await profiled('B1', () =>
      alternate(
        { floor: replay(dashboardSql), through: () => viaGateway(gatewayUrl, DASHBOARD, { id: shape.province }) },
        { clients, seconds: SECONDS },
      ),
    );
    record({
      scenario: 'B1 dashboard',
      what: `a province's portfolio with its ${answer.children.length} counties (the province with most funds), ${clients} clients`,
      clients,
      seconds: SECONDS,
      statementsPerRequest: dashboardSql.length,
      ...summary(through),
      unit: 'answers/s',
      floor: { what: 'the same SQL replayed by pg (prepared statements)', ...summary(floor) },
    });
  }

  if (SCENARIOS.includes('browse')) {
    const tree = (await viaGateway(gatewayUrl, BROWSE, browseVariables)).node;
    const villages = tree.villages.nodes.length;
    const funds = tree.villages.nodes.reduce((n, v) => n + v.funds.nodes.length, 0);
    const groups = tree.villages.nodes.reduce((n, v) => n + v.funds.nodes.reduce((m, f) => m + f.groups.nodes.length, 0), 0);
    const { floor, direct, through } = await profiled('B3', () =>
      alternate(
        {
          floor: replay(browseSql),
          direct: () => viaSubgraph(subgraphUrls.membership, BROWSE_SUBGRAPH, browseSubgraphVariables),
          through: () => viaGateway(gatewayUrl, BROWSE, browseVariables),
        },
        { clients: 1, seconds: SECONDS },
      ),
    );
    record({
      scenario: 'B3 browse',
      what: `a county's ${villages} villages, ${funds} funds and ${groups} groups with member counts (the county with most villages whose tree fits the cost limit in one request), 1 client`,
      clients: 1,
      seconds: SECONDS,
      statementsPerRequest: browseSql.length,
      levels: 'county, villages, funds, groups (each with stats)',
      target: 'p95 <= 30 ms at scale 1; one SQL statement per level',
      ...summary(through),
      unit: 'answers/s',
      floor: { what: 'the same SQL replayed by pg (prepared statements)', ...summary(floor) },
      subgraph: { what: 'the same tree asked of the membership process directly (_entities)', ...summary(direct) },
    });
  }

  if (SCENARIOS.includes('export')) {
    const province = shape.export_province;
    const regional = signUserToken({ subject: 'bench-export', role: Role.REGIONAL_ADMIN, scopeNodeId: province }, auth.userTokenSecret);
    const [{ expected }] = (await owner.query(`SELECT count(*)::int AS expected FROM membership.member WHERE province_id = $1`, [province]))
      .rows;
    /**
     * One export of the province, request by request: `request(after)` is timed (the answer as it
     * arrives), then `read(answer, check)` gives its rows, their ids when `check` (each member must
     * come once) and the next cursor (none at the end).
     */
    const exportWith =
      (request, read) =>
      async (check = false) => {
        let rows = 0;
        const latencies = [];
        const seen = check ? new Set() : null;
        let after = null;
        do {
          const t = process.hrtime.bigint();
          const arrived = await request(after, check);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          const answer = read(arrived, check);
          rows += answer.rows;
          if (seen) for (const id of answer.ids) seen.add(id);
          after = answer.next;
        } while (after);
        if (seen && seen.size !== rows) throw new Error(`B4 exported ${rows - seen.size} members twice`);
        if (check && rows !== expected) throw new Error(`B4 exported ${rows} members of ${expected}`);
        return { rows, requests: latencies.length, latencies };
      };
    /**
     * Each of `paths` (name -> one whole export, or the floor's row count) run one export after
     * another for SECONDS in all, in ROUNDS slices that take turns (takeTurns): per path,
     * rows a second and each request's latency.
     */
    const timeRuns = async (paths) => {
      const names = Object.keys(paths);
      const merged = Object.fromEntries(names.map((name) => [name, { rows: 0, seconds: 0, latencies: [] }]));
      await takeTurns(names, ROUNDS, async (name) => {
        const m = merged[name];
        const started = Date.now();
        do {
          const r = await paths[name]();
          m.rows += typeof r === 'number' ? r : r.rows;
          if (typeof r !== 'number') m.latencies.push(...r.latencies);
        } while (Date.now() - started < (SECONDS * 1000) / ROUNDS);
        m.seconds += (Date.now() - started) / 1000;
      });
      return Object.fromEntries(
        names.map((name) => [
          name,
          { perSecond: merged[name].rows / merged[name].seconds, latencies: merged[name].latencies.sort((a, b) => a - b) },
        ]),
      );
    };
    const timings = (runs) => ({
      p50: percentile(runs.latencies, 0.5),
      p95: percentile(runs.latencies, 0.95),
      p99: percentile(runs.latencies, 0.99),
    });
    const floorOnce = () => provinceFloor(province);
    const floorOf = (runs, what = 'pages of 500 by plain SQL (keyset on id)') => ({
      what,
      p50: NaN,
      p95: NaN,
      p99: NaN,
      throughput: runs.perSecond,
    });
    const b4 = (scenario, what, runs, extra) =>
      record({
        scenario,
        what,
        clients: 1,
        seconds: SECONDS,
        target: 'rows/s at least 0.5 of the raw SQL floor',
        ...timings(runs),
        throughput: runs.perSecond,
        unit: 'members/s',
        ...extra,
      });

    // Through the gateway: Province.members, 500 a page, each page after the last one's endCursor.
    const graphqlOnce = exportWith(
      async (after) => (await viaGateway(gatewayUrl, EXPORT, { id: province, after }, regional)).node.members,
      (page, check) => ({
        rows: page.nodes.length,
        ids: check ? page.nodes.map((m) => m.id) : [],
        next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
      }),
    );
    const first = await graphqlOnce(true);
    const { floor, through } = await profiled('B4', () => timeRuns({ floor: floorOnce, through: graphqlOnce }));
    b4(
      'B4 export',
      `all ${expected} members of a province (the largest) in ${first.requests} pages of Province.members (first: 500) through the gateway, as its regional admin`,
      through,
      { requestsPerExport: first.requests, latencyOf: 'one gateway request', floor: floorOf(floor) },
    );

    // The same province through GET /exports/members.csv (no GraphQL execution: membership writes CSV, the gateway pipes it).
    const gatewayCsv = {
      url: `${gatewayUrl.replace(/\/graphql$/, '')}/exports/members.csv`,
      headers: () => ({ authorization: `Bearer ${regional}` }),
    };
    // Membership's internal route asked directly, with the identity the gateway would sign: the gateway's own share.
    const directCsv = {
      url: `${subgraphUrls.membership.replace(/\/graphql$/, '')}/internal/exports/members.csv`,
      // Signed per request, as the gateway signs: a signature is good for a short while only.
      headers: () => ({
        [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(
          { subject: 'bench-export', role: Role.REGIONAL_ADMIN, scopeNodeId: province },
          auth.gatewaySecret,
        ),
      }),
    };
    /**
     * A CSV answer of `query` at `via`, read as it arrives: its lines counted in the bytes, as the
     * COPY floor counts them (no text decoded: the client's CPU is the services' too, on these two
     * cores); when checking, also its text. The synthetic network's names hold no line break.
     */
    const csvRequest = (via, query) => async (after, check) => {
      const res = await fetch(`${via.url}?areaId=${province}&${query}${after ? `&after=${after}` : ''}`, { headers: via.headers() });
      if (res.status !== 200) throw new Error(`B4 CSV: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
      let lines = 0;
      const chunks = [];
      for await (const chunk of res.body) {
        lines += lineFeedsIn(chunk);
        if (check) chunks.push(chunk);
      }
      return { res, lines, text: check ? Buffer.concat(chunks).toString('utf8') : '' };
    };
    /** Its rows: the header row, then one a member. */
    const readCsv = ({ res, lines, text }, check) => {
      const ids = check
        ? text
            .split('\r\n')
            .slice(1, -1)
            .map((line) => line.slice(1, 37))
        : [];
      if (check && ids.length !== lines - 1) throw new Error(`B4 CSV: ${lines} lines but ${ids.length + 1} CRLF lines`);
      return { rows: lines - 1, ids, next: res.headers.get('x-next-after') };
    };
    const csvOnce = exportWith(csvRequest(gatewayCsv, 'first=500'), readCsv);
    const firstCsv = await csvOnce(true);
    const {
      floor: csvFloor,
      through: viaCsv,
      direct,
    } = await profiled('B4 CSV', () =>
      timeRuns({ floor: floorOnce, through: csvOnce, direct: exportWith(csvRequest(directCsv, 'first=500'), readCsv) }),
    );
    b4(
      'B4 export (CSV route)',
      `all ${expected} members of the same province in ${firstCsv.requests} pages of GET /exports/members.csv (first=500) through the gateway, as its regional admin`,
      viaCsv,
      {
        requestsPerExport: firstCsv.requests,
        latencyOf: 'one gateway request',
        floor: floorOf(csvFloor),
        subgraph: {
          what: "membership's /internal/exports/members.csv asked directly (the gateway's hop left out)",
          ...timings(direct),
          throughput: direct.perSecond,
        },
      },
    );

    // The whole province in one answer of GET /exports/members.csv?all=true: membership has Postgres
    // write it as CSV in one COPY and passes each chunk on as it comes; the gateway pipes it. Its
    // floor is the faster of plain SQL reading 2,000 rows a statement and the same rows in one COPY
    // as CSV (the bytes dropped), each measured beside it; pages of 500 are measured too.
    const streamOnce = exportWith(csvRequest(gatewayCsv, 'all=true'), readCsv);
    await streamOnce(true);
    const {
      floor500: streamFloor500,
      floor: streamFloor,
      copy: copyFloor,
      through: stream,
      direct: streamDirect,
    } = await timeRuns({
      direct: exportWith(csvRequest(directCsv, 'all=true'), readCsv),
      floor500: floorOnce,
      floor: () => provinceFloor(province, 2000),
      copy: () => provinceCopyFloor(province),
      through: streamOnce,
    });
    const faster = copyFloor.perSecond > streamFloor.perSecond;
    b4(
      'B4 export (CSV, whole area streamed)',
      `all ${expected} members of the same province in one answer of GET /exports/members.csv?all=true (one COPY) through the gateway, as its regional admin`,
      stream,
      {
        latencyOf: 'one whole export',
        floor: faster
          ? floorOf(copyFloor, 'the same rows in one COPY as CSV by plain SQL, measured beside it (faster than 2,000 rows a statement)')
          : floorOf(streamFloor, '2,000 rows a statement by plain SQL (keyset on id), measured beside it (faster than one COPY)'),
        floorStatementsOf2000: streamFloor.perSecond,
        floorCopy: copyFloor.perSecond,
        subgraph: {
          what: "membership's /internal/exports/members.csv?all=true asked directly (the gateway's hop left out)",
          ...timings(streamDirect),
          throughput: streamDirect.perSecond,
        },
        floorPagesOf500: floorOf(streamFloor500, 'pages of 500 by plain SQL, measured beside it').throughput,
      },
    );
  }

  if (SCENARIOS.includes('load')) {
    const window = { what: 'B5', from: now(), to: 0n };
    profileWindows.push(window);
    for (const [name, query, variables, statements] of [
      ['B1 dashboard', DASHBOARD, { id: shape.province }, dashboardSql],
      ['B3 browse', BROWSE, browseVariables, browseSql],
    ]) {
      for (const clients of LOAD_CLIENTS) {
        // Each process's CPU is counted over the slices through the gateway only.
        const names = Object.keys(children);
        const readers = [...names.map((n) => () => cpuSeconds(children[n].pid)), () => postgresCpuSeconds(postmaster)];
        const cpu = readers.map(() => 0);
        let elapsed = 0;
        const around = async (path, slice) => {
          if (path !== 'through') return slice();
          const before = readers.map((read) => read());
          const wall = Date.now();
          const result = await slice();
          elapsed += (Date.now() - wall) / 1000;
          readers.forEach((read, i) => (cpu[i] += read() - before[i]));
          return result;
        };
        const { floor, through } = await alternate(
          { floor: replay(statements), through: () => viaGateway(gatewayUrl, query, variables) },
          { clients, seconds: SECONDS, around },
        );
        const cores = Object.fromEntries([...names, 'postgres'].map((n, i) => [n, Number((cpu[i] / elapsed).toFixed(2))]));
        const gatewayCores = cores.gateway;
        record({
          scenario: `B5 load: ${name}`,
          what: `${name.slice(3)} through the gateway, ${clients} concurrent clients`,
          clients,
          seconds: SECONDS,
          gatewayCpuCores: gatewayCores,
          cpuCoresByProcess: cores,
          cpuMsPerAnswerByProcess: Object.fromEntries(
            Object.entries(cores).map(([n, c]) => [n, Number(((c * 1000) / through.perSecond).toFixed(2))]),
          ),
          gatewayCpuMsPerRequest: (gatewayCores * 1000) / through.perSecond,
          ...summary(through),
          unit: 'answers/s',
          floor: { what: `the same SQL replayed by pg (prepared statements), ${clients} connections`, ...summary(floor) },
        });
      }
    }
  }

  for (const w of profileWindows) if (w.to === 0n) w.to = now();

  if (SCENARIOS.includes('meetings')) {
    const clients = SMOKE ? 2 : QUICK ? 4 : 8;
    const { status } = spawnSync(
      process.execPath,
      [
        join(ROOT, 'scripts/bench-meetings.mjs'),
        '--clients',
        String(clients),
        '--seconds',
        String(SECONDS),
        '--groups',
        SMOKE ? '4' : '16',
        // Its funds and sheets go into this scale's network: the postings join its millions.
        '--database-url',
        dbInfo.url,
        ...(SMOKE ? ['--in-process', '1'] : []),
      ],
      { stdio: ['ignore', SMOKE ? 'ignore' : 'inherit', 'inherit'] },
    );
    if (status !== 0) throw new Error(`bench-meetings exited with ${status}`);
    const m = JSON.parse(readFileSync(join(ROOT, 'bench', 'results', 'meetings.json'), 'utf8'));
    record({
      scenario: 'B2 meetings',
      what: `collection sheets of 25 members (50 money lines) through the gateway, ${clients} clients (${m.groups} funds of one group added to the network of this scale, ${m.topology})`,
      clients,
      seconds: SECONDS,
      p50: m.p50,
      p95: m.p95,
      p99: m.p99,
      throughput: m.throughput,
      unit: 'money lines/s',
      floor: { what: 'the same postings by plain SQL, one transaction per sheet', ...m.floor },
    });
  }

  // The CPU profiles: stop each process so node writes its profile, then sum self time by what it is.
  if (PROFILE) {
    for (const [name, child] of Object.entries(children)) {
      child.kill('SIGTERM');
      await stopWithin(() => new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r))));
      const file = readdirSync(join(profileDir, name)).find((f) => f.endsWith('.cpuprofile'));
      if (file) profiles[name] = summariseProfile(name, JSON.parse(readFileSync(join(profileDir, name, file), 'utf8')));
    }
  }
} finally {
  for (const stop of stops.reverse()) await stopWithin(stop);
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
console.log('');
console.log(`| scenario | clients | p50 ms | p95 ms | p99 ms | throughput | floor | ratio to floor |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const r of results) {
  console.log(
    `| ${r.scenario} | ${r.clients} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.throughput)} ${r.unit} | ${fmt(r.floor.throughput)} | ${fmt(r.ratioToFloor, 2)} |`,
  );
}
const statements = results
  .filter((r) => r.statementsPerRequest)
  .map((r) => `${r.scenario}: ${r.statementsPerRequest} SQL statements per answer`);
if (statements.length) console.log(`\n${statements.join('; ')}`);
for (const r of results.filter((x) => x.subgraph)) {
  console.log(
    `${r.scenario}: the subgraph asked directly p50 ${fmt(r.subgraph.p50)} / p95 ${fmt(r.subgraph.p95)} ms, ${fmt(r.subgraph.throughput)}/s; through the gateway / direct ${fmt(r.throughput / r.subgraph.throughput, 2)}`,
  );
}
for (const r of results.filter((x) => x.cpuCoresByProcess)) {
  console.log(
    `${r.scenario} at ${r.clients}: CPU cores used ${JSON.stringify(r.cpuCoresByProcess)}; CPU ms an answer ${JSON.stringify(r.cpuMsPerAnswerByProcess)}`,
  );
}
console.log(
  `machine: ${MACHINE.cores} x ${MACHINE.cpu}, ${MACHINE.memoryGiB} GiB, node ${MACHINE.node}; shared and noisy: read the ratios`,
);
mkdirSync(join(OUT, '..'), { recursive: true });
writeFileSync(
  OUT,
  `${JSON.stringify(
    results.map((r) => ({
      ...r,
      load: dbInfo.load ?? undefined,
      profiles: PROFILE && /^B[1345]/.test(r.scenario) ? profiles : undefined,
    })),
    null,
    2,
  )}\n`,
);
console.log(`written: ${OUT}`);

/** Self time of a process's CPU profile by kind of work, and its top functions, over the profiled windows. */
function summariseProfile(name, profile) {
  const self = new Map();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let at = BigInt(profile.startTime);
  (profile.samples ?? []).forEach((id, i) => {
    at += BigInt(dt[i] ?? 0);
    if (!profileWindows.some((w) => at >= w.from && at <= w.to)) return;
    self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
  });
  const kinds = new Map();
  const functions = new Map();
  let total = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    const url = callFrame.url ?? '';
    const kind = /query-planner|federation-internals/.test(url)
      ? 'query planning (@apollo/query-planner)'
      : /graphql\/language/.test(url)
        ? 'parsing and printing (graphql/language)'
        : /graphql\/(validation|utilities)/.test(url)
          ? 'validation (graphql)'
          : /graphql\/execution|@apollo\/gateway/.test(url)
            ? 'execution and result merging (graphql, @apollo/gateway)'
            : /jose|crypto/.test(url) || /sign|hmac|verify/i.test(callFrame.functionName)
              ? 'signing and verifying identities (jose, crypto)'
              : /JSON|stringify|parse/.test(callFrame.functionName)
                ? 'JSON serialisation'
                : /node:|internal\//.test(url)
                  ? 'node internals (http, streams, timers)'
                  : callFrame.functionName === '(garbage collector)'
                    ? 'garbage collection'
                    : callFrame.functionName === '(idle)' || callFrame.functionName === '(program)'
                      ? 'idle / program'
                      : `other (${
                          url
                            .replace(/.*node_modules\//, '')
                            .split('/')
                            .slice(0, 2)
                            .join('/') || 'native'
                        })`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + micros);
    const fn = `${callFrame.functionName || '(anonymous)'} ${url.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')}:${callFrame.lineNumber}`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
    total += micros;
  }
  const busy = total - (kinds.get('idle / program') ?? 0);
  if (busy <= 0) {
    console.log(`\n${name}: idle while profiled`);
    return null;
  }
  console.log(
    `\n${name} CPU profile during ${[...new Set(profileWindows.map((w) => w.what))].join(' and ')} (${(total / 1e6).toFixed(1)}s sampled, ${(busy / 1e6).toFixed(1)}s busy), self time by kind:`,
  );
  const summary = {
    during: [...new Set(profileWindows.map((w) => w.what))],
    sampledSeconds: total / 1e6,
    busySeconds: busy / 1e6,
    kinds: {},
    functions: {},
  };
  for (const [kind, micros] of [...kinds]
    .filter(([k]) => k !== 'idle / program')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)) {
    console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${kind}`);
    summary.kinds[kind] = Number(((100 * micros) / busy).toFixed(1));
  }
  console.log('top functions:');
  for (const [fn, micros] of [...functions]
    .filter(([f]) => !/^\((idle|program)\)/.test(f))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)) {
    console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${fn}`);
    summary.functions[fn] = Number(((100 * micros) / busy).toFixed(1));
  }
  return summary;
}
