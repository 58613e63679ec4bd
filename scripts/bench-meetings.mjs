// B2, meetings: collection sheets of 25 members (each member a savings deposit and a social fund
// contribution: two money lines, each one journal entry of two postings) sent through the
// gateway by concurrent clients for a fixed time, against a floor measured in the same run: the
// same entries and postings written by plain SQL, one transaction per sheet, as many clients.
// Each client records the sheets of its own groups (as a fund's officer app would), so the
// clients contend only as much as separate funds do.
// The gateway and the subgraphs run as their own processes (as npm start and the containers run
// them), on free ports of 127.0.0.1; `--in-process 1` runs them inside this process instead.
//   pnpm bench --scenario meetings [--clients 8] [--seconds 20] [--groups 16] [--in-process 1]
//   node scripts/bench-meetings.mjs --database-url URL ...   (pnpm bench passes its scale's database)
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, migrateAllServices } from './lib/services.mjs';
import { percentile, startServiceProcess } from './lib/bench-kit.mjs';

const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 8);
const SECONDS = arg('seconds', 20);
const GROUPS = arg('groups', 16);
const IN_PROCESS = arg('in-process', 0) === 1;
// The benchmark's database (the synthetic network of a scale, as pnpm bench passes it): the grid
// is added to it once and reused; without it, a scratch cluster of the grid alone.
const DATABASE_URL = process.argv.includes('--database-url') ? process.argv[process.argv.indexOf('--database-url') + 1] : null;
const TAG = 'bench-meetings';
const MEMBERS = 25;
const LINES_PER_SHEET = MEMBERS * 2;

const { startScratchPostgres, applicationDatabaseUrl } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
const { authConfigFromEnv, signUserToken, Role } = require(join(ROOT, 'packages/auth/dist/index.js'));
const membership = require(join(ROOT, 'services/membership/dist/index.js'));
const savingsLoan = require(join(ROOT, 'services/savings-loan/dist/index.js'));
const { startGateway } = require(join(ROOT, 'gateway/dist/index.js'));
const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));

const MUTATION = `mutation Sheet($input: MeetingInput!) { recordMeeting(input: $input) { id } }`;

/** Runs `clients` loops of `sheet(client, n)` for SECONDS; returns sheets done and their latencies. */
async function run(label, clients, sheet) {
  const until = Date.now() + SECONDS * 1000;
  const latencies = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; Date.now() < until; n++) {
        const t = process.hrtime.bigint();
        await sheet(client, n);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const sheets = latencies.length;
  return {
    label,
    sheets,
    linesPerSecond: (sheets * LINES_PER_SHEET) / SECONDS,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
}

/** The gateway and subgraphs inside this process; returns the gateway's URL. */
async function inProcess(url, auth, stops) {
  const appUrl = applicationDatabaseUrl(url);
  const mDs = membership.createMembershipDataSource(appUrl);
  const sDs = savingsLoan.createSavingsLoanDataSource(appUrl, undefined, CLIENTS + 2);
  await mDs.initialize();
  await sDs.initialize();
  stops.push(
    () => mDs.destroy(),
    () => sDs.destroy(),
  );
  const m = await membership.startMembershipServer({ dataSource: mDs, gatewaySecret: auth.gatewaySecret, port: 0 });
  const s = await savingsLoan.startSavingsLoanServer({ dataSource: sDs, gatewaySecret: auth.gatewaySecret, port: 0 });
  stops.push(
    () => m.stop(),
    () => s.stop(),
  );
  const gateway = await startGateway({
    port: 0,
    supergraphSdl: readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
    subgraphUrls: { membership: m.url, savings_loan: s.url, reporting: m.url },
    auth,
  });
  stops.push(() => gateway.stop());
  return gateway.url;
}

/** The gateway and each subgraph in its own process, as npm start runs them; returns the gateway's URL. */
async function processes(url, stops) {
  const start = async (script, env) => (await startServiceProcess(script, env, { stops, tries: 600 })).url;
  const db = { DATABASE_URL: url, MIGRATE_ON_START: 'false', DB_POOL_SIZE: String(CLIENTS + 2) };
  const membershipUrl = await start('services/membership/dist/main.js', db);
  const savingsLoanUrl = await start('services/savings-loan/dist/main.js', db);
  const reportingUrl = await start('services/reporting/dist/main.js', db);
  return start('gateway/dist/main.js', { MEMBERSHIP_URL: membershipUrl, SAVINGS_LOAN_URL: savingsLoanUrl, REPORTING_URL: reportingUrl });
}

const pg = DATABASE_URL ? { url: DATABASE_URL, stop: async () => {} } : await startScratchPostgres('bench-meetings');
const stops = [];
try {
  if (!DATABASE_URL) await migrateAllServices(pg.url);
  const owner = new Client({ connectionString: pg.url });
  await owner.connect();
  stops.push(() => owner.end());
  // GROUPS funds of one group of 25 members each (membership's synthetic grid, under provinces
  // named after TAG), then savings-loan's reference rows and open books for them. Added once to
  // a database that is kept: a later run reuses them and adds its sheets to theirs.
  const gridFunds = `SELECT f.id FROM membership.fund f JOIN membership.province p ON p.id = f.province_id WHERE p.name LIKE '${TAG} p%'`;
  const [{ have }] = (await owner.query(`SELECT count(*)::int AS have FROM (${gridFunds}) f`)).rows;
  const perVillage = Math.max(1, Math.ceil(GROUPS / 8));
  if (have < GROUPS) {
    if (have > 0) throw new Error(`the database has ${have} ${TAG} funds, fewer than --groups ${GROUPS}: ask for at most ${have}`);
    await membership.addSyntheticGrid((sql, params) => owner.query(sql, params), {
      tag: TAG,
      size: 2,
      members: MEMBERS,
      idDigit: 2,
      idOffset: 900_000_000,
      fundsPerVillage: perVillage,
    });
    await savingsLoan.addSyntheticReferences((sql, params) => owner.query(sql, params));
    await owner.query('ANALYZE');
  }
  const groups = (
    await owner.query(
      `SELECT g.id, g.fund_id, array_agg(m.id ORDER BY m.id) AS members
         FROM savings_loan.group_ref g JOIN savings_loan.member_ref m ON m.group_id = g.id
        WHERE g.fund_id IN (${gridFunds})
        GROUP BY g.id, g.fund_id ORDER BY g.id LIMIT $1`,
      [GROUPS],
    )
  ).rows;
  if (groups.length < GROUPS || groups.some((g) => g.members.length !== MEMBERS)) {
    throw new Error(`expected ${GROUPS} groups of ${MEMBERS} members under the ${TAG} provinces`);
  }
  const today = new Date().toISOString().slice(0, 10);
  const heldOn = `${today.slice(0, 8)}01`; // the month's first day: in an open month, never in the future
  console.log(`network: ${groups.length} funds of one group of ${MEMBERS} members; ${CLIENTS} clients for ${SECONDS}s each way`);

  // ---- The floor: the same entries and postings by plain SQL, one transaction per sheet.
  const floorClients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new Client({ connectionString: pg.url });
      await c.connect();
      stops.push(() => c.end());
      return c;
    }),
  );
  const accounts = new Map();
  for (const g of groups) {
    const rows = (await owner.query(
      `INSERT INTO savings_loan.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, member_id, no_overdraft)
         SELECT gen_random_uuid(), b.fund_id, b.province_id, b.county_id, b.village_id, b.currency, 'MEMBER_SAVINGS', 'LIABILITY', m, true
           FROM savings_loan.fund_book b, unnest($2::uuid[]) m WHERE b.fund_id = $1
         ON CONFLICT ON CONSTRAINT account_key DO NOTHING`,
      [g.fund_id, g.members],
    ),
    await owner.query(
      `SELECT code, member_id, id FROM savings_loan.account WHERE fund_id = $1 AND code IN ('CASH', 'SOCIAL_FUND', 'MEMBER_SAVINGS')`,
      [g.fund_id],
    )).rows;
    accounts.set(g.id, {
      cash: rows.find((r) => r.code === 'CASH').id,
      social: rows.find((r) => r.code === 'SOCIAL_FUND').id,
      savings: g.members.map((m) => rows.find((r) => r.member_id === m).id),
    });
  }
  const floor = await run('floor: same postings by plain SQL, one transaction per sheet', CLIENTS, async (client, n) => {
    const g = groups[(client + n * CLIENTS) % groups.length];
    const a = accounts.get(g.id);
    const c = floorClients[client];
    const entries = g.members.flatMap(() => [randomUUID(), randomUUID()]);
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO savings_loan.journal_entry (id, fund_id, province_id, county_id, village_id, kind, value_date, currency, member_id, recorded_by)
       SELECT e.id, b.fund_id, b.province_id, b.county_id, b.village_id, e.kind, $3, b.currency, e.member_id, 'bench-floor'
         FROM savings_loan.fund_book b, unnest($2::uuid[], $4::text[], $5::uuid[]) AS e(id, kind, member_id) WHERE b.fund_id = $1`,
      [
        g.fund_id,
        entries,
        heldOn,
        entries.map((_, i) => (i % 2 ? 'SOCIAL_FUND_CONTRIBUTION' : 'DEPOSIT')),
        g.members.flatMap((m) => [m, m]),
      ],
    );
    const postings = g.members.flatMap((_, i) => [
      [entries[2 * i], a.cash, '50000'],
      [entries[2 * i], a.savings[i], '-50000'],
      [entries[2 * i + 1], a.cash, '10000'],
      [entries[2 * i + 1], a.social, '-10000'],
    ]);
    postings.sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
    await c.query(
      `INSERT INTO savings_loan.posting (entry_id, fund_id, province_id, county_id, village_id, account_id, amount, currency, value_date, balance_after)
       SELECT p.entry_id, b.fund_id, b.province_id, b.county_id, b.village_id, p.account_id, p.amount, b.currency, $2, 0
         FROM savings_loan.fund_book b, unnest($3::uuid[], $4::uuid[], $5::numeric[]) WITH ORDINALITY AS p(entry_id, account_id, amount, n)
        WHERE b.fund_id = $1 ORDER BY p.n`,
      [g.fund_id, heldOn, postings.map((p) => p[0]), postings.map((p) => p[1]), postings.map((p) => p[2])],
    );
    await c.query('COMMIT');
  });

  // ---- Through the gateway: recordMeeting, as each fund's officer.
  const auth = authConfigFromEnv();
  const gatewayUrl = IN_PROCESS ? await inProcess(pg.url, auth, stops) : await processes(pg.url, stops);
  const tokens = new Map(
    groups.map((g) => [
      g.id,
      signUserToken({ subject: `bench-officer-${g.fund_id}`, role: Role.FUND_OFFICER, scopeNodeId: g.fund_id }, auth.userTokenSecret),
    ]),
  );
  let refused = 0;
  const through = await run('gateway: recordMeeting', CLIENTS, async (client, n) => {
    const g = groups[(client + n * CLIENTS) % groups.length];
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(g.id)}` },
      body: JSON.stringify({
        query: MUTATION,
        variables: {
          input: {
            meetingId: randomUUID(),
            groupId: g.id,
            heldOn,
            lines: g.members.map((memberId) => ({ memberId, savings: '50000', socialFund: '10000' })),
          },
        },
      }),
    });
    const body = await res.json();
    if (body.errors) {
      refused++;
      if (refused === 1) console.error(`a sheet was refused: ${JSON.stringify(body.errors)}`);
    }
  });
  if (refused) throw new Error(`${refused} sheets were refused; the figures would not be honest`);
  const [{ problems }] = (
    await owner.query(
      `SELECT count(*)::int AS problems FROM savings_loan.account a
        WHERE a.fund_id = ANY($1) AND a.balance <> (SELECT coalesce(sum(p.amount), 0) FROM savings_loan.posting p WHERE p.account_id = a.id)`,
      [groups.map((g) => g.fund_id)],
    )
  ).rows;
  if (problems) throw new Error(`${problems} account balances differ from their postings after the run`);

  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log('');
  console.log('| path | sheets | money lines/s | p50 ms | p95 ms | p99 ms | lines/s vs floor |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [floor, through]) {
    console.log(
      `| ${r.label} | ${r.sheets} | ${r.linesPerSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.linesPerSecond / floor.linesPerSecond).toFixed(2)} |`,
    );
  }
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'meetings.json'),
    `${JSON.stringify(
      {
        scenario: 'B2 meetings',
        clients: CLIENTS,
        seconds: SECONDS,
        groups: groups.length,
        membersPerSheet: MEMBERS,
        moneyLinesPerSheet: LINES_PER_SHEET,
        topology: IN_PROCESS ? 'gateway and subgraphs in the bench process' : 'gateway and each subgraph in its own process',
        p50: through.p50,
        p95: through.p95,
        p99: through.p99,
        throughput: through.linesPerSecond,
        floor: { p50: floor.p50, p95: floor.p95, p99: floor.p99, throughput: floor.linesPerSecond },
        ratioToFloor: through.linesPerSecond / floor.linesPerSecond,
        machine,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await pg.stop();
}
