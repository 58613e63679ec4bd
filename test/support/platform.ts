import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Identity, Role, authConfigFrom, authConfigFromEnv, signUserToken } from '@funds/auth';
import type { Config } from '@funds/config';
import { StatementCounter, applicationDatabaseUrl } from '@funds/db-kit';
import { createTestDatabase, TestDatabase } from '@funds/testing';
import type { Clock, RunningServer } from '@funds/graphql-kit';
import { TransportSettings, membershipConsumerSettings } from '@funds/events';
import { createMembershipDataSource } from '../../services/membership/src/database';
import { startMembershipServer } from '../../services/membership/src/server';
import { createSavingsLoanDataSource, startSavingsLoanServer } from '../../services/savings-loan/src/index';
import { createReportingDataSource, reportingEventSettings, startReportingServer } from '../../services/reporting/src/index';
import { startGateway, RunningGateway } from '../../gateway/src/gateway';
import { securityFrom } from '../../gateway/src/config';
import { recordOperation } from './field-coverage';

const ROOT = join(__dirname, '..', '..');

export interface GraphQLResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string; details?: Record<string, unknown> } }[];
}

export interface TestPlatform {
  gatewayUrl: string;
  membershipUrl: string;
  /** The savings-loan subgraph's GraphQL URL (its /health and /metrics beside it). */
  savingsLoanUrl: string;
  /** The reporting subgraph's GraphQL URL (its /health and /metrics beside it). */
  reportingUrl: string;
  db: TestDatabase;
  /**
   * The membership database as its owner, to arrange and inspect rows (row-level security does not
   * bind it); the subgraphs connect as the application role. `counter` counts the membership
   * subgraph's statements.
   */
  membershipDb: DataSource;
  /** The membership subgraph's own pool, as the application role. */
  membershipAppDb: DataSource;
  /** The connection URL of the application role (what the subgraphs use). */
  appUrl: string;
  counter: StatementCounter;
  /**
   * Counts (and keeps the text of) the savings-loan subgraph's statements, its event consumer's
   * included: filter the texts by table to count one query's statements.
   */
  savingsLoanCounter: StatementCounter;
  /** Counts (and keeps the text of) the reporting subgraph's statements, its event consumers' included. */
  reportingCounter: StatementCounter;
  /** Runs an operation through the gateway over HTTP, as the holder of `token` (none: anonymous). */
  gql<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  token(role: Role, scopeNodeId?: string | null, subject?: string): string;
  national: string;
  /**
   * How many HTTP requests reached a subgraph through the gateway so far (the gateway's scope
   * checks included); only with `countSubgraphRequests`.
   */
  subgraphRequests(): number;
  /**
   * Waits until savings-loan has applied every event membership has committed so far (its
   * consumer's checkpoint has reached membership's outbox head, as its GET /health reports), so a
   * test that created a fund or a member through the gateway can use its books. Fails after
   * `timeoutMs` with the consumer's lag and last error.
   */
  eventsSettled(timeoutMs?: number): Promise<void>;
  /**
   * Waits until reporting has applied every event membership and savings-loan have committed so
   * far (both its consumers at their producer's outbox head, as its GET /health reports).
   */
  reportingSettled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TestPlatformOptions {
  /** The instant the membership subgraph takes business dates from. */
  clock?: Clock;
  /**
   * Run the platform under this configuration (e.g. loadConfig({ MODE: 'production', ... })):
   * its token settings and secrets for every process, and its security settings (introspection,
   * suggestions, CSRF, body size, time limit, query limits) at the gateway. The environment's
   * development defaults unless given.
   */
  config?: Config;
  /** Put a counting proxy in front of each subgraph, for subgraphRequests(). */
  countSubgraphRequests?: boolean;
  /** Connections in the membership subgraph's pool (DB_POOL_SIZE unless given). */
  membershipPoolSize?: number;
  /** `counter` also keeps the text of the membership subgraph's statements (to inspect or EXPLAIN them). */
  keepMembershipStatements?: boolean;
  /**
   * Events through this NATS server (a test's own `nats-server -js`, startNatsServer): membership
   * and savings-loan relay their outboxes to it, savings-loan's and reporting's consumers read its
   * streams (EVENTS_TRANSPORT=nats). Unset: the environment's transport (the Postgres outbox).
   */
  natsUrl?: string;
}

/** An HTTP proxy on 127.0.0.1 in front of `target` that counts the requests it passes on. */
async function countingProxy(target: string, count: () => void): Promise<{ url: string; close(): Promise<void> }> {
  const upstreamUrl = new URL(target);
  const server = http.createServer((req, res) => {
    count();
    const upstream = http.request(
      { hostname: upstreamUrl.hostname, port: upstreamUrl.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    // The gateway gave up on the fetch (its time limit): so does the proxy.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(target);
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The real platform for a test file: its own cloned database, the three subgraphs and the
 * gateway on free ports of 127.0.0.1, the committed supergraph with the subgraph URLs replaced.
 * `clock` fixes the instant the membership and savings-loan subgraphs take business dates from.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const auth = options.config ? authConfigFrom(options.config) : authConfigFromEnv();
  const db = await createTestDatabase();
  const counter = new StatementCounter(options.keepMembershipStatements ?? false);
  // Tests arrange and inspect rows as the owner (not bound by row-level security); the subgraphs
  // connect as the application role, as in production.
  const membershipDb = createMembershipDataSource(db.url);
  await membershipDb.initialize();
  const appUrl = applicationDatabaseUrl(db.url);
  const membershipAppDb = createMembershipDataSource(appUrl, counter, options.membershipPoolSize);
  await membershipAppDb.initialize();
  const savingsLoanCounter = new StatementCounter(true);
  const slDb = createSavingsLoanDataSource(appUrl, savingsLoanCounter);
  // Tests decide when snapshots are computed (a warmer's round between two statements counted would
  // make counts flaky); the warmer's round itself is tested by calling it (reporting/portfolio.test.ts).
  process.env.REPORTING_WARM_INTERVAL_MS ??= '0';
  const reportingCounter = new StatementCounter(true);
  const rpDb = createReportingDataSource(appUrl, reportingCounter);
  await slDb.initialize();
  await rpDb.initialize();
  const transport: TransportSettings | undefined = options.natsUrl
    ? { kind: 'nats', nats: { url: options.natsUrl, ackWaitMs: 30_000 } }
    : undefined;
  const events = transport ? { ...membershipConsumerSettings(), transport } : undefined;
  const servers: RunningServer[] = [
    await startMembershipServer({
      dataSource: membershipAppDb,
      gatewaySecret: auth.gatewaySecret,
      port: 0,
      clock: options.clock,
      relay: events,
    }),
    await startSavingsLoanServer({ dataSource: slDb, gatewaySecret: auth.gatewaySecret, port: 0, clock: options.clock, events }),
    await startReportingServer({
      dataSource: rpDb,
      gatewaySecret: auth.gatewaySecret,
      port: 0,
      clock: options.clock,
      events: transport ? { ...reportingEventSettings(), transport } : undefined,
    }),
  ];
  let subgraphRequests = 0;
  const proxies = options.countSubgraphRequests
    ? await Promise.all(servers.map((server) => countingProxy(server.url, () => (subgraphRequests += 1))))
    : [];
  const urls = proxies.length ? proxies.map((proxy) => proxy.url) : servers.map((server) => server.url);
  const gateway: RunningGateway = await startGateway({
    port: 0,
    supergraphSdl: readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: { membership: urls[0], savings_loan: urls[1], reporting: urls[2] },
    auth,
    onOperation: recordOperation,
    ...(options.config ? { security: securityFrom(options.config) } : {}),
  });
  const token = (role: Role, scopeNodeId: string | null = null, subject = `test-${role.toLowerCase()}`) =>
    signUserToken({ subject, role, scopeNodeId } satisfies Identity, auth.userTokenSecret);
  return {
    gatewayUrl: gateway.url,
    membershipUrl: servers[0].url,
    savingsLoanUrl: servers[1].url,
    reportingUrl: servers[2].url,
    db,
    membershipDb,
    membershipAppDb,
    appUrl,
    counter,
    savingsLoanCounter,
    reportingCounter,
    token,
    national: token(Role.NATIONAL_ADMIN),
    subgraphRequests() {
      if (!options.countSubgraphRequests) throw new Error('start the platform with countSubgraphRequests: true to count subgraph requests');
      return subgraphRequests;
    },
    async eventsSettled(timeoutMs = 10_000) {
      const health = servers[1].url.replace(/\/graphql$/, '/health');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const body = (await (await fetch(health)).json()) as { events?: { lag: { events: number } | null }[] };
        const consumers = body.events ?? [];
        if (consumers.length > 0 && consumers.every((c) => c.lag?.events === 0)) return;
        if (Date.now() > deadline)
          throw new Error(`savings-loan has not applied membership's events after ${timeoutMs} ms: ${JSON.stringify(body)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async reportingSettled(timeoutMs = 10_000) {
      const health = servers[2].url.replace(/\/graphql$/, '/health');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const body = (await (await fetch(health)).json()) as { events?: { lag: { events: number } | null }[] };
        const consumers = body.events ?? [];
        if (consumers.length > 0 && consumers.every((c) => c.lag?.events === 0)) return;
        if (Date.now() > deadline) throw new Error(`reporting has not applied the events after ${timeoutMs} ms: ${JSON.stringify(body)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async gql(tokenValue, query, variables) {
      let req = request(gateway.url.replace(/\/graphql$/, ''))
        .post('/graphql')
        .set('content-type', 'application/json');
      if (tokenValue) req = req.set('authorization', `Bearer ${tokenValue}`);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body.data, errors: res.body.errors };
    },
    async stop() {
      await gateway.stop();
      for (const proxy of proxies) await proxy.close();
      for (const s of servers) await s.stop();
      await membershipDb.destroy();
      await membershipAppDb.destroy();
      await slDb.destroy();
      await rpDb.destroy();
      await db.drop();
    },
  };
}

/** The data of a result, failing the test with the errors when there are any. */
export function ok<T = any>(result: GraphQLResult<T>): T {
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

/** The first error's code and field. */
export function failure(result: GraphQLResult): { code?: string; field?: string; message: string; details?: Record<string, unknown> } {
  const error = result.errors?.[0];
  if (!error) throw new Error(`expected an error, got data ${JSON.stringify(result.data)}`);
  return { code: error.extensions?.code, field: error.extensions?.field, message: error.message, details: error.extensions?.details };
}

/**
 * Runs an operation that must be refused with `expected`, and checks that nothing was written:
 * `footprintSql` (one row of counts) reads the same before and after.
 */
export async function expectRefused(
  p: TestPlatform,
  footprintSql: string,
  run: () => Promise<GraphQLResult>,
  expected: { code: string; field?: string },
) {
  const footprint = async () => (await p.membershipDb.query(footprintSql))[0] as Record<string, number>;
  const before = await footprint();
  const error = failure(await run());
  expect(error).toMatchObject(expected);
  expect(await footprint()).toEqual(before);
  return error;
}

/**
 * Makes a race certain: holds a lock from the owner's connection - `LOCK TABLE <table> IN SHARE
 * MODE` (writes to it wait) for a table name, or the given statement (e.g. one row `FOR UPDATE`) -
 * while the requests start, releases it only when `waiters` of them are waiting on a lock inside
 * their transactions, and returns their results. A missing row lock then shows as a lost update.
 */
export async function raceBehindLock(
  p: TestPlatform,
  lock: string | { sql: string; params?: unknown[] },
  waiters: number,
  start: () => Promise<GraphQLResult>[],
): Promise<GraphQLResult[]> {
  const blocker = p.membershipDb.createQueryRunner();
  await blocker.connect();
  let pending: Promise<GraphQLResult[]>;
  try {
    await blocker.startTransaction();
    if (typeof lock === 'string') await blocker.query(`LOCK TABLE ${lock} IN SHARE MODE`);
    else await blocker.query(lock.sql, lock.params);
    pending = Promise.all(start());
    let waiting = 0;
    for (let i = 0; i < 200 && waiting < waiters; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      [{ waiting }] = await p.membershipDb.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
    }
    expect(waiting).toBe(waiters);
    await blocker.commitTransaction();
  } finally {
    await blocker.release();
  }
  return pending;
}
