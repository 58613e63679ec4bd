import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './tokens';

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
  return { userTokenSecret, gatewaySecret, maxTokenLifetimeSeconds };
}
