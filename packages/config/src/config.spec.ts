import { ConfigError, DEV_GATEWAY_IDENTITY_SECRET, DEV_USER_TOKEN_SECRET, configWarnings, loadConfig } from './config';
import { configSchema } from './schema';

const SECRET_A = 'a'.repeat(40);
const SECRET_B = 'b'.repeat(40);
const OIDC = { OIDC_ISSUER: 'https://idp.example.org/realms/funds', OIDC_AUDIENCE: 'funds-gateway' };
const PRODUCTION = { MODE: 'production', GATEWAY_IDENTITY_SECRET: SECRET_A, ...OIDC };

/** The messages of the ConfigError that `env` is refused with. */
function refusal(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.variable} ${i.message}`);
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('gives every setting its development default on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      MODE: 'development',
      HOST: '127.0.0.1',
      DB_POOL_SIZE: 10,
      MIGRATE_ON_START: true,
      AUTH_TOKEN_SECRET: DEV_USER_TOKEN_SECRET,
      GATEWAY_IDENTITY_SECRET: DEV_GATEWAY_IDENTITY_SECRET,
      AUTH_DEV_TOKENS: true,
      INTROSPECTION: 'open',
      FIELD_SUGGESTIONS: true,
      CSRF_PREVENTION: true,
      REQUEST_TIMEOUT_MS: 30_000,
      QUERY_MAX_COST: 20_000,
      QUERY_MAX_PAGE_SIZE: 100,
      CORS_ORIGINS: [],
    });
    expect(config.PORT).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('types what it reads: numbers, flags, lists', () => {
    const config = loadConfig({
      PORT: '8080',
      MIGRATE_ON_START: 'false',
      QUERY_MAX_DEPTH: ' 7 ',
      CORS_ORIGINS: 'https://a.example, https://b.example:8443/',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      MIGRATE_ON_START: false,
      QUERY_MAX_DEPTH: 7,
      CORS_ORIGINS: ['https://a.example', 'https://b.example:8443'],
    });
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', MODE: ' ' });
    expect(config.MODE).toBe('development');
    expect(config.PORT).toBeUndefined();
  });

  it('refuses bad values, naming every variable at fault and the value', () => {
    const messages = refusal({ PORT: 'eighty', DB_POOL_SIZE: '0', MIGRATE_ON_START: 'yes', MODE: 'prod', DATABASE_URL: 'mysql://x' });
    expect(messages).toEqual(
      expect.arrayContaining([
        "PORT must be a whole number from 0 to 65535; got 'eighty'",
        "DB_POOL_SIZE must be a whole number from 1 to 1000; got '0'",
        "MIGRATE_ON_START must be true or false; got 'yes'",
        "MODE must be one of development, production; got 'prod'",
        expect.stringMatching(/^DATABASE_URL must be a URL like postgres:/),
      ]),
    );
    // The database URL may hold a password: never repeated.
    expect(messages.join('\n')).not.toContain('mysql://x');
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/Configuration refused.*\n {2}- PORT must be a whole number/);
  });

  it('refuses a variable that looks like a setting but is none (a typo)', () => {
    expect(refusal({ OIDC_AUDIANCE: 'x' })).toEqual([
      expect.stringMatching(/^OIDC_AUDIANCE is not a setting \(the settings starting with OIDC_ are .*OIDC_AUDIENCE/),
    ]);
  });

  it('refuses the same secret for tokens and gateway identities', () => {
    expect(refusal({ AUTH_TOKEN_SECRET: SECRET_A, GATEWAY_IDENTITY_SECRET: SECRET_A })).toEqual([
      'GATEWAY_IDENTITY_SECRET must differ from AUTH_TOKEN_SECRET',
    ]);
  });

  it('refuses OIDC key settings without an issuer, and both key sources at once', () => {
    expect(refusal({ OIDC_JWKS_URL: 'https://idp.example.org/jwks' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER must be set when OIDC_JWKS_URL is/),
    ]);
    expect(refusal({ ...OIDC, OIDC_JWKS_URL: 'https://idp.example.org/jwks', OIDC_JWKS_FILE: 'jwks.json' })).toEqual([
      expect.stringMatching(/^OIDC_JWKS_FILE and OIDC_JWKS_URL are both set/),
    ]);
  });

  it('turns development tokens off by default when an issuer is set', () => {
    expect(loadConfig(OIDC).AUTH_DEV_TOKENS).toBe(false);
    expect(loadConfig({ ...OIDC, AUTH_DEV_TOKENS: 'true' }).AUTH_DEV_TOKENS).toBe(true);
  });
});

describe('EVENTS_TRANSPORT', () => {
  it('is the Postgres outbox unless nats is chosen, with the broker at NATS_URL', () => {
    expect(loadConfig({})).toMatchObject({
      EVENTS_TRANSPORT: 'postgres',
      NATS_URL: 'nats://127.0.0.1:4222',
      EVENTS_NATS_ACK_WAIT_MS: 30_000,
    });
    expect(loadConfig({ EVENTS_TRANSPORT: 'nats', NATS_URL: 'nats://broker:4222' })).toMatchObject({
      EVENTS_TRANSPORT: 'nats',
      NATS_URL: 'nats://broker:4222',
    });
    expect(refusal({ EVENTS_TRANSPORT: 'kafka', NATS_URL: 'http://user:pw@broker:4222' })).toEqual([
      "EVENTS_TRANSPORT must be one of postgres, nats; got 'kafka'",
      'NATS_URL must be a URL like nats://host:4222', // may hold a password: never repeated
    ]);
  });
});

describe('MODE=production', () => {
  it('turns the production settings on', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({
      INTROSPECTION: 'admins',
      FIELD_SUGGESTIONS: false,
      AUTH_DEV_TOKENS: false,
      REQUEST_TIMEOUT_MS: 10_000,
      CSRF_PREVENTION: true,
    });
    expect(configWarnings(config)).toEqual([]);
  });

  it('lets each production setting be set on its own, and warns about the weaker ones', () => {
    const config = loadConfig({
      ...PRODUCTION,
      INTROSPECTION: 'open',
      FIELD_SUGGESTIONS: 'true',
      REQUEST_TIMEOUT_MS: '2000',
      CSRF_PREVENTION: 'false',
    });
    expect(config).toMatchObject({ INTROSPECTION: 'open', FIELD_SUGGESTIONS: true, REQUEST_TIMEOUT_MS: 2000, CSRF_PREVENTION: false });
    expect(configWarnings(config)).toEqual([
      expect.stringMatching(/^INTROSPECTION=open/),
      expect.stringMatching(/^FIELD_SUGGESTIONS=true/),
      expect.stringMatching(/^CSRF_PREVENTION=false/),
    ]);
  });

  it('refuses to start without a gateway identity secret, or with a development or short one', () => {
    expect(refusal({ MODE: 'production', ...OIDC })).toEqual([
      expect.stringMatching(/^GATEWAY_IDENTITY_SECRET must be set when MODE=production/),
    ]);
    expect(refusal({ ...PRODUCTION, GATEWAY_IDENTITY_SECRET: DEV_GATEWAY_IDENTITY_SECRET })).toEqual([
      'GATEWAY_IDENTITY_SECRET is a development default, known to everyone: set a secret of your own',
    ]);
    expect(refusal({ ...PRODUCTION, GATEWAY_IDENTITY_SECRET: 'local-compose-gateway-identity-secret' })).toEqual([
      expect.stringMatching(/development default/),
    ]);
    expect(refusal({ ...PRODUCTION, GATEWAY_IDENTITY_SECRET: 'short' })).toEqual([
      'GATEWAY_IDENTITY_SECRET must be at least 32 characters when MODE=production',
    ]);
  });

  it('accepts development tokens only when asked for, with their own real secret, and warns', () => {
    expect(refusal({ ...PRODUCTION, AUTH_DEV_TOKENS: 'true' })).toEqual([
      expect.stringMatching(/^AUTH_TOKEN_SECRET must be set when MODE=production/),
    ]);
    expect(refusal({ ...PRODUCTION, AUTH_DEV_TOKENS: 'true', AUTH_TOKEN_SECRET: DEV_USER_TOKEN_SECRET })).toEqual([
      expect.stringMatching(/^AUTH_TOKEN_SECRET is a development default/),
    ]);
    const config = loadConfig({ ...PRODUCTION, AUTH_DEV_TOKENS: 'true', AUTH_TOKEN_SECRET: SECRET_B });
    expect(config.AUTH_DEV_TOKENS).toBe(true);
    expect(configWarnings(config)).toEqual([expect.stringMatching(/^AUTH_DEV_TOKENS=true in production/)]);
  });

  it('signs nothing with a development secret when development tokens are off', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.AUTH_TOKEN_SECRET).not.toBe(DEV_USER_TOKEN_SECRET);
    expect(config.AUTH_TOKEN_SECRET).toHaveLength(64);
  });

  it("requires the application role's own password where a database is used, unless its whole URL is given", () => {
    const DB = { DATABASE_URL: 'postgres://owner:pw@db.internal:5432/funds' };
    expect(refusal({ ...PRODUCTION, ...DB })).toEqual([expect.stringMatching(/^DATABASE_APP_PASSWORD must be set when MODE=production/)]);
    expect(refusal({ ...PRODUCTION, ...DB, DATABASE_APP_PASSWORD: 'dev-only-application-role-password' })).toEqual([
      expect.stringMatching(/^DATABASE_APP_PASSWORD is a development default/),
    ]);
    expect(loadConfig({ ...PRODUCTION, ...DB, DATABASE_APP_PASSWORD: SECRET_B }).DATABASE_APP_PASSWORD).toBe(SECRET_B);
    expect(loadConfig({ ...PRODUCTION, ...DB, DATABASE_APP_URL: 'postgres://funds_app:pw@db.internal:5432/funds' }).MODE).toBe(
      'production',
    );
    expect(refusal({ DATABASE_APP_ROLE: 'Funds-App' })).toEqual([
      expect.stringMatching(/^DATABASE_APP_ROLE must be a lower-case role name/),
    ]);
  });

  it('requires an audience and https for OIDC', () => {
    expect(refusal({ ...PRODUCTION, OIDC_AUDIENCE: '' })).toEqual([
      expect.stringMatching(/^OIDC_AUDIENCE must be set when MODE=production/),
    ]);
    expect(refusal({ ...PRODUCTION, OIDC_ISSUER: 'http://idp.example.org' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER must be an https:\/\/ URL/),
    ]);
  });

  it('warns when no caller token can be verified', () => {
    const { OIDC_ISSUER: _issuer, OIDC_AUDIENCE: _audience, ...noOidc } = PRODUCTION;
    expect(configWarnings(loadConfig(noOidc))).toEqual([expect.stringMatching(/neither OIDC_ISSUER nor AUTH_DEV_TOKENS/)]);
  });
});

describe('configSchema', () => {
  it('describes every setting (docs/operations.md and docs/security.md list them from these)', () => {
    for (const [name, schema] of Object.entries(configSchema.shape)) expect([name, schema.description]).toEqual([name, expect.any(String)]);
  });
});
