import request from 'supertest';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { loadConfig } from '@funds/config';

const APP = 'https://app.partner.example';
const OTHER = 'https://evil.example';

/** A browser app on an allowed origin can call the API; any other origin gets no allow headers. */
describe('CORS', () => {
  let platform: FixturePlatform;
  let token: string;
  beforeAll(async () => {
    platform = await startFixturePlatform({ corsOrigins: [APP, 'http://localhost:5173'] });
    token = platform.tokenFor(Role.NATIONAL_ADMIN, null);
  });
  afterAll(() => platform.stop());

  const preflight = (origin: string) =>
    request(platform.gatewayOrigin)
      .options('/graphql')
      .set('origin', origin)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization, content-type');
  const allowHeaders = (response: request.Response) => Object.keys(response.headers).filter((h) => h.startsWith('access-control-allow'));

  it('answers a preflight from an allowed origin with 204 and the allow headers', async () => {
    for (const origin of [APP, 'http://localhost:5173']) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(response.headers['access-control-allow-methods']).toBe('GET,POST');
      expect(response.headers['access-control-allow-headers']).toMatch(/Content-Type.*Authorization/);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
      expect(response.headers['access-control-max-age']).toBe('600');
      expect(response.headers.vary).toMatch(/Origin/);
    }
  });

  it("lets an allowed origin's app read answers, errors included", async () => {
    const ok = await request(platform.gatewayOrigin)
      .post('/graphql')
      .set('origin', APP)
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ chain { depth } }' });
    expect(ok.body).toEqual({ data: { chain: { depth: 0 } } });
    expect(ok.headers['access-control-allow-origin']).toBe(APP);
    expect(ok.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
    const refused = await request(platform.gatewayOrigin)
      .post('/graphql')
      .set('origin', APP)
      .set('content-type', 'application/json')
      .send('{');
    expect(refused.status).toBe(400);
    expect(refused.headers['access-control-allow-origin']).toBe(APP);
  });

  it('gives another origin no allow headers: its preflight is refused with 403 CORS_ORIGIN_NOT_ALLOWED', async () => {
    const response = await preflight(OTHER);
    expect(response.status).toBe(403);
    expect(allowHeaders(response)).toEqual([]);
    expect(response.body.errors[0].extensions).toEqual({ code: 'CORS_ORIGIN_NOT_ALLOWED' });
    const post = await request(platform.gatewayOrigin)
      .post('/graphql')
      .set('origin', OTHER)
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ chain { depth } }' });
    expect(allowHeaders(post)).toEqual([]);
    expect(post.headers.vary).toMatch(/Origin/);
    // A look-alike of an allowed origin is another origin.
    expect(allowHeaders(await preflight(`${APP}.evil.example`))).toEqual([]);
    expect(allowHeaders(await preflight(APP.replace('https', 'http')))).toEqual([]);
  });

  it('keeps Apollo CSRF prevention: a simple cross-site request without a preflight header is refused', async () => {
    const response = await request(platform.gatewayOrigin).get('/graphql').query({ query: '{ chain { depth } }' }).set('origin', APP);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
  });

  it('allows no origin unless configured', async () => {
    const plain = await startFixturePlatform();
    try {
      const response = await request(plain.gatewayOrigin)
        .options('/graphql')
        .set('origin', APP)
        .set('access-control-request-method', 'POST');
      expect(response.status).toBe(403);
      expect(allowHeaders(response)).toEqual([]);
    } finally {
      await plain.stop();
    }
  });

  it('reads CORS_ORIGINS, comma separated, and refuses anything that is not an origin', () => {
    const corsOrigins = (value?: string) => loadConfig({ CORS_ORIGINS: value }).CORS_ORIGINS;
    expect(corsOrigins()).toEqual([]);
    expect(corsOrigins(' https://a.example , http://localhost:5173,https://b.example:8443/ ')).toEqual([
      'https://a.example',
      'http://localhost:5173',
      'https://b.example:8443',
    ]);
    for (const bad of ['*', 'a.example', 'https://a.example/app', 'ftp://a.example']) {
      expect(() => corsOrigins(bad)).toThrow(/CORS_ORIGINS '.*' (is not an origin|must be scheme, host)/);
    }
  });
});
