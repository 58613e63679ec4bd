import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './tokens';
import type { OidcConfig } from './oidc';

/**
 * Secrets for the two kinds of token. In production (NODE_ENV=production) both must be set;
 * elsewhere a development default is used so that `pnpm start` works from a clean clone.
 */
const DEV_USER_SECRET = 'dev-only-user-token-secret-change-me';
const DEV_GATEWAY_SECRET = 'dev-only-gateway-identity-secret-change-me';

export interface AuthConfig {
  /** Signs the tokens people and partner apps present to the gateway (HS256). */
  userTokenSecret: string;
  /** Signs the identity the gateway forwards to subgraphs (HS256); never leaves the platform. */
  gatewaySecret: string;
  /**
   * The longest a user token may be valid, from its `iat` to its `exp`, in seconds (a token valid
   * for longer is refused). AUTH_TOKEN_MAX_LIFETIME_SECONDS; default one day.
   */
  maxTokenLifetimeSeconds?: number;
  /** Tokens from an OpenID Connect issuer (OIDC_ISSUER and the OIDC_* settings); off when unset. */
  oidc?: OidcConfig;
  /** AUTH_DEV_TOKENS: accept HS256 development tokens; default true without OIDC, false with it. */
  devTokens?: boolean;
}

function oidcFromEnv(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  if (!env.OIDC_JWKS_URL && !env.OIDC_JWKS_FILE) throw new Error('OIDC_ISSUER needs OIDC_JWKS_URL or OIDC_JWKS_FILE');
  const tolerance = Number(env.OIDC_CLOCK_TOLERANCE_SECONDS ?? 60);
  if (!Number.isSafeInteger(tolerance) || tolerance < 0 || tolerance > 300) {
    throw new Error(`OIDC_CLOCK_TOLERANCE_SECONDS must be a whole number from 0 to 300; got '${env.OIDC_CLOCK_TOLERANCE_SECONDS}'`);
  }
  return {
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE || undefined,
    jwksUrl: env.OIDC_JWKS_URL || undefined,
    jwksFile: env.OIDC_JWKS_FILE || undefined,
    clockToleranceSeconds: tolerance,
    roleClaim: env.OIDC_ROLE_CLAIM || 'funds_role',
    nodeClaim: env.OIDC_NODE_CLAIM || 'funds_node',
  };
}

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const production = env.NODE_ENV === 'production';
  const userTokenSecret = env.AUTH_TOKEN_SECRET ?? (production ? undefined : DEV_USER_SECRET);
  const gatewaySecret = env.GATEWAY_IDENTITY_SECRET ?? (production ? undefined : DEV_GATEWAY_SECRET);
  if (!userTokenSecret || !gatewaySecret) {
    throw new Error('AUTH_TOKEN_SECRET and GATEWAY_IDENTITY_SECRET must be set when NODE_ENV=production');
  }
  if (userTokenSecret === gatewaySecret) {
    throw new Error('AUTH_TOKEN_SECRET and GATEWAY_IDENTITY_SECRET must differ');
  }
  const lifetime = env.AUTH_TOKEN_MAX_LIFETIME_SECONDS;
  const maxTokenLifetimeSeconds = lifetime === undefined || lifetime === '' ? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS : Number(lifetime);
  if (!Number.isSafeInteger(maxTokenLifetimeSeconds) || maxTokenLifetimeSeconds < 60) {
    throw new Error(`AUTH_TOKEN_MAX_LIFETIME_SECONDS must be a whole number of seconds, at least 60; got '${lifetime}'`);
  }
  const oidc = oidcFromEnv(env);
  const dev = env.AUTH_DEV_TOKENS;
  if (dev !== undefined && dev !== '' && dev !== 'true' && dev !== 'false')
    throw new Error(`AUTH_DEV_TOKENS must be true or false; got '${dev}'`);
  const devTokens = dev === 'true' ? true : dev === 'false' ? false : !oidc;
  return { userTokenSecret, gatewaySecret, maxTokenLifetimeSeconds, oidc, devTokens };
}
