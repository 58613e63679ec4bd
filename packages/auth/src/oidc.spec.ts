import { authConfigFromEnv } from './config';
import { Role } from './identity';
import { createUserTokenVerifier } from './oidc';
import { signUserToken } from './tokens';

const ISSUER = 'https://idp.example.test';
const base = { userTokenSecret: 'user-secret', gatewaySecret: 'gateway-secret' };

async function setup(roleClaim?: string, nodeClaim?: string) {
  // jose is ESM-only; this package is CommonJS.
  const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  const oidc = { issuer: ISSUER, jwks: { keys: [jwk] }, roleClaim, nodeClaim };
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('s1')
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  return { oidc, sign };
}

describe('OIDC user tokens', () => {
  it('reads role and node from dotted claim paths', async () => {
    const { oidc, sign } = await setup('realm_access.funds_role', 'ext.node');
    const verify = createUserTokenVerifier({ ...base, oidc });
    const token = await sign({ realm_access: { funds_role: 'FUND_OFFICER' }, ext: { node: 'fund-9' } });
    await expect(verify(token)).resolves.toEqual({ subject: 's1', role: Role.FUND_OFFICER, scopeNodeId: 'fund-9' });
  });

  it('reads a namespaced claim whose name holds dots (Auth0 style) before trying it as a path', async () => {
    const { oidc, sign } = await setup('https://funds.example.org/role', 'https://funds.example.org/node');
    const verify = createUserTokenVerifier({ ...base, oidc });
    const token = await sign({ 'https://funds.example.org/role': 'DASHBOARD_VIEWER', 'https://funds.example.org/node': 'county-3' });
    await expect(verify(token)).resolves.toEqual({ subject: 's1', role: Role.DASHBOARD_VIEWER, scopeNodeId: 'county-3' });
  });

  it('refuses a role in the default claim when another claim is configured', async () => {
    const { oidc, sign } = await setup('realm_access.funds_role');
    const verify = createUserTokenVerifier({ ...base, oidc });
    await expect(verify(await sign({ funds_role: 'NATIONAL_ADMIN' }))).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('turns development tokens off by default when an issuer is set, on when asked', async () => {
    const { oidc } = await setup();
    const dev = signUserToken({ subject: 'd', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, base.userTokenSecret);
    await expect(createUserTokenVerifier({ ...base, oidc })(dev)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(createUserTokenVerifier({ ...base, oidc, devTokens: true })(dev)).resolves.toMatchObject({ subject: 'd' });
    await expect(createUserTokenVerifier(base)(dev)).resolves.toMatchObject({ subject: 'd' });
  });
});

describe('authConfigFromEnv OIDC settings', () => {
  it('enables OIDC with OIDC_ISSUER and turns dev tokens off unless AUTH_DEV_TOKENS=true', () => {
    const env = { OIDC_ISSUER: ISSUER, OIDC_JWKS_URL: 'https://idp.example.test/jwks' };
    expect(authConfigFromEnv(env)).toMatchObject({
      devTokens: false,
      oidc: { issuer: ISSUER, clockToleranceSeconds: 60, roleClaim: 'funds_role', nodeClaim: 'funds_node' },
    });
    expect(authConfigFromEnv({ ...env, AUTH_DEV_TOKENS: 'true' }).devTokens).toBe(true);
    expect(authConfigFromEnv({}).devTokens).toBe(true);
    expect(authConfigFromEnv({}).oidc).toBeUndefined();
  });
  it('discovers the keys when only the issuer is given', () => {
    expect(authConfigFromEnv({ OIDC_ISSUER: ISSUER }).oidc).toMatchObject({ issuer: ISSUER, jwksUrl: undefined, jwksFile: undefined });
  });
  it('refuses keys without an issuer and bad settings', () => {
    expect(() => authConfigFromEnv({ OIDC_JWKS_URL: 'https://idp.example.test/jwks' })).toThrow(/OIDC_ISSUER must be set/);
    expect(() => authConfigFromEnv({ AUTH_DEV_TOKENS: 'yes' })).toThrow(/AUTH_DEV_TOKENS/);
    expect(() => authConfigFromEnv({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: 'x', OIDC_CLOCK_TOLERANCE_SECONDS: '-1' })).toThrow(/CLOCK/);
  });
});
