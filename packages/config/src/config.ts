import { randomBytes } from 'node:crypto';
import { MODE_DEFAULTS, SENSITIVE, SETTING_PREFIXES, Settings, configSchema } from './schema';

/** Development secrets: public, in this file, so a clean clone runs. Refused in production. */
export const DEV_USER_TOKEN_SECRET = 'dev-only-user-token-secret-change-me';
export const DEV_GATEWAY_IDENTITY_SECRET = 'dev-only-gateway-identity-secret-change-me';
export const DEV_DATABASE_APP_PASSWORD = 'dev-only-application-role-password';

/** Secrets known to everyone who has read this repository (ours and docker-compose.yml's): refused in production. */
const PUBLIC_SECRETS = new Set([
  DEV_USER_TOKEN_SECRET,
  DEV_GATEWAY_IDENTITY_SECRET,
  DEV_DATABASE_APP_PASSWORD,
  'local-compose-user-token-secret',
  'local-compose-gateway-identity-secret',
  'local-compose-application-role-password',
]);

/** The shortest secret production accepts. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

type ModeDependent = keyof typeof MODE_DEFAULTS;
type Resolved = ModeDependent | 'AUTH_TOKEN_SECRET' | 'GATEWAY_IDENTITY_SECRET' | 'AUTH_DEV_TOKENS' | 'DATABASE_APP_PASSWORD';

/** The validated configuration: every setting by its variable's name, MODE's defaults applied. */
export type Config = Readonly<
  Omit<Settings, Resolved> & { [K in ModeDependent]: NonNullable<Settings[K]> } & {
    AUTH_TOKEN_SECRET: string;
    GATEWAY_IDENTITY_SECRET: string;
    AUTH_DEV_TOKENS: boolean;
    DATABASE_APP_PASSWORD: string;
  }
>;

/** The environment a configuration is read from (process.env, or a test's own). */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
  variable: string;
  message: string;
}

/** The configuration was refused: `issues` names every variable at fault. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Configuration refused (fix these environment variables):\n${issues.map((i) => `  - ${i.variable} ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function shown(variable: string, value: string | undefined): string {
  if (value === undefined || SENSITIVE.test(variable)) return '';
  return `; got '${value.length > 80 ? `${value.slice(0, 80)}...` : value}'`;
}

function unknownSettings(given: Record<string, string>): ConfigIssue[] {
  const known = Object.keys(configSchema.shape);
  return Object.keys(given)
    .filter((name) => SETTING_PREFIXES.some((prefix) => name.startsWith(prefix)) && !known.includes(name))
    .map((name) => {
      const prefix = SETTING_PREFIXES.find((p) => name.startsWith(p)) ?? '';
      const siblings = known.filter((k) => k.startsWith(prefix));
      return { variable: name, message: `is not a setting (the settings starting with ${prefix} are ${siblings.join(', ')})` };
    });
}

function checkSecret(issues: ConfigIssue[], variable: string, value: string | undefined, why: string): void {
  if (value === undefined) issues.push({ variable, message: `must be set when MODE=production (${why})` });
  else if (PUBLIC_SECRETS.has(value))
    issues.push({ variable, message: 'is a development default, known to everyone: set a secret of your own' });
  else if (value.length < MIN_PRODUCTION_SECRET_LENGTH) {
    issues.push({ variable, message: `must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when MODE=production` });
  }
}

function resolve(s: Settings, issues: ConfigIssue[]): Config {
  const production = s.MODE === 'production';
  const oidc = s.OIDC_ISSUER !== undefined;
  const devTokens = s.AUTH_DEV_TOKENS ?? (!production && !oidc);

  if (production) {
    checkSecret(issues, 'GATEWAY_IDENTITY_SECRET', s.GATEWAY_IDENTITY_SECRET, 'it signs the identity the subgraphs trust');
    if (devTokens || s.AUTH_TOKEN_SECRET !== undefined) {
      checkSecret(issues, 'AUTH_TOKEN_SECRET', s.AUTH_TOKEN_SECRET, 'AUTH_DEV_TOKENS=true: it signs development tokens');
    }
    if (s.DATABASE_URL !== undefined && s.DATABASE_APP_URL === undefined) {
      checkSecret(
        issues,
        'DATABASE_APP_PASSWORD',
        s.DATABASE_APP_PASSWORD,
        'with DATABASE_URL and without DATABASE_APP_URL: the application role signs in with it',
      );
    }
    if (oidc && s.OIDC_AUDIENCE === undefined) {
      issues.push({
        variable: 'OIDC_AUDIENCE',
        message: 'must be set when MODE=production and OIDC_ISSUER is: tokens for other apps of the issuer would pass',
      });
    }
    for (const variable of ['OIDC_ISSUER', 'OIDC_JWKS_URL'] as const) {
      if (s[variable] !== undefined && !s[variable].startsWith('https://')) {
        issues.push({ variable, message: `must be an https:// URL when MODE=production${shown(variable, s[variable])}` });
      }
    }
  }
  if (!oidc && (s.OIDC_JWKS_URL !== undefined || s.OIDC_JWKS_FILE !== undefined || s.OIDC_AUDIENCE !== undefined)) {
    const given = s.OIDC_JWKS_URL !== undefined ? 'OIDC_JWKS_URL' : s.OIDC_JWKS_FILE !== undefined ? 'OIDC_JWKS_FILE' : 'OIDC_AUDIENCE';
    issues.push({ variable: 'OIDC_ISSUER', message: `must be set when ${given} is (every token's iss is checked against it)` });
  }
  if (s.OIDC_JWKS_URL !== undefined && s.OIDC_JWKS_FILE !== undefined) {
    issues.push({
      variable: 'OIDC_JWKS_FILE',
      message: 'and OIDC_JWKS_URL are both set: give one of them (or neither, to discover the JWKS)',
    });
  }

  const userSecret = s.AUTH_TOKEN_SECRET ?? (production ? randomBytes(32).toString('hex') : DEV_USER_TOKEN_SECRET);
  const gatewaySecret = s.GATEWAY_IDENTITY_SECRET ?? DEV_GATEWAY_IDENTITY_SECRET;
  if (userSecret === gatewaySecret) {
    issues.push({ variable: 'GATEWAY_IDENTITY_SECRET', message: 'must differ from AUTH_TOKEN_SECRET' });
  }
  const modeDefaults = Object.fromEntries(
    Object.entries(MODE_DEFAULTS).map(([name, byMode]) => [name, s[name as ModeDependent] ?? byMode[s.MODE]]),
  ) as { [K in ModeDependent]: NonNullable<Settings[K]> };
  return {
    ...s,
    ...modeDefaults,
    AUTH_TOKEN_SECRET: userSecret,
    GATEWAY_IDENTITY_SECRET: gatewaySecret,
    AUTH_DEV_TOKENS: devTokens,
    DATABASE_APP_PASSWORD: s.DATABASE_APP_PASSWORD ?? DEV_DATABASE_APP_PASSWORD,
  };
}

/**
 * The platform's configuration from `env` (the process's environment unless given): every
 * setting of configSchema parsed and checked, MODE's defaults applied, production's rules
 * enforced. Empty values count as unset. Throws a ConfigError naming every variable at fault;
 * a process prints it and exits instead of starting.
 */
export function loadConfig(env: Environment = process.env): Config {
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') given[name] = value;
  const issues = unknownSettings(given);
  const parsed = configSchema.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      issues.push({ variable, message: `${issue.message}${shown(variable, given[variable])}` });
    }
    throw new ConfigError(issues);
  }
  const config = resolve(parsed.data, issues);
  if (issues.length) throw new ConfigError(issues);
  return Object.freeze(config);
}

/**
 * What a process should say at start about a configuration that is allowed but weaker than it
 * could be (production settings turned off one by one).
 */
export function configWarnings(config: Config): string[] {
  if (config.MODE !== 'production') return [];
  const warnings: string[] = [];
  if (config.AUTH_DEV_TOKENS) {
    warnings.push('AUTH_DEV_TOKENS=true in production: whoever holds AUTH_TOKEN_SECRET can sign a token for any role at any node');
  }
  if (!config.AUTH_DEV_TOKENS && config.OIDC_ISSUER === undefined) {
    warnings.push('neither OIDC_ISSUER nor AUTH_DEV_TOKENS=true is set: no caller token can be verified');
  }
  if (config.INTROSPECTION === 'open') warnings.push('INTROSPECTION=open in production: anyone may read the whole schema');
  if (config.FIELD_SUGGESTIONS) warnings.push('FIELD_SUGGESTIONS=true in production: error messages suggest field names');
  if (!config.CSRF_PREVENTION) warnings.push('CSRF_PREVENTION=false in production: browsers may send simple cross-site requests');
  return warnings;
}
