import request from 'supertest';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { loadConfig } from '@funds/config';
import { DEFAULT_RATE_LIMIT } from '../src/rate-limit';
import { gatewayOptionsFrom } from '../src/config';

/** A client over its request budget gets 429, Retry-After and RATE_LIMITED; other clients are served. */
describe('rate limit', () => {
  let platform: FixturePlatform;
  beforeAll(async () => {
    platform = await startFixturePlatform({ rateLimit: { points: 3, durationSeconds: 2 } });
  });
  afterAll(() => platform.stop());

  const post = (token: string | null, accept = 'application/json') => {
    const call = request(platform.gatewayOrigin).post('/graphql').set('accept', accept);
    return (token ? call.set('authorization', `Bearer ${token}`) : call).send({ query: '{ chain { depth } }' });
  };

  it('refuses the request over the limit with 429, Retry-After and RATE_LIMITED, per token subject', async () => {
    const alice = platform.tokenFor(Role.NATIONAL_ADMIN, null, 'alice');
    const aliceAgain = platform.tokenFor(Role.NATIONAL_ADMIN, null, 'alice'); // another token, same subject
    for (const token of [alice, alice, aliceAgain]) expect((await post(token)).status).toBe(200);
    platform.received.length = 0;
    const refused = await post(alice);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(refused.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/at most 3 every 2 s per client; try again in [12] s/),
          extensions: { code: 'RATE_LIMITED', details: { retryAfterSeconds: retryAfter, limit: 3, windowSeconds: 2 } },
        },
      ],
    });
    expect(platform.received).toHaveLength(0);
    const graphqlResponse = await post(alice, 'application/graphql-response+json');
    expect(graphqlResponse.status).toBe(429);
    expect(graphqlResponse.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');

    // Another client is served meanwhile; the same one again after the window.
    expect((await post(platform.tokenFor(Role.NATIONAL_ADMIN, null, 'bob'))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await post(alice)).status).toBe(200);
  });

  it('counts GET /exports/members.csv in the same budget as /graphql', async () => {
    const carol = platform.tokenFor(Role.NATIONAL_ADMIN, null, 'carol');
    const get = () =>
      request(platform.gatewayOrigin)
        .get('/exports/members.csv?areaId=00000000-0000-4000-8000-000000000000')
        .set('authorization', `Bearer ${carol}`);
    expect((await post(carol)).status).toBe(200);
    expect((await post(carol)).status).toBe(200);
    expect((await get()).status).not.toBe(429);
    const refused = await get();
    expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await post(carol)).status).toBe(429);
  });

  it('counts requests without a valid token by address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(i % 2 ? null : 'not-a-token')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('rate limit defaults', () => {
  it('are generous (600 requests per 10 s) and read RATE_LIMIT_POINTS / RATE_LIMIT_DURATION', () => {
    expect(DEFAULT_RATE_LIMIT).toEqual({ points: 600, durationSeconds: 10 });
    const rateLimitOf = (env: Record<string, string>) => gatewayOptionsFrom(loadConfig(env)).rateLimit;
    expect(rateLimitOf({})).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitOf({ RATE_LIMIT_POINTS: '100', RATE_LIMIT_DURATION: '60' })).toEqual({ points: 100, durationSeconds: 60 });
    expect(() => rateLimitOf({ RATE_LIMIT_POINTS: 'lots' })).toThrow(/RATE_LIMIT_POINTS must be a whole number/);
  });

  it('do not throttle a busy client of the default gateway (as the test platform runs it)', async () => {
    const platform = await startFixturePlatform();
    try {
      const token = platform.tokenFor(Role.NATIONAL_ADMIN, null);
      const statuses = await Promise.all(
        Array.from({ length: 200 }, () =>
          request(platform.gatewayOrigin).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ chain { depth } }' }),
        ),
      ).then((responses) => responses.map((r) => r.status));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      await platform.stop();
    }
  });
});
