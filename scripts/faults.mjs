// Faults survived (issue 9): the platform in this process on loopback (an embedded PostgreSQL of
// its own, its own nats-server -js, the three subgraphs and the gateway on free ports of
// 127.0.0.1), then three faults, each bounded in time:
//   a. the reporting subgraph stops while clients ask for dashboards through the gateway: the
//      gateway stays up, answers what it can (the hierarchy) with SERVICE_UNAVAILABLE for the rest
//      (never INTERNAL_SERVER_ERROR), and answers in full again once reporting is back;
//   b. PostgreSQL restarts while fund officers' apps record collection sheets and deposits through
//      the gateway, retrying each on the same idempotency key until it succeeds: afterwards every
//      sheet and deposit a client saw succeed is in the books once, nothing else is, and every
//      invariant of the books holds (savings-loan's booksProblems); reporting reconciles with the
//      ledger;
//   c. (events on NATS) nats-server and then the reporting subgraph (its consumers) stop and start
//      again while sheets keep coming: reporting's read models end equal to a rebuild from zero
//      (scripts/rebuild-reporting.mjs --replay, from the outboxes) and reconcile with the ledger.
// Prints what it measured (recovery times included) and, with --json FILE, writes it there; exits
// 1 when a check fails. Uses the built code (pnpm build first). CI runs it with --quick
// (test/e2e/faults.test.ts). Without nats-server (apt-get install nats-server) the platform runs
// on the Postgres transport and fault c is skipped, unless CI is set (then it fails).
//
//   node scripts/faults.mjs [--quick] [--only a,b,c] [--json out.json]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { URL } from 'node:url';
import { createRequire } from 'node:module';
import { ROOT, migrateAllServices } from './lib/services.mjs';
import { freePort } from './lib/bench-kit.mjs';

const require = createRequire(import.meta.url);
process.env.LOG_LEVEL ??= 'silent';
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const QUICK = argv.includes('--quick');
const ONLY = new Set(String(option('only', 'a,b,c')).split(','));
const JSON_OUT = option('json', null);
// Sizes: --quick is CI's smoke (under a minute on 2 cores); the default is a longer, busier run.
const S = QUICK
  ? { groups: 4, members: 10, clients: 3, dashboardSeconds: 4, outageSeconds: 1.5, writeSeconds: 6, pgDownSeconds: 1, natsDownSeconds: 1.5 }
  : { groups: 16, members: 25, clients: 8, dashboardSeconds: 12, outageSeconds: 4, writeSeconds: 20, pgDownSeconds: 3, natsDownSeconds: 4 };
const DEADLINE_MS = QUICK ? 90_000 : 300_000;

const { startEmbeddedPostgres, applicationDatabaseUrl } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
const { authConfigFromEnv, signUserToken, Role } = require(join(ROOT, 'packages/auth/dist/index.js'));
const { membershipConsumerSettings } = require(join(ROOT, 'packages/events/dist/index.js'));
const { natsServerAvailable, startNatsServer } = require(join(ROOT, 'packages/testing/dist/index.js'));
const membership = require(join(ROOT, 'services/membership/dist/index.js'));
const savingsLoan = require(join(ROOT, 'services/savings-loan/dist/index.js'));
const reporting = require(join(ROOT, 'services/reporting/dist/index.js'));
const { startGateway } = require(join(ROOT, 'gateway/dist/index.js'));
const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));
const run = promisify(execFile);

const started = Date.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const since = (t) => Date.now() - t;
const log = (line) => console.log(`[faults +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
const watchdog = setTimeout(() => {
  console.error(`[faults] gave up after ${DEADLINE_MS / 1000}s`);
  process.exit(1);
}, DEADLINE_MS);
watchdog.unref();

const results = { machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`, quick: QUICK, sizes: S, faults: {} };
const failures = [];
function check(fault, condition, message) {
  if (!condition) {
    failures.push(`${fault}: ${message}`);
    log(`FAILED ${fault}: ${message}`);
  }
}

// ---- The platform -------------------------------------------------------------------------------
const transportKind = natsServerAvailable && option('transport', 'nats') === 'nats' ? 'nats' : 'postgres';
if (transportKind !== 'nats' && process.env.CI && ONLY.has('c')) {
  console.error('[faults] no nats-server: fault c needs it (apt-get install nats-server)');
  process.exit(1);
}
const pgDir = mkdtempSync(join(tmpdir(), 'funds-faults-pg-'));
const pgPort = await freePort();
const startPostgres = () => startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, database: 'faults' });
let pg = await startPostgres();
const nats = transportKind === 'nats' ? await startNatsServer() : null;
const transport = nats ? { kind: 'nats', nats: { url: nats.url, ackWaitMs: 30_000 } } : { kind: 'postgres' };
const events = { ...membershipConsumerSettings(), pollIntervalMs: 200, transport };
const auth = authConfigFromEnv();
const cleanups = [];
let owner;
let platform;

async function startReporting(ds, port) {
  return reporting.startReportingServer({
    dataSource: ds,
    gatewaySecret: auth.gatewaySecret,
    port,
    events: { ...reporting.reportingEventSettings(), pollIntervalMs: 200, transport },
  });
}

async function startPlatform() {
  const appUrl = applicationDatabaseUrl(pg.url);
  const mDs = membership.createMembershipDataSource(appUrl);
  const sDs = savingsLoan.createSavingsLoanDataSource(appUrl, undefined, S.clients + 4);
  const rDs = reporting.createReportingDataSource(appUrl);
  for (const ds of [mDs, sDs, rDs]) await ds.initialize();
  const m = await membership.startMembershipServer({ dataSource: mDs, gatewaySecret: auth.gatewaySecret, port: 0, relay: events });
  const s = await savingsLoan.startSavingsLoanServer({ dataSource: sDs, gatewaySecret: auth.gatewaySecret, port: 0, events });
  let r = await startReporting(rDs, 0);
  const reportingPort = Number(new URL(r.url).port);
  const gateway = await startGateway({
    port: 0,
    supergraphSdl: readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
    subgraphUrls: { membership: m.url, savings_loan: s.url, reporting: r.url },
    auth,
    rateLimit: false,
  });
  return {
    gatewayUrl: gateway.url,
    urls: {
      membership: m.url,
      savingsLoan: s.url,
      get reporting() {
        return r.url;
      },
    },
    reportingRunning: () => r !== null,
    stopReporting: async () => {
      await r?.stop();
      r = null;
    },
    startReporting: async () => {
      r = await startReporting(rDs, reportingPort);
    },
    stop: async () => {
      await gateway.stop();
      await r?.stop();
      await s.stop();
      await m.stop();
      for (const ds of [mDs, sDs, rDs]) await ds.destroy().catch(() => {});
    },
  };
}

/** POST an operation to the gateway; a network failure is `{ network: message }`. */
async function gql(token, query, variables) {
  try {
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: globalThis.AbortSignal.timeout(15_000),
    });
    const body = await res.json().catch(() => ({}));
    return { status: res.status, data: body.data, errors: body.errors ?? [] };
  } catch (error) {
    return { status: 0, errors: [], network: error instanceof Error ? error.message : String(error) };
  }
}

const codesOf = (result) => result.errors.map((e) => e.extensions?.code ?? 'NO_CODE');

/** Waits until every consumer on reporting's /health has lag 0; returns ms taken (throws after `ms`). */
async function reportingSettled(ms = 30_000) {
  const t = Date.now();
  for (;;) {
    const body = await fetch(platform.urls.reporting.replace(/\/graphql$/, '/health'))
      .then((r) => r.json())
      .catch(() => ({}));
    const consumers = body.events ?? [];
    if (consumers.length > 0 && consumers.every((c) => c.lag?.events === 0)) return since(t);
    if (since(t) > ms) {
      const producer = async (url) =>
        fetch(url.replace(/\/graphql$/, '/health'))
          .then((r) => r.json())
          .catch((error) => error.message);
      const relays = { membership: await producer(platform.urls.membership), savingsLoan: await producer(platform.urls.savingsLoan) };
      throw new Error(`reporting has not caught up after ${ms} ms: ${JSON.stringify(body.events)}; producers: ${JSON.stringify(relays)}`);
    }
    await sleep(50);
  }
}

const MEETING = `mutation($input: MeetingInput!) { recordMeeting(input: $input) { id } }`;
const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;
// A fund's dashboard: its name and groups from membership, its portfolio from reporting.
const DASHBOARD = `query($id: ID!) { node(id: $id) { ... on Fund { id name groups(first: 5) { nodes { id name } }
  portfolio { asOf members { active } currencies { currency savingsBalance { value { amount } } } } } } }`;

try {
  // The network: funds of one group each (membership's synthetic grid), their books opened.
  await migrateAllServices(pg.url);
  owner = new Client({ connectionString: pg.url });
  await owner.connect();
  const query = (sql, params) => owner.query(sql, params);
  await membership.addSyntheticGrid(query, {
    tag: 'faults',
    size: 2,
    members: S.members,
    idDigit: 3,
    fundsPerVillage: Math.ceil(S.groups / 8),
  });
  await savingsLoan.addSyntheticReferences(query);
  platform = await startPlatform();
  cleanups.push(() => platform.stop());
  const groups = (
    await owner.query(
      `SELECT g.id, g.fund_id, array_agg(m.id ORDER BY m.id) AS members
         FROM savings_loan.group_ref g JOIN savings_loan.member_ref m ON m.group_id = g.id
        GROUP BY g.id, g.fund_id ORDER BY g.id LIMIT $1`,
      [S.groups],
    )
  ).rows;
  const national = signUserToken({ subject: 'faults-national', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, auth.userTokenSecret);
  const officer = new Map(
    groups.map((g) => [
      g.id,
      signUserToken({ subject: `faults-officer-${g.fund_id}`, role: Role.FUND_OFFICER, scopeNodeId: g.fund_id }, auth.userTokenSecret),
    ]),
  );
  const heldOn = `${new Date().toISOString().slice(0, 8)}01`;
  log(`platform up (${transportKind} transport): ${groups.length} funds of one group of ${S.members} members, ${S.clients} clients`);

  /**
   * Fund officers' apps: each client records sheets (and every third time a deposit) for its
   * groups until `until()`, each request retried on the same idempotency key until it succeeds.
   * Returns what the clients believe is recorded, and what they saw on the way.
   */
  function officers(until, label) {
    const believed = { sheets: [], deposits: [] };
    const seen = { attempts: 0, retries: 0, codes: {}, network: 0, firstFailureAt: null, lastFailureAt: null, okTimes: [] };
    const send = async (token, query, variables) => {
      for (let attempt = 0; ; attempt++) {
        seen.attempts++;
        if (attempt) seen.retries++;
        const result = await gql(token, query, variables);
        if (result.status === 200 && result.errors.length === 0 && result.data) {
          seen.okTimes.push(Date.now());
          return true;
        }
        const now = Date.now();
        seen.firstFailureAt ??= now;
        seen.lastFailureAt = now;
        if (result.network) seen.network++;
        for (const code of codesOf(result)) seen.codes[code] = (seen.codes[code] ?? 0) + 1;
        if (Date.now() > until() + 30_000) return false; // gave up: not believed
        await sleep(100);
      }
    };
    const loops = Array.from({ length: S.clients }, async (_, client) => {
      const mine = groups.filter((_, i) => i % S.clients === client);
      for (let n = 0; Date.now() < until(); n++) {
        const g = mine[n % mine.length];
        if (!g) return;
        const token = officer.get(g.id);
        if (n % 3 === 2) {
          const memberId = g.members[n % g.members.length];
          const amount = String(1000 * (1 + (n % 7)));
          const idempotencyKey = randomUUID();
          if (await send(token, DEPOSIT, { input: { memberId, amount, idempotencyKey } }))
            believed.deposits.push({ idempotencyKey, memberId, amount });
          continue;
        }
        const lines = g.members.map((memberId, i) => ({ memberId, savings: String(10_000 + 1000 * ((n + i) % 5)), socialFund: '2000' }));
        const meetingId = randomUUID();
        if (await send(token, MEETING, { input: { meetingId, groupId: g.id, heldOn, lines } })) believed.sheets.push({ meetingId, lines });
      }
    });
    return { done: Promise.all(loops), believed, seen, label };
  }

  /** Everything the clients of every fault so far believe is recorded. */
  const allBelieved = { sheets: [], deposits: [] };
  const depositEntries = async () =>
    (await owner.query(`SELECT count(*)::int AS n FROM savings_loan.journal_entry WHERE kind = 'DEPOSIT' AND meeting_id IS NULL`)).rows[0]
      .n;

  /**
   * Compares the books with what the clients believe: every believed sheet and deposit once,
   * nothing else (`depositsBefore`: the deposit entries before this fault's load).
   */
  async function booksMatch(fault, believed, depositsBefore) {
    allBelieved.sheets.push(...believed.sheets);
    allBelieved.deposits.push(...believed.deposits);
    const entries = (
      await owner.query(
        `SELECT e.meeting_id, e.kind, e.member_id, count(*)::int AS n FROM savings_loan.journal_entry e
          WHERE e.meeting_id = ANY($1::uuid[]) GROUP BY 1, 2, 3`,
        [believed.sheets.map((s) => s.meetingId)],
      )
    ).rows;
    const perSheet = new Map();
    for (const row of entries) perSheet.set(row.meeting_id, (perSheet.get(row.meeting_id) ?? 0) + row.n);
    const doubled = believed.sheets.filter((s) => (perSheet.get(s.meetingId) ?? 0) > s.lines.length * 2).length;
    const lost = believed.sheets.filter((s) => (perSheet.get(s.meetingId) ?? 0) < s.lines.length * 2).length;
    // Money: each member's savings in the books against the sum of her believed lines and deposits.
    const expected = new Map();
    const add = (memberId, amount) => expected.set(memberId, (expected.get(memberId) ?? 0n) + BigInt(amount));
    for (const s of allBelieved.sheets) for (const l of s.lines) add(l.memberId, l.savings);
    for (const d of allBelieved.deposits) add(d.memberId, d.amount);
    const actual = (
      await owner.query(
        `SELECT a.member_id, (-a.balance)::bigint::text AS saved FROM savings_loan.account a WHERE a.code = 'MEMBER_SAVINGS' AND a.member_id = ANY($1::uuid[])`,
        [[...expected.keys()]],
      )
    ).rows;
    const moneyMismatch = [...expected].filter(([memberId, amount]) => {
      const row = actual.find((r) => r.member_id === memberId);
      return !row || BigInt(row.saved) !== amount;
    });
    const keys = (await depositEntries()) - depositsBefore;
    const problems = await savingsLoan.booksProblems((sql) => owner.query(sql).then((r) => r.rows));
    check(fault, doubled === 0, `${doubled} sheets recorded twice`);
    check(fault, lost === 0, `${lost} sheets the clients saw succeed are not (all) in the books`);
    check(fault, moneyMismatch.length === 0, `${moneyMismatch.length} members' savings differ from what the clients believe`);
    check(fault, keys === believed.deposits.length, `${keys} deposits in the books, ${believed.deposits.length} believed`);
    check(fault, problems.length === 0, `books invariants broken: ${problems.slice(0, 5).join('; ')}`);
    return {
      sheets: believed.sheets.length,
      deposits: believed.deposits.length,
      doubled,
      lost,
      moneyMismatch: moneyMismatch.length,
      bookProblems: problems.length,
    };
  }

  const savingsBefore = async () => (await owner.query(`SELECT count(*)::int AS n FROM savings_loan.journal_entry`)).rows[0].n;

  // ---- a. The reporting subgraph stops during dashboard queries --------------------------------
  if (ONLY.has('a')) {
    // A first sheet per fund (reporting knows a fund from its books' events), then the dashboards.
    const depositsBefore = await depositEntries();
    const warmUp = officers(() => 0, 'warm-up');
    for (const g of groups) {
      const lines = g.members.map((memberId) => ({ memberId, savings: '5000', socialFund: '1000' }));
      const meetingId = randomUUID();
      const answer = await gql(officer.get(g.id), MEETING, { input: { meetingId, groupId: g.id, heldOn, lines } });
      if (answer.errors.length || !answer.data) throw new Error(`a first sheet was refused: ${JSON.stringify(answer.errors)}`);
      warmUp.believed.sheets.push({ meetingId, lines });
    }
    await booksMatch('a', warmUp.believed, depositsBefore);
    await reportingSettled();
    const fundId = groups[0].fund_id;
    const t0 = Date.now();
    const stopAt = t0 + (S.dashboardSeconds * 1000 - S.outageSeconds * 1000) / 2;
    let stoppedAt = null;
    let restartedAt = null;
    const answers = [];
    const fault = (async () => {
      await sleep(stopAt - Date.now());
      await platform.stopReporting();
      stoppedAt = Date.now();
      await sleep(S.outageSeconds * 1000);
      await platform.startReporting();
      restartedAt = Date.now();
    })();
    const recovered = () =>
      answers.some((a) => restartedAt !== null && a.at >= restartedAt && a.result.errors.length === 0 && a.result.data?.node?.portfolio);
    const health = [];
    const probes = (async () => {
      while (since(t0) < S.dashboardSeconds * 1000) {
        const res = await fetch(platform.gatewayUrl.replace(/\/graphql$/, '/health')).catch(() => null);
        health.push({ at: Date.now(), status: res?.status ?? 0 });
        await sleep(100);
      }
    })();
    await Promise.all(
      Array.from({ length: S.clients }, async () => {
        // The window, and after it until reporting is back and a full answer came (10 s at most).
        while (since(t0) < S.dashboardSeconds * 1000 || restartedAt === null || (!recovered() && since(restartedAt) < 10_000)) {
          const at = Date.now();
          const result = await gql(national, DASHBOARD, { id: fundId });
          answers.push({ at, done: Date.now(), result });
        }
      }),
    );
    await fault;
    await probes;
    const full = (a) => a.result.status === 200 && a.result.errors.length === 0 && a.result.data?.node?.portfolio;
    const during = answers.filter((a) => a.at > stoppedAt + 50 && a.done < restartedAt);
    const partial = during.filter((a) => a.result.data?.node?.name && a.result.data.node.portfolio === null);
    const codes = {};
    for (const a of answers) for (const code of codesOf(a.result)) codes[code] = (codes[code] ?? 0) + 1;
    const firstMasked = answers.find((a) => a.at >= stoppedAt && codesOf(a.result).includes('SERVICE_UNAVAILABLE'));
    const firstFull = answers.find((a) => a.at >= restartedAt && full(a));
    const after = answers.filter((a) => firstFull && a.at >= firstFull.at);
    check(
      'a',
      answers.every((a) => a.result.status === 200),
      `${answers.filter((a) => a.result.status !== 200).length} answers were not HTTP 200`,
    );
    check('a', !codes.INTERNAL_SERVER_ERROR, `INTERNAL_SERVER_ERROR ${codes.INTERNAL_SERVER_ERROR} times`);
    check(
      'a',
      during.length > 0 && partial.length === during.length,
      `during the outage ${partial.length} of ${during.length} answers kept the hierarchy with the portfolio masked`,
    );
    check(
      'a',
      during.every((a) => codesOf(a.result).every((c) => c === 'SERVICE_UNAVAILABLE')),
      'an outage answer had another code than SERVICE_UNAVAILABLE',
    );
    check('a', Boolean(firstFull), 'no full answer after reporting came back');
    check('a', after.every(full), `${after.filter((a) => !full(a)).length} answers after recovery were not full`);
    check(
      'a',
      health.every((h) => h.status === 200 || h.status === 503),
      'the gateway /health did not answer',
    );
    results.faults.a = {
      queries: answers.length,
      outageMs: restartedAt - stoppedAt,
      answersDuringOutage: during.length,
      partialAnswersDuringOutage: partial.length,
      codes,
      gatewayHealth503: health.filter((h) => h.status === 503).length,
      msToFirstMaskedError: firstMasked ? firstMasked.done - stoppedAt : null,
      recoveryMs: firstFull ? firstFull.done - restartedAt : null,
    };
    log(
      `a. reporting stopped ${restartedAt - stoppedAt} ms: ${answers.length} dashboards, ${partial.length}/${during.length} masked during the outage, full again ${results.faults.a.recoveryMs} ms after it came back; codes ${JSON.stringify(codes)}`,
    );
  }

  // ---- b. PostgreSQL restarts while sheets and deposits are recorded ----------------------------
  if (ONLY.has('b')) {
    const entriesBefore = await savingsBefore();
    const depositsBefore = await depositEntries();
    const t0 = Date.now();
    const windowEnd = t0 + S.writeSeconds * 1000;
    const load = officers(() => windowEnd, 'b');
    await sleep(S.writeSeconds * 300);
    await owner.end().catch(() => {});
    const downAt = Date.now();
    await pg.stop();
    const stoppedMs = since(downAt);
    await sleep(S.pgDownSeconds * 1000);
    const upAt = Date.now();
    pg = await startPostgres();
    const startMs = since(upAt);
    owner = new Client({ connectionString: pg.url });
    await owner.connect();
    await load.done;
    const firstOk = load.seen.okTimes.filter((t) => t > upAt).sort((x, y) => x - y)[0] ?? null;
    const lastOkBefore = load.seen.okTimes.filter((t) => t < downAt).sort((x, y) => y - x)[0] ?? null;
    const match = await booksMatch('b', load.believed, depositsBefore);
    check('b', firstOk !== null, 'no write succeeded after PostgreSQL came back');
    check(
      'b',
      !load.seen.codes.INTERNAL_SERVER_ERROR,
      `INTERNAL_SERVER_ERROR ${load.seen.codes.INTERNAL_SERVER_ERROR} times (a database outage is SERVICE_UNAVAILABLE)`,
    );
    check('b', (await savingsBefore()) > entriesBefore, 'nothing was recorded');
    let settleMs = null;
    try {
      settleMs = await reportingSettled();
    } catch (error) {
      check('b', false, `reporting's consumers did not catch up after the restart: ${error.message}`);
    }
    const reconciled = await reporting.reconcileReporting({ query: (sql, params) => owner.query(sql, params).then((r) => r.rows) });
    check(
      'b',
      reconciled.differences.length === 0,
      `reporting differs from the ledger: ${JSON.stringify(reconciled.differences.slice(0, 3))}`,
    );
    results.faults.b = {
      ...match,
      attempts: load.seen.attempts,
      retries: load.seen.retries,
      errorCodesSeen: load.seen.codes,
      networkErrors: load.seen.network,
      postgresStopMs: stoppedMs,
      postgresDownMs: upAt - downAt,
      postgresStartMs: startMs,
      writesUnavailableMs: firstOk && lastOkBefore ? firstOk - lastOkBefore : null,
      recoveryAfterPostgresUpMs: firstOk ? firstOk - (upAt + startMs) : null,
      reportingCaughtUpMs: settleMs,
    };
    log(
      `b. PostgreSQL down ${upAt - downAt} ms (+${startMs} ms to start): ${match.sheets} sheets and ${match.deposits} deposits believed, ${match.doubled} doubled, ${match.lost} lost, ${match.moneyMismatch} members off, ${match.bookProblems} book problems; first write ${results.faults.b.recoveryAfterPostgresUpMs} ms after it was up; codes ${JSON.stringify(load.seen.codes)}`,
    );
  }

  // ---- c. nats-server and a reporting consumer stop and restart mid-stream ---------------------
  if (ONLY.has('c') && nats) {
    const depositsBefore = await depositEntries();
    const t0 = Date.now();
    const windowEnd = t0 + S.writeSeconds * 1000;
    const load = officers(() => windowEnd, 'c');
    const marks = {};
    await sleep(S.writeSeconds * 200);
    await nats.stop();
    marks.natsStopped = Date.now();
    await sleep(S.natsDownSeconds * 1000);
    await platform.stopReporting();
    marks.reportingStopped = Date.now();
    await nats.start();
    marks.natsStarted = Date.now();
    await sleep(S.natsDownSeconds * 500);
    await platform.startReporting();
    marks.reportingStarted = Date.now();
    await load.done;
    const writesDone = Date.now();
    const settleMs = await reportingSettled(60_000);
    const match = await booksMatch('c', load.believed, depositsBefore);
    // The read models as the consumers left them, then rebuilt from zero from the outboxes.
    const fingerprint = async () => {
      const tables = reporting.READ_MODEL_TABLES;
      const out = {};
      for (const table of tables) {
        const columns = (
          await owner.query(
            `SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = $1
                AND coalesce(column_default, '') !~ '(now|nextval|gen_random_uuid|uuid)' AND column_name NOT IN ('applied_at', 'updated_at', 'created_at')
              ORDER BY ordinal_position`,
            [table],
          )
        ).rows.map((r) => `"${r.column_name}"`);
        const [{ n, digest }] = (
          await owner.query(
            `SELECT count(*)::int AS n, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest
               FROM (SELECT row(${columns.join(', ')})::text AS r FROM reporting."${table}") t`,
          )
        ).rows;
        out[table] = { rows: n, digest };
      }
      return out;
    };
    const consumed = await fingerprint();
    await platform.stopReporting();
    const env = { ...process.env, DATABASE_URL: pg.url };
    delete env.EVENTS_TRANSPORT;
    const rebuildStarted = Date.now();
    const rebuild = await run(process.execPath, [join(ROOT, 'scripts/rebuild-reporting.mjs'), '--replay'], { cwd: ROOT, env });
    const rebuildMs = since(rebuildStarted);
    const rebuilt = await fingerprint();
    const differing = Object.keys(consumed).filter((t) => JSON.stringify(consumed[t]) !== JSON.stringify(rebuilt[t]));
    check(
      'c',
      differing.length === 0,
      `read models differ from a rebuild from zero: ${differing.map((t) => `${t} ${JSON.stringify(consumed[t])} vs ${JSON.stringify(rebuilt[t])}`).join('; ')}`,
    );
    check('c', consumed.balance_movement.rows > 0, 'no balance movement reached reporting');
    const reconcile = await run(process.execPath, [join(ROOT, 'scripts/reconcile-reporting.mjs'), '--json'], { cwd: ROOT, env }).then(
      () => 0,
      (error) => error.code ?? 1,
    );
    check('c', reconcile === 0, `reconcile-reporting exited ${reconcile}`);
    await platform.startReporting();
    results.faults.c = {
      ...match,
      natsDownMs: marks.natsStarted - marks.natsStopped,
      reportingDownMs: marks.reportingStarted - marks.reportingStopped,
      caughtUpAfterWritesMs: settleMs,
      caughtUpAfterReportingStartMs: writesDone + settleMs - marks.reportingStarted,
      readModels: consumed,
      equalToRebuild: differing.length === 0,
      rebuildMs,
      rebuildOutput: rebuild.stdout.trim().split('\n'),
      reconcileExit: reconcile,
    };
    log(
      `c. NATS down ${marks.natsStarted - marks.natsStopped} ms, reporting down ${marks.reportingStarted - marks.reportingStopped} ms: ${match.sheets} sheets; caught up ${settleMs} ms after the last write; read models ${differing.length === 0 ? 'equal to' : 'DIFFERENT from'} a rebuild from zero (${Object.entries(
        consumed,
      )
        .map(([t, v]) => `${t} ${v.rows}`)
        .join(', ')})`,
    );
  } else if (ONLY.has('c')) {
    results.faults.c = { skipped: 'no nats-server' };
    log('c. skipped: no nats-server (apt-get install nats-server)');
  }
} catch (error) {
  failures.push(`run: ${error instanceof Error ? error.stack : error}`);
  console.error('[faults] failed:', error);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await owner?.end().catch(() => {});
  await pg.stop().catch(() => {});
  await nats?.dispose().catch(() => {});
  rmSync(pgDir, { recursive: true, force: true });
}

results.seconds = Number(((Date.now() - started) / 1000).toFixed(1));
results.failures = failures;
if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(results, null, 2)}\n`);
log(failures.length ? `${failures.length} check(s) failed` : 'every check passed');
process.exit(failures.length ? 1 : 0);
