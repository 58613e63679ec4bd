// The dashboard at two network sizes (pnpm bench runs B1 on the synthetic network instead): a province's portfolio with its counties broken down (reporting's `portfolio` on
// Province, through federation) asked by concurrent clients for a fixed time, at two network sizes.
// Three paths in the same run: the floor (the SQL statements the reporting subgraph sends for one
// answer, replayed by plain pg as the owner), the reporting subgraph asked directly (_entities),
// and the gateway. The read models are filled set-based, as the owner, as reporting's consumers
// would have left them (the synthetic network has no events): per fund 8 loans of 12 monthly
// instalments, the first (paid out in January) stopped paying after three; one savings deposit per member.
//   node scripts/bench-dashboard.mjs [--sizes 6,10] [--members 25] [--clients 8] [--seconds 10]
// --size 6 is 6 provinces x 6 counties x 6 villages x 6 funds = 1,296 funds; 10 is 10,000 funds.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, migrateAllServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
// The services' request lines would drown the figures: warnings and errors only, unless asked.
process.env.LOG_LEVEL ??= 'warn';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = String(arg('sizes', '6,10'))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const MEMBERS = Number(arg('members', 25));
const CLIENTS = Number(arg('clients', 8));
const SECONDS = Number(arg('seconds', 10));
const TODAY = '2026-11-23';

const { startScratchPostgres, StatementCounter, applicationDatabaseUrl } = require(join(ROOT, 'packages/db-kit/dist/index.js'));
const { authConfigFromEnv, signUserToken, signGatewayIdentity, Role, GATEWAY_IDENTITY_HEADER } = require(
  join(ROOT, 'packages/auth/dist/index.js'),
);
const membership = require(join(ROOT, 'services/membership/dist/index.js'));
const reporting = require(join(ROOT, 'services/reporting/dist/index.js'));
const { startGateway } = require(join(ROOT, 'gateway/dist/index.js'));
const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));

const PORTFOLIO = `portfolio {
  asOf members { active women }
  currencies { currency grossLoanPortfolio { value { amount } } par1 { ratio } par30 { ratio } arrears { value { amount } } activeBorrowers { value } savingsBalance { value { amount } } }
  children { node { id name } portfolio { currencies { grossLoanPortfolio { value { amount } } par30 { ratio } activeBorrowers { value } } } }
}`;
const GATEWAY_QUERY = `query($id: ID!) { node(id: $id) { ... on Province { name ${PORTFOLIO} } } }`;
const SUBGRAPH_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Province { ${PORTFOLIO} } } }`;

/** Reporting's read models for the synthetic network in membership's tables (as the owner). */
async function fillReadModels(query) {
  const r = 'reporting';
  await query(`INSERT INTO ${r}.node (id, level, country_code, province_id, name, status)
               SELECT id, 'PROVINCE', country_code, id, name, 'ACTIVE' FROM membership.province`);
  await query(`INSERT INTO ${r}.node (id, level, country_code, province_id, county_id, name, status)
               SELECT c.id, 'COUNTY', 'IR', c.province_id, c.id, c.name, 'ACTIVE' FROM membership.county c`);
  await query(`INSERT INTO ${r}.node (id, level, country_code, province_id, county_id, village_id, name, status)
               SELECT v.id, 'VILLAGE', 'IR', v.province_id, v.county_id, v.id, v.name, 'ACTIVE' FROM membership.village v`);
  await query(`INSERT INTO ${r}.node (id, level, country_code, province_id, county_id, village_id, fund_id, name, status, currency)
               SELECT f.id, 'FUND', 'IR', f.province_id, f.county_id, f.village_id, f.id, f.name, f.status, f.currency FROM membership.fund f`);
  await query(`INSERT INTO ${r}.node (id, level, country_code, province_id, county_id, village_id, fund_id, group_id, name, status)
               SELECT g.id, 'GROUP', 'IR', g.province_id, g.county_id, g.village_id, g.fund_id, g.id, g.name, 'ACTIVE' FROM membership.member_group g`);
  await query(`INSERT INTO ${r}.member_fact (id, fund_id, province_id, county_id, village_id, group_id, status, sex, female_headed, has_disability, joined_on)
               SELECT id, fund_id, province_id, county_id, village_id, group_id, 'ACTIVE', sex, female_head_of_household, false, joined_on
                 FROM membership.member`);
  // 8 loans per fund (its first 8 members), paid out on spread days; the first stops paying after 3 instalments.
  await query(`INSERT INTO ${r}.loan_state (id, fund_id, province_id, county_id, village_id, group_id, member_id, currency, principal, status,
                                             applied_on, disbursed_on, schedule_version)
               SELECT gen_random_uuid(), fund_id, province_id, county_id, village_id, group_id, id, 'IRR', 12000000 * (1 + k % 4), 'DISBURSED',
                      date '2025-11-24' + (k * 37 % 300)::int, date '2025-12-01' + (k * 37 % 300)::int, 1
                 FROM (SELECT m.*, row_number() OVER (PARTITION BY m.fund_id ORDER BY m.id) AS k FROM membership.member m) m
                WHERE k <= 8`);
  await query(`INSERT INTO ${r}.loan_schedule (loan_id, version, effective_on, principal)
               SELECT id, 1, disbursed_on, principal FROM ${r}.loan_state`);
  await query(`INSERT INTO ${r}.loan_instalment (loan_id, version, number, due_on, principal, interest, fee, principal_through)
               SELECT l.id, 1, n, (l.disbursed_on + make_interval(months => n))::date, l.principal / 12, 0, 0, l.principal / 12 * n
                 FROM ${r}.loan_state l, generate_series(1, 12) n`);
  await query(
    `INSERT INTO ${r}.loan_repayment (entry_id, loan_id, value_date, amount, fee, interest, principal)
               SELECT gen_random_uuid(), i.loan_id, i.due_on, i.principal, 0, 0, i.principal
                 FROM ${r}.loan_instalment i JOIN ${r}.loan_state l ON l.id = i.loan_id
                WHERE i.due_on <= $1::date AND (l.disbursed_on <> date '2025-12-01' + 37 OR i.number <= 3)`,
    [TODAY],
  );
  await query(`INSERT INTO ${r}.balance_movement (source_id, account, fund_id, province_id, county_id, village_id, group_id, member_id, kind, currency, value_date, amount)
               SELECT gen_random_uuid(), 'SAVINGS', fund_id, province_id, county_id, village_id, group_id, id, 'DEPOSIT', 'IRR', date '2026-01-15', 1000000
                 FROM membership.member`);
  await query('ANALYZE');
}

/** `CLIENTS` loops sending `once` for SECONDS: latencies (ms) and answers per second. */
async function load(once) {
  for (let i = 0; i < 5; i++) await once();
  const samples = [];
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        await once();
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))];
  return { n: samples.length, perSecond: samples.length / SECONDS, p50: at(0.5), p95: at(0.95) };
}

async function measure(size) {
  const pg = await startScratchPostgres('bench-dashboard');
  const stops = [];
  try {
    await migrateAllServices(pg.url);
    const ds = membership.createMembershipDataSource(pg.url);
    await ds.initialize();
    stops.push(() => ds.destroy());
    const started = Date.now();
    await membership.addSyntheticGrid((sql, params) => ds.query(sql, params), { tag: 'bench', size, members: MEMBERS, idDigit: 1 });
    await fillReadModels((sql, params) => ds.query(sql, params));
    const [shape] = await ds.query(
      `SELECT (SELECT count(*) FROM reporting.node WHERE level = 'FUND')::int AS funds, (SELECT count(*) FROM reporting.member_fact)::int AS members,
              (SELECT count(*) FROM reporting.loan_state)::int AS loans, (SELECT count(*) FROM reporting.loan_repayment)::int AS repayments,
              (SELECT id FROM reporting.node WHERE level = 'PROVINCE' ORDER BY id LIMIT 1) AS province`,
    );
    console.log(
      `\nnetwork ${size}: ${shape.funds} funds, ${shape.members} members, ${shape.loans} loans, ${shape.repayments} repayments (built in ${((Date.now() - started) / 1000).toFixed(0)}s); a province: ${shape.funds / size} funds`,
    );

    const auth = authConfigFromEnv();
    const clock = { now: () => new Date(`${TODAY}T08:00:00Z`) };
    const membershipApp = membership.createMembershipDataSource(applicationDatabaseUrl(pg.url));
    await membershipApp.initialize();
    stops.push(() => membershipApp.destroy());
    const membershipServer = await membership.startMembershipServer({
      dataSource: membershipApp,
      gatewaySecret: auth.gatewaySecret,
      port: 0,
    });
    stops.push(() => membershipServer.stop());
    const counter = new StatementCounter(true);
    const reportingApp = reporting.createReportingDataSource(applicationDatabaseUrl(pg.url), counter);
    await reportingApp.initialize();
    stops.push(() => reportingApp.destroy());
    const reportingServer = await reporting.startReportingServer({
      dataSource: reportingApp,
      gatewaySecret: auth.gatewaySecret,
      port: 0,
      clock,
      events: false,
    });
    stops.push(() => reportingServer.stop());
    const gateway = await startGateway({
      port: 0,
      supergraphSdl: readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
      subgraphUrls: { membership: membershipServer.url, savings_loan: membershipServer.url, reporting: reportingServer.url },
      auth,
      // Capacity is what is measured: the per-client rate limit (600 every 10 s) would refuse the clients.
      rateLimit: false,
    });
    stops.push(() => gateway.stop());

    const identity = { subject: 'bench', role: Role.NATIONAL_ADMIN, scopeNodeId: null };
    const token = signUserToken(identity, auth.userTokenSecret);
    const post = async (url, headers, body) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const json = await res.json();
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return json;
    };
    const direct = JSON.stringify({ query: SUBGRAPH_QUERY, variables: { r: [{ __typename: 'Province', id: shape.province }] } });
    const viaGateway = JSON.stringify({ query: GATEWAY_QUERY, variables: { id: shape.province } });
    const askSubgraph = () =>
      post(reportingServer.url, { [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(identity, auth.gatewaySecret) }, direct);
    const askGateway = () => post(gateway.url, { authorization: `Bearer ${token}` }, viaGateway);
    const answer = (await askGateway()).data.node.portfolio;
    if (answer.children.length !== size) throw new Error(`expected ${size} counties, got ${answer.children.length}`);

    // The statements one direct answer sends, captured once, are the floor's workload.
    counter.reset();
    await askSubgraph();
    const statements = counter.texts.map((s) => ({ text: s.query, values: s.parameters }));
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const c = new Client({ connectionString: pg.url });
        await c.connect();
        stops.push(() => c.end());
        return c;
      }),
    );
    let next = 0;
    const floor = await load(async () => {
      const c = clients[next++ % CLIENTS];
      for (const s of statements) await c.query(s.text, s.values);
    });
    const subgraph = await load(askSubgraph);
    const viaGw = await load(askGateway);
    const [c0] = answer.currencies;
    console.log(
      `answer: ${c0.currency} gross loan portfolio ${c0.grossLoanPortfolio.value.amount}, PAR30 ${c0.par30.ratio}, ${c0.activeBorrowers.value} borrowers, ${answer.members.active} members; ${statements.length} SQL statements per answer`,
    );
    console.log('');
    console.log('| path | answers | answers/s | p50 ms | p95 ms | p95 vs subgraph |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    const rows = [
      ['floor: the same SQL via pg', floor],
      ['reporting subgraph, directly', subgraph],
      ['gateway', viaGw],
    ];
    for (const [label, r] of rows) {
      console.log(
        `| ${label} | ${r.n} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${(r.p95 / subgraph.p95).toFixed(2)} |`,
      );
    }
    return { size, funds: shape.funds, gatewayP95: viaGw.p95 };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await pg.stop();
  }
}

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${CLIENTS} clients for ${SECONDS}s per path; today ${TODAY}`,
);
const measured = [];
for (const size of SIZES) measured.push(await measure(size));
if (measured.length > 1) {
  const [small, large] = [measured[0], measured[measured.length - 1]];
  console.log(
    `\ngateway p95 at ${large.funds} funds / at ${small.funds} funds: ${(large.gatewayP95 / small.gatewayP95).toFixed(2)} (${large.gatewayP95.toFixed(1)} / ${small.gatewayP95.toFixed(1)} ms)`,
  );
}
