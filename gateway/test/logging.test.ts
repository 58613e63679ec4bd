import request from 'supertest';
import { Role } from '@funds/auth';
import { useLogDestination } from '@funds/graphql-kit';
import { TestPlatform, ok, startTestPlatform } from '../../test/support/platform';
import { createTree, enrol, iranianCode } from '../../services/membership/test/support/factories';
import { startFixturePlatform } from './support/fixture-platform';

/** Every line the platform's loggers write while the test runs. */
const captured: string[] = [];
let restore: () => void;
let p: TestPlatform;

beforeAll(async () => {
  restore = useLogDestination({ write: (line: string) => void captured.push(line) });
  p = await startTestPlatform();
});

afterAll(async () => {
  await p?.stop();
  restore();
});

interface RequestLine {
  service: string;
  msg: string;
  requestId: string;
  subject: string | null;
  role: string | null;
  operationName: string | null;
  durationMs: number;
  outcome: string;
}

const requestLines = (from = 0) =>
  captured
    .slice(from)
    .map((line) => JSON.parse(line) as RequestLine)
    .filter((line) => line.msg === 'graphql request');

describe('structured logs', () => {
  it('one JSON line per request in the gateway and the subgraph, joined by requestId, with no personal data or token', async () => {
    const tree = await createTree(p);
    const token = p.token(Role.NATIONAL_ADMIN, null, 'logging-admin');
    const nationalId = iranianCode();
    const phone = '+98 915 765 4321';
    const before = captured.length;
    const result = await enrol(p, tree.fundId, { nationalId, phone }, token);
    expect(ok(result).enrolMember.nationalId).toBe(nationalId);

    const lines = requestLines(before);
    const gateway = lines.find((line) => line.service === 'gateway' && line.operationName === 'EnrolMember');
    expect(gateway).toMatchObject({ subject: 'logging-admin', role: 'NATIONAL_ADMIN', outcome: 'ok' });
    expect(typeof gateway!.requestId).toBe('string');
    expect(gateway!.durationMs).toBeGreaterThanOrEqual(0);
    const membership = lines.find((line) => line.service === 'membership' && line.requestId === gateway!.requestId);
    expect(membership).toMatchObject({ subject: 'logging-admin', role: 'NATIONAL_ADMIN', outcome: 'ok' });
    expect(typeof membership!.operationName).toBe('string');
    expect(typeof membership!.durationMs).toBe('number');

    const text = captured.join('');
    expect(text).not.toContain(nationalId);
    expect(text).not.toContain(phone);
    expect(text).not.toContain(phone.replace(/\D/g, ''));
    expect(text).not.toContain(token);
    expect(text.toLowerCase()).not.toContain('bearer');
  });

  it('a refused request is logged with its error code as the outcome', async () => {
    const before = captured.length;
    const result = await enrol(p, 'no-such-fund', { phone: '+98 915 765 4321' });
    const code = result.errors?.[0]?.extensions?.code;
    expect(code).toMatch(/^[A-Z_]+$/);
    const gateway = requestLines(before).filter((line) => line.service === 'gateway' && line.operationName === 'EnrolMember');
    expect(gateway).toHaveLength(1);
    expect(gateway[0].outcome).toBe(code);
  });
});

describe('health and readiness', () => {
  it('a subgraph /health names its database check', async () => {
    const res = await request(new URL(p.membershipUrl).origin).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'membership', checks: { database: 'ok' } });
  });

  it('gateway /ready is 200 while every subgraph is up, 503 naming the one that stopped', async () => {
    const platform = await startFixturePlatform();
    try {
      const ready = await request(platform.gatewayOrigin).get('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready' });
      await platform.stopSubgraph();
      const down = await request(platform.gatewayOrigin).get('/ready');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'unavailable', down: ['fixture'] });
    } finally {
      await platform.stop();
    }
  });
});
