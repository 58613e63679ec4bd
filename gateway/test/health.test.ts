import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { authConfigFromEnv } from '@funds/auth';
import { createLogger } from '@funds/graphql-kit';
import { RunningGateway, startGateway } from '../src/gateway';
import { TestPlatform, startTestPlatform } from '../../test/support/platform';

const SUPERGRAPH = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
// In the supergraph's order (its join__Graph enum).
const SUBGRAPHS = ['membership', 'reporting', 'savings_loan'];

/** The lines a logger writes, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('gateway', { stream: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { lines, logger };
}

/**
 * A stand-in for the three subgraphs' /health: 503 naming its database as down until `up` is set.
 * (startGateway fetches nothing else before it reports.)
 */
async function healthStandIn() {
  const state = { up: false, calls: 0 };
  const server = http.createServer((req, res) => {
    state.calls++;
    const up = state.up;
    res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: up ? 'ok' : 'unavailable', service: 'stand-in', checks: { database: up ? 'ok' : 'down' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    state,
    urls: Object.fromEntries(SUBGRAPHS.map((name) => [name, url])),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('gateway start: readiness before it reports', () => {
  it('waits for every subgraph to answer healthy, then logs "gateway ready"', async () => {
    const standIn = await healthStandIn();
    const { lines, logger } = capture();
    let gateway: RunningGateway | undefined;
    try {
      let resolvedAt = 0;
      const starting = startGateway({
        port: 0,
        supergraphSdl: SUPERGRAPH,
        subgraphUrls: standIn.urls,
        auth: authConfigFromEnv(),
        logger,
      }).then((g) => {
        resolvedAt = Date.now();
        return g;
      });
      // Let the gateway find the subgraphs down a few times before they come up.
      const giveUp = Date.now() + 5000;
      while (standIn.state.calls < 2 * SUBGRAPHS.length && Date.now() < giveUp) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(standIn.state.calls).toBeGreaterThanOrEqual(2 * SUBGRAPHS.length);
      expect(resolvedAt).toBe(0);
      expect(lines.some((line) => line.msg === 'gateway ready')).toBe(false);
      const upAt = Date.now();
      standIn.state.up = true;
      gateway = await starting;
      expect(gateway.ready).toBe(true);
      expect(resolvedAt).toBeGreaterThanOrEqual(upAt);
      const ready = lines.find((line) => line.msg === 'gateway ready');
      expect(ready).toMatchObject({ level: 'info', service: 'gateway', url: gateway.url });
    } finally {
      await gateway?.stop();
      await standIn.close();
    }
  });

  it('after the timeout logs "gateway not ready" naming what is down, serves, and /ready and /health answer 503', async () => {
    const standIn = await healthStandIn();
    const { lines, logger } = capture();
    const expectedDown = SUBGRAPHS.map((name) => `${name}.database`);
    const gateway = await startGateway({
      port: 0,
      supergraphSdl: SUPERGRAPH,
      subgraphUrls: standIn.urls,
      auth: authConfigFromEnv(),
      logger,
      // Each health check may take as long as the wait (at 300 ms a loaded CI run timed one out,
      // and the subgraph was named down without its reason).
      readyTimeoutMs: 1500,
    });
    try {
      expect(gateway.ready).toBe(false);
      expect(lines.find((line) => line.msg?.toString().startsWith('gateway not ready'))).toMatchObject({
        level: 'warn',
        down: expectedDown,
      });
      const origin = new URL(gateway.url).origin;
      const ready = await request(origin).get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', down: expectedDown });
      const health = await request(origin).get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({
        status: 'unavailable',
        subgraphs: { membership: 'down', savings_loan: 'down', reporting: 'down' },
        down: expectedDown,
      });
      // And once they are up, ready without a restart.
      standIn.state.up = true;
      expect((await request(origin).get('/ready')).status).toBe(200);
    } finally {
      await gateway.stop();
      await standIn.close();
    }
  });
});

describe('health with the database down (real platform)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.stop());

  /** Runs `sql` on the server's maintenance database (not the one being shut). */
  async function admin(sql: string): Promise<void> {
    const server = new DataSource({ type: 'postgres', url: process.env.TEST_DATABASE_ADMIN_URL });
    await server.initialize();
    try {
      await server.query(sql);
    } finally {
      await server.destroy();
    }
  }

  it('a subgraph /health says checks.database down, the gateway /health and /ready name each subgraph database, all 503', async () => {
    const gateway = new URL(p.gatewayUrl).origin;
    const membership = new URL(p.membershipUrl).origin;
    expect((await request(membership).get('/health')).body).toEqual({ status: 'ok', service: 'membership', checks: { database: 'ok' } });
    expect((await request(gateway).get('/ready')).status).toBe(200);

    // The database stops taking connections and drops the ones it has: as if its server went away.
    await admin(`ALTER DATABASE "${p.db.name}" ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${p.db.name}'`);
    try {
      const sub = await request(membership).get('/health');
      expect(sub.status).toBe(503);
      expect(sub.body).toEqual({ status: 'unavailable', service: 'membership', checks: { database: 'down' } });
      expect(JSON.stringify(sub.body)).not.toMatch(/accepting|connection|postgres|FATAL/i);

      const down = SUBGRAPHS.map((name) => `${name}.database`);
      const health = await request(gateway).get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({
        status: 'unavailable',
        subgraphs: { membership: 'down', savings_loan: 'down', reporting: 'down' },
        down,
      });
      const ready = await request(gateway).get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', down });
    } finally {
      await admin(`ALTER DATABASE "${p.db.name}" ALLOW_CONNECTIONS true`);
    }
    // Back without restarting anything.
    expect((await request(gateway).get('/health')).body).toEqual({
      status: 'ok',
      subgraphs: { membership: 'ok', savings_loan: 'ok', reporting: 'ok' },
    });
    expect((await request(gateway).get('/ready')).status).toBe(200);
  });
});
