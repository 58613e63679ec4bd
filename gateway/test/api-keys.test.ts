import express from 'express';
import request from 'supertest';
import { API_KEY_CHECK_SIGNATURE_HEADER, Role, isValidApiKeyCheckSignature } from '@funds/auth';
import { FIXTURE_AUTH, FixturePlatform, startFixturePlatform } from './support/fixture-platform';

/**
 * The gateway's side of partner apps' API keys, against a subgraph that plays membership's
 * internal key check: a key is asked about on every request (never cached, so a revocation holds
 * from the next request), once per request (the rate limiter and the context share the answer),
 * with the gateway's signature; a check that cannot answer is 503, never a bad key; partner apps
 * are rate-limited by key id.
 */
const KEY_A = `fk_0195f000-0000-7000-8000-00000000000a_${'a'.repeat(43)}`;
const KEY_B = `fk_0195f000-0000-7000-8000-00000000000b_${'b'.repeat(43)}`;
const idOf = (key: string) => key.slice(3, 39);

type Answer = 'valid' | 'revoked' | 'expired' | 'unknown' | 'broken';
const answers = new Map<string, Answer>();
let checks: string[] = [];

/** The fake check: refuses an unsigned question, answers each key as `answers` says. */
function checkRoutes(): express.Router {
  const router = express.Router();
  router.post('/api-keys/check', (req, res) => {
    const key = String((req.body as { key?: unknown }).key);
    if (!isValidApiKeyCheckSignature(key, FIXTURE_AUTH.gatewaySecret, req.headers[API_KEY_CHECK_SIGNATURE_HEADER])) {
      res.status(401).json({ errors: [{ message: 'unsigned', extensions: { code: 'NOT_FROM_GATEWAY' } }] });
      return;
    }
    checks.push(key);
    const answer = answers.get(key) ?? 'unknown';
    if (answer === 'broken') res.status(500).json({ errors: [{ message: 'database down' }] });
    else if (answer === 'valid')
      res.json({
        valid: true,
        keyId: idOf(key),
        identity: { subject: `apikey:${idOf(key)}`, role: Role.PARTNER_APP, scopeNodeId: 'fund-1', grants: ['PORTFOLIO_READ'] },
      });
    else
      res.json({
        valid: false,
        code: { revoked: 'API_KEY_REVOKED', expired: 'API_KEY_EXPIRED', unknown: 'INVALID_TOKEN' }[answer],
        message: `the key is ${answer}`,
      });
  });
  return router;
}

const WHOAMI = '{ whoami { subject role scopeNodeId } }';

describe('API keys at the gateway', () => {
  let platform: FixturePlatform;
  beforeAll(async () => {
    platform = await startFixturePlatform({ rateLimit: false }, { internalRoutes: checkRoutes() });
  });
  afterAll(() => platform.stop());
  beforeEach(() => {
    checks = [];
    platform.received.length = 0;
    answers.clear();
  });

  const post = (headers: Record<string, string>, query = WHOAMI) => {
    let call = request(platform.gatewayOrigin).post('/graphql');
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    return call.send({ query });
  };

  it('acts as the identity the check answers, asking once per request and on every request', async () => {
    answers.set(KEY_A, 'valid');
    const bearer = await post({ authorization: `Bearer ${KEY_A}` });
    expect(bearer.body.data.whoami).toEqual({ subject: `apikey:${idOf(KEY_A)}`, role: 'PARTNER_APP', scopeNodeId: 'fund-1' });
    expect(checks).toEqual([KEY_A]);
    const header = await post({ 'x-api-key': KEY_A });
    expect(header.body.data.whoami.subject).toBe(`apikey:${idOf(KEY_A)}`);
    expect(checks).toEqual([KEY_A, KEY_A]);
  });

  it('refuses a key the check says is revoked or expired from the next request, before any subgraph', async () => {
    answers.set(KEY_B, 'valid');
    expect((await post({ 'x-api-key': KEY_B })).status).toBe(200);
    platform.received.length = 0;
    for (const [answer, code] of [
      ['revoked', 'API_KEY_REVOKED'],
      ['expired', 'API_KEY_EXPIRED'],
      ['unknown', 'INVALID_TOKEN'],
    ] as const) {
      answers.set(KEY_B, answer);
      const refused = await post({ 'x-api-key': KEY_B });
      expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([401, code]);
    }
    expect(platform.received).toHaveLength(0);
  });

  it('answers 503 SERVICE_UNAVAILABLE, not a bad key, when the check cannot answer', async () => {
    answers.set(KEY_A, 'broken');
    const refused = await post({ authorization: `Bearer ${KEY_A}` });
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).toBe('5');
    expect(platform.received).toHaveLength(0);
  });

  it('refuses two credentials at once, and an X-Api-Key that is no key', async () => {
    const token = platform.tokenFor(Role.NATIONAL_ADMIN, null, 'someone');
    const cases: Record<string, string>[] = [{ authorization: `Bearer ${token}`, 'x-api-key': KEY_A }, { 'x-api-key': token }];
    for (const headers of cases) {
      const refused = await post(headers);
      expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([401, 'INVALID_TOKEN']);
    }
    expect(checks).toEqual([]);
  });
});

describe('API keys and the rate limit', () => {
  let platform: FixturePlatform;
  beforeAll(async () => {
    checks = [];
    answers.clear();
    platform = await startFixturePlatform({ rateLimit: { points: 2, durationSeconds: 30 } }, { internalRoutes: checkRoutes() });
  });
  afterAll(() => platform.stop());

  it('counts a partner app by its key id: one key over its budget does not stop another', async () => {
    answers.set(KEY_A, 'valid');
    answers.set(KEY_B, 'valid');
    const post = (key: string) => request(platform.gatewayOrigin).post('/graphql').set('x-api-key', key).send({ query: WHOAMI });
    expect((await post(KEY_A)).status).toBe(200);
    expect((await post(KEY_A)).status).toBe(200);
    const limited = await post(KEY_A);
    expect([limited.status, limited.body.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await post(KEY_B)).status).toBe(200);
    expect((await post(KEY_B)).status).toBe(200);
  });
});
