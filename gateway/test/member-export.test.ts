import express from 'express';
import request from 'supertest';
import { Role } from '@funds/auth';
import { baseContext } from '@funds/graphql-kit';
import { FIXTURE_AUTH, FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { DEVELOPMENT_SECURITY } from '../src/config';

/**
 * GET /exports/members.csv at the gateway, against a fixture playing membership's internal route:
 * what the gateway sends (the signed identity, the query as given) and how it answers (the body
 * piped as it is, a Link from X-Next-After, coded errors when membership cannot answer in time).
 */
describe('members export at the gateway', () => {
  let platform: FixturePlatform;
  const seen: { subject: string; role: string; query: string; requestId: string }[] = [];
  let delayMs = 0;

  beforeAll(async () => {
    const internal = express.Router();
    internal.get('/exports/members.csv', async (req, res) => {
      const context = baseContext(req.headers, FIXTURE_AUTH.gatewaySecret);
      seen.push({
        subject: context.identity.subject,
        role: context.identity.role,
        query: req.originalUrl.slice(req.originalUrl.indexOf('?')),
        requestId: context.requestId,
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (req.query.areaId === 'bad') {
        res.status(400).json({ errors: [{ message: 'no', extensions: { code: 'INVALID_INPUT', field: 'areaId' } }] });
        return;
      }
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'x-next-after': 'CURSOR_2', 'x-internal-detail': 'hidden' });
      res.end('\uFEFF"id"\r\n"m1"\r\n');
    });
    platform = await startFixturePlatform({ security: { ...DEVELOPMENT_SECURITY, requestTimeoutMs: 400 } }, { internalRoutes: internal });
  });
  afterAll(() => platform.stop());

  const get = (query: string, token: string | null) => {
    const call = request(platform.gatewayOrigin).get(`/exports/members.csv${query}`);
    return token ? call.set('authorization', `Bearer ${token}`) : call;
  };

  it("signs the caller's identity, forwards the query as given and pipes the answer with a Link to the next page", async () => {
    seen.length = 0;
    const token = platform.tokenFor(Role.NATIONAL_ADMIN, null, 'exporter');
    const res = await get('?areaId=A1&first=2&status=ACTIVE,EXITED', token).set('x-request-id', 'req-csv-1');
    expect(res.status).toBe(200);
    expect(res.text).toBe('\uFEFF"id"\r\n"m1"\r\n');
    expect(res.headers['x-next-after']).toBe('CURSOR_2');
    expect(res.headers.link).toBe('</exports/members.csv?areaId=A1&first=2&status=ACTIVE%2CEXITED&after=CURSOR_2>; rel="next"');
    expect(res.headers['x-internal-detail']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('req-csv-1');
    expect(seen).toEqual([
      { subject: 'exporter', role: 'NATIONAL_ADMIN', query: '?areaId=A1&first=2&status=ACTIVE,EXITED', requestId: 'req-csv-1' },
    ]);
  });

  it("passes membership's coded error with its status; refuses a caller without credentials before asking membership", async () => {
    seen.length = 0;
    const bad = await get('?areaId=bad', platform.tokenFor(Role.NATIONAL_ADMIN, null));
    expect([bad.status, bad.body.errors[0].extensions]).toEqual([400, { code: 'INVALID_INPUT', field: 'areaId' }]);
    const anonymous = await get('?areaId=A1', null);
    expect([anonymous.status, anonymous.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const refused = await get('?areaId=A1', platform.tokenFor(Role.REGIONAL_ADMIN, 'refused-node'));
    expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([401, 'INVALID_TOKEN']);
    expect(seen).toHaveLength(1);
  });

  it('answers TIMEOUT (504) when membership is slower than the time limit', async () => {
    delayMs = 1000;
    try {
      const slow = await get('?areaId=A1', platform.tokenFor(Role.NATIONAL_ADMIN, null));
      expect([slow.status, slow.body.errors[0].extensions.code]).toEqual([504, 'TIMEOUT']);
    } finally {
      delayMs = 0;
    }
  });

  it('answers SERVICE_UNAVAILABLE (503) when membership cannot be reached', async () => {
    await platform.stopSubgraph();
    const down = await get('?areaId=A1', platform.tokenFor(Role.NATIONAL_ADMIN, null));
    expect([down.status, down.body.errors[0].extensions.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
  });
});
