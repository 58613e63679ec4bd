import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK, KeyObject } from 'jose' with { 'resolution-mode': 'import' };
import { AuthConfig, Role, authConfigFrom, signUserToken } from '@funds/auth';
import { loadConfig } from '@funds/config';
import { FIXTURE_AUTH, FixturePlatform, startFixturePlatform } from './support/fixture-platform';

/**
 * Tokens from an OpenID Connect issuer, through the real gateway over HTTP: the issuer (its
 * discovery document and its JWKS) is a local HTTP server on 127.0.0.1, and keys are rotated
 * while the gateway runs.
 */
const AUDIENCE = 'funds-gateway';
const QUERY = '{ whoami { subject role scopeNodeId } }';

interface Key {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey | KeyObject;
  jwk: JWK;
}
async function makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<Key> {
  const { exportJWK, generateKeyPair } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The identity provider: what it publishes can change during a test. */
let published: Key[] = [];
let discoveryIssuer: string | undefined;
let jwksRequests = 0;
let idp: Server;
let issuer: string;
let jwksUrl: string;
let oldKey: Key;
let newKey: Key;

interface SignOptions {
  issuer?: string;
  audience?: string;
  exp?: number | null;
  iat?: number;
  kid?: string;
  subject?: string | null;
}
async function sign(key: Key, claims: Record<string, unknown>, options: SignOptions = {}) {
  const { SignJWT } = await import('jose');
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid })
    .setIssuedAt(options.iat ?? now)
    .setIssuer(options.issuer ?? issuer)
    .setAudience(options.audience ?? AUDIENCE);
  if (options.subject !== null) jwt = jwt.setSubject(options.subject ?? 'person-1');
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? now + 600);
  return jwt.sign(key.privateKey);
}
const ADMIN = { funds_role: 'REGIONAL_ADMIN', funds_node: 'region-1' };

interface Answer {
  status: number;
  data?: { whoami: unknown };
  errors?: { message: string; extensions?: { code?: string } }[];
}
async function gql(p: FixturePlatform, token: string): Promise<Answer> {
  const response = await fetch(`${p.gatewayOrigin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}
async function expectRefused(p: FixturePlatform, token: string, message: RegExp) {
  const before = p.received.length;
  const result = await gql(p, token);
  expect({ status: result.status, code: result.errors?.[0].extensions?.code, data: result.data }).toEqual({
    status: 401,
    code: 'INVALID_TOKEN',
    data: undefined,
  });
  expect(result.errors?.[0].message).toMatch(message);
  expect(p.received).toHaveLength(before);
}

/** A gateway whose token settings come from these environment variables, through packages/config. */
function authFromEnv(env: Record<string, string>): AuthConfig {
  return { ...authConfigFrom(loadConfig(env)), userTokenSecret: FIXTURE_AUTH.userTokenSecret, gatewaySecret: FIXTURE_AUTH.gatewaySecret };
}

let p: FixturePlatform;
let devOff: FixturePlatform;
const started: FixturePlatform[] = [];
async function start(auth: AuthConfig): Promise<FixturePlatform> {
  const platform = await startFixturePlatform({ auth, rateLimit: false });
  started.push(platform);
  return platform;
}

beforeAll(async () => {
  oldKey = await makeKey('old-rsa', 'RS256');
  newKey = await makeKey('new-ec', 'ES256');
  published = [oldKey];
  idp = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: discoveryIssuer ?? issuer, jwks_uri: jwksUrl }));
    } else if (req.url === '/jwks.json') {
      jwksRequests += 1;
      res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  jwksUrl = `${issuer}/jwks.json`;
  const oidc = { issuer, audience: AUDIENCE, jwksUrl, jwksCooldownSeconds: 0 };
  p = await start({ ...FIXTURE_AUTH, oidc, devTokens: true });
  devOff = await start({ ...FIXTURE_AUTH, oidc });
});
afterAll(async () => {
  for (const platform of started) await platform.stop();
  await new Promise((resolve) => idp?.close(resolve));
});

describe('OIDC tokens', () => {
  it('accepts a valid RS256 token and takes role and node from the configured claims', async () => {
    const result = await gql(p, await sign(oldKey, ADMIN));
    expect(result.status).toBe(200);
    expect(result.data?.whoami).toEqual({ subject: 'person-1', role: 'REGIONAL_ADMIN', scopeNodeId: 'region-1' });
  });

  it('finds the keys through the discovery document when only OIDC_ISSUER and OIDC_AUDIENCE are set', async () => {
    const discovering = await start(authFromEnv({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE }));
    const result = await gql(discovering, await sign(oldKey, ADMIN));
    expect(result.status).toBe(200);
    expect(result.data?.whoami).toMatchObject({ role: 'REGIONAL_ADMIN' });
  });

  it('reads role and node from the claims OIDC_ROLE_CLAIM and OIDC_NODE_CLAIM name, nested paths included', async () => {
    const keycloak = await start(
      authFromEnv({
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ROLE_CLAIM: 'realm_access.funds_role',
        OIDC_NODE_CLAIM: 'funds.node',
      }),
    );
    const nested = { realm_access: { funds_role: 'FUND_OFFICER' }, funds: { node: 'fund-9' } };
    expect((await gql(keycloak, await sign(oldKey, nested))).data?.whoami).toEqual({
      subject: 'person-1',
      role: 'FUND_OFFICER',
      scopeNodeId: 'fund-9',
    });
    // The default claims mean nothing to this gateway.
    await expectRefused(keycloak, await sign(oldKey, ADMIN), /no role claim 'realm_access.funds_role'/);
  });

  it('rotates keys: old and new both accepted while both are published, a removed kid refused', async () => {
    published = [oldKey, newKey];
    // The new kid is unknown to the cached JWKS: jose refetches it.
    const viaNew = await gql(p, await sign(newKey, ADMIN));
    expect(viaNew.status).toBe(200);
    expect((await gql(p, await sign(oldKey, ADMIN))).status).toBe(200);
    published = [newKey];
    // A gateway that fetches the keys now sees only the new key.
    const fresh = await start({ ...FIXTURE_AUTH, oidc: { issuer, audience: AUDIENCE, jwksUrl } });
    expect((await gql(fresh, await sign(newKey, ADMIN))).status).toBe(200);
    await expectRefused(fresh, await sign(oldKey, ADMIN), /its key \(kid\) is not one of the issuer's current keys/);
    published = [oldKey, newKey];
  });

  it('refuses a key that claims a published kid but is not that key', async () => {
    const impostor = await makeKey(oldKey.kid, 'RS256');
    await expectRefused(p, await sign(impostor, ADMIN), /signature is not valid/);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['an expired token', () => sign(oldKey, ADMIN, { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }), /it has expired/],
    ['a token from another issuer', () => sign(oldKey, ADMIN, { issuer: 'https://evil.example.test' }), /another issuer \(iss\)/],
    ['a token for another audience', () => sign(oldKey, ADMIN, { audience: 'someone-else' }), /another audience \(aud\)/],
    ['a token without exp', () => sign(oldKey, ADMIN, { exp: null }), /no expiry \(exp\)/],
    [
      'a token valid for longer than the maximum lifetime',
      () => sign(oldKey, ADMIN, { exp: nowSeconds() + 2 * 24 * 3600 }),
      /longer than the maximum/,
    ],
    ['a token without the role claim', () => sign(oldKey, { funds_node: 'region-1' }), /no role claim 'funds_role'/],
    [
      'a token with a role that is not a platform role',
      () => sign(oldKey, { funds_role: 'SUPERUSER', funds_node: 'region-1' }),
      /unknown role 'SUPERUSER'/,
    ],
    ['a scoped role without a node', () => sign(oldKey, { funds_role: 'FUND_OFFICER' }), /needs a scope node/],
    ['a token without a subject', () => sign(oldKey, ADMIN, { subject: null }), /no subject \(sub\)/],
    ['alg none', async () => unsigned({ alg: 'none', kid: oldKey.kid }), /signed with none are not accepted/],
    ['alg HS512', async () => unsigned({ alg: 'HS512', kid: oldKey.kid }), /signed with HS512 are not accepted/],
    [
      'an HS256 token signed with the public key as secret (algorithm confusion)',
      () => hs256WithPublicKey(),
      /signature or claims are not valid/,
    ],
  ])('refuses %s with 401 INVALID_TOKEN and says why', async (_what, token, message) => {
    await expectRefused(p, await token(), message);
  });

  it('refuses the algorithm confusion token also where development tokens are off', async () => {
    await expectRefused(devOff, await hs256WithPublicKey(), /signed with HS256 are not accepted \(accepted: RS256, ES256\)/);
  });

  it('answers 503 SERVICE_UNAVAILABLE, not INVALID_TOKEN, when the keys cannot be fetched', async () => {
    const unreachable = await start({ ...FIXTURE_AUTH, oidc: { issuer, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:9/jwks.json' } });
    const result = await gql(unreachable, await sign(oldKey, ADMIN));
    expect({ status: result.status, code: result.errors?.[0].extensions?.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(result.errors?.[0].message).not.toMatch(/127\.0\.0\.1|jwks/);
  });

  it('refuses to trust a discovery document that names another issuer', async () => {
    discoveryIssuer = 'https://evil.example.test';
    try {
      const misled = await start(authFromEnv({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE }));
      expect((await gql(misled, await sign(oldKey, ADMIN))).status).toBe(503);
    } finally {
      discoveryIssuer = undefined;
    }
  });

  it('reads a JWKS file at start, and refuses to start with a file that holds no keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    try {
      const good = join(dir, 'jwks.json');
      writeFileSync(good, JSON.stringify({ keys: [oldKey.jwk] }));
      const before = jwksRequests;
      const fromFile = await start(authFromEnv({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_FILE: good }));
      expect((await gql(fromFile, await sign(oldKey, ADMIN))).status).toBe(200);
      await expectRefused(fromFile, await sign(newKey, ADMIN), /not one of the issuer's current keys/);
      expect(jwksRequests).toBe(before);
      const empty = join(dir, 'empty.json');
      writeFileSync(empty, '{"keys": []}');
      await expect(startFixturePlatform({ auth: authFromEnv({ OIDC_ISSUER: issuer, OIDC_JWKS_FILE: empty }) })).rejects.toThrow(
        /OIDC_JWKS_FILE .* holds no keys/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rate limit', () => {
  it('counts OIDC callers by their subject, not by the address they share', async () => {
    const limited = await startFixturePlatform({
      auth: { ...FIXTURE_AUTH, oidc: { issuer, audience: AUDIENCE, jwksUrl } },
      rateLimit: { points: 2, durationSeconds: 60 },
    });
    started.push(limited);
    const alice = await sign(oldKey, ADMIN, { subject: 'alice' });
    const bob = await sign(oldKey, ADMIN, { subject: 'bob' });
    const statuses: number[] = [];
    for (const token of [alice, alice, bob, bob, alice]) statuses.push((await gql(limited, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});

describe('development tokens', () => {
  const devToken = () => signUserToken({ subject: 'dev', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, FIXTURE_AUTH.userTokenSecret);
  it('still work when AUTH_DEV_TOKENS is on', async () => {
    const result = await gql(p, devToken());
    expect(result.status).toBe(200);
    expect(result.data?.whoami).toMatchObject({ subject: 'dev', role: 'NATIONAL_ADMIN' });
  });
  it('are refused when AUTH_DEV_TOKENS is off (the default once OIDC_ISSUER is set)', async () => {
    expect(authFromEnv({ OIDC_ISSUER: issuer }).devTokens).toBe(false);
    await expectRefused(devOff, devToken(), /signed with HS256 are not accepted/);
  });
});

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function unsigned(header: Record<string, string>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = nowSeconds();
  return `${part(header)}.${part({ ...ADMIN, sub: 'person-1', iss: issuer, aud: AUDIENCE, iat: now, exp: now + 600 })}.`;
}

/** An HS256 token whose "secret" is the issuer's public key: refused, never checked against the JWKS. */
async function hs256WithPublicKey(): Promise<string> {
  const { SignJWT } = await import('jose');
  const now = nowSeconds();
  return new SignJWT({ ...ADMIN })
    .setProtectedHeader({ alg: 'HS256', kid: oldKey.kid })
    .setSubject('person-1')
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(JSON.stringify(oldKey.jwk)));
}
