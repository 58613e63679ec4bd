import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK, KeyObject } from 'jose' with { 'resolution-mode': 'import' };
import { AuthConfig, Role, signUserToken } from '@funds/auth';
import { FIXTURE_AUTH, FixturePlatform, startFixturePlatform } from './support/fixture-platform';

/**
 * Tokens from an OpenID Connect issuer, through the real gateway over HTTP: the issuer's JWKS is
 * served from a local HTTP server, and keys are rotated while the gateway runs.
 */
const ISSUER = 'https://idp.example.test/realms/funds';
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

let published: Key[] = [];
let jwksServer: Server;
let oldKey: Key;
let newKey: Key;
let jwksUrl: string;

async function sign(key: Key, claims: Record<string, unknown>, options: { issuer?: string; audience?: string; exp?: number | null } = {}) {
  const { SignJWT } = await import('jose');
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject('person-1')
    .setIssuedAt(now)
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE);
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? now + 600);
  return jwt.sign(key.privateKey);
}
const ADMIN = { funds_role: 'REGIONAL_ADMIN', funds_node: 'region-1' };

async function gql(p: FixturePlatform, token: string) {
  const response = await fetch(`${p.gatewayOrigin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await response.json()) as { data?: { whoami: unknown }; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, ...body };
}
async function expectRefused(p: FixturePlatform, token: string) {
  const result = await gql(p, token);
  expect(result.status).toBe(401);
  expect(result.errors?.[0].extensions?.code).toBe('INVALID_TOKEN');
  expect(result.data).toBeUndefined();
}

let p: FixturePlatform;
let devOff: FixturePlatform;
beforeAll(async () => {
  oldKey = await makeKey('old-rsa', 'RS256');
  newKey = await makeKey('new-ec', 'ES256');
  published = [oldKey];
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  const oidc = { issuer: ISSUER, audience: AUDIENCE, jwksUrl, jwksCooldownSeconds: 0 };
  const withDev: AuthConfig = { ...FIXTURE_AUTH, oidc, devTokens: true };
  const withoutDev: AuthConfig = { ...FIXTURE_AUTH, oidc };
  p = await startFixturePlatform({ auth: withDev, rateLimit: false });
  devOff = await startFixturePlatform({ auth: withoutDev, rateLimit: false });
});
afterAll(async () => {
  await p?.stop();
  await devOff?.stop();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

describe('OIDC tokens', () => {
  it('accepts a valid RS256 token and takes role and node from the configured claims', async () => {
    const result = await gql(p, await sign(oldKey, ADMIN));
    expect(result.status).toBe(200);
    expect(result.data?.whoami).toEqual({ subject: 'person-1', role: 'REGIONAL_ADMIN', scopeNodeId: 'region-1' });
  });

  it('rotates keys: old and new both accepted while both are published, the old refused once removed', async () => {
    published = [oldKey, newKey];
    // The new kid is unknown to the cached JWKS: jose refetches it.
    const viaNew = await gql(p, await sign(newKey, ADMIN));
    expect(viaNew.status).toBe(200);
    expect((await gql(p, await sign(oldKey, ADMIN))).status).toBe(200);
    published = [newKey];
    // A fresh gateway (no cached keys) sees only the new key.
    const fresh = await startFixturePlatform({
      auth: { ...FIXTURE_AUTH, oidc: { issuer: ISSUER, audience: AUDIENCE, jwksUrl } },
      rateLimit: false,
    });
    try {
      expect((await gql(fresh, await sign(newKey, ADMIN))).status).toBe(200);
      await expectRefused(fresh, await sign(oldKey, ADMIN));
    } finally {
      await fresh.stop();
    }
    published = [oldKey, newKey];
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(p, await sign(oldKey, ADMIN, { exp: now - 3600 }));
  });
  it('refuses a token from another issuer', async () => {
    await expectRefused(p, await sign(oldKey, ADMIN, { issuer: 'https://evil.example.test' }));
  });
  it('refuses a token for another audience', async () => {
    await expectRefused(p, await sign(oldKey, ADMIN, { audience: 'someone-else' }));
  });
  it('refuses a token without exp', async () => {
    await expectRefused(p, await sign(oldKey, ADMIN, { exp: null }));
  });
  it('refuses a token valid for longer than the maximum lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(p, await sign(oldKey, ADMIN, { exp: now + 2 * 24 * 3600 }));
  });
  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = { ...ADMIN, sub: 'person-1', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 };
    await expectRefused(p, `${part({ alg: 'none', kid: oldKey.kid })}.${part(payload)}.`);
  });
  it('refuses an HS256 token signed with the public key as secret (algorithm confusion)', async () => {
    const { SignJWT } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const secret = new TextEncoder().encode(JSON.stringify(oldKey.jwk));
    const token = await new SignJWT({ ...ADMIN })
      .setProtectedHeader({ alg: 'HS256', kid: oldKey.kid })
      .setSubject('person-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(secret);
    await expectRefused(p, token);
    await expectRefused(devOff, token);
  });
  it('refuses a token without the role claim', async () => {
    await expectRefused(p, await sign(oldKey, { funds_node: 'region-1' }));
  });
  it('refuses a token with a role that is not one of the platform roles', async () => {
    await expectRefused(p, await sign(oldKey, { funds_role: 'SUPERUSER', funds_node: 'region-1' }));
  });
});

describe('development tokens', () => {
  it('still work when AUTH_DEV_TOKENS is on', async () => {
    const result = await gql(
      p,
      signUserToken({ subject: 'dev', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, FIXTURE_AUTH.userTokenSecret),
    );
    expect(result.status).toBe(200);
    expect(result.data?.whoami).toMatchObject({ subject: 'dev', role: 'NATIONAL_ADMIN' });
  });
  it('are refused when AUTH_DEV_TOKENS is off', async () => {
    await expectRefused(
      devOff,
      signUserToken({ subject: 'dev', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, FIXTURE_AUTH.userTokenSecret),
    );
  });
});
