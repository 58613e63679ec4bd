import { Config, Environment, loadConfig } from '@funds/config';
import type { OidcConfig } from './oidc';

export interface AuthConfig {
  /** Signs the development tokens (HS256) people present to the gateway when AUTH_DEV_TOKENS is on. */
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

/** The token settings of a validated configuration (packages/config). */
export function authConfigFrom(config: Config): AuthConfig {
  const oidc: OidcConfig | undefined = config.OIDC_ISSUER
    ? {
        issuer: config.OIDC_ISSUER,
        audience: config.OIDC_AUDIENCE,
        jwksUrl: config.OIDC_JWKS_URL,
        jwksFile: config.OIDC_JWKS_FILE,
        clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_SECONDS,
        roleClaim: config.OIDC_ROLE_CLAIM,
        nodeClaim: config.OIDC_NODE_CLAIM,
      }
    : undefined;
  return {
    userTokenSecret: config.AUTH_TOKEN_SECRET,
    gatewaySecret: config.GATEWAY_IDENTITY_SECRET,
    maxTokenLifetimeSeconds: config.AUTH_TOKEN_MAX_LIFETIME_SECONDS,
    oidc,
    devTokens: config.AUTH_DEV_TOKENS,
  };
}

/** authConfigFrom(loadConfig(env)): the process's environment unless `env` is given; throws a ConfigError naming bad variables. */
export function authConfigFromEnv(env?: Environment): AuthConfig {
  return authConfigFrom(loadConfig(env));
}
