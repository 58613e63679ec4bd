import { Config, IntrospectionMode, loadConfig } from '@funds/config';
import { authConfigFrom } from '@funds/auth';
import type { GatewayOptions } from './gateway';

/** Subgraph URL settings -> the subgraph's name in the supergraph. */
const URL_SETTINGS = { MEMBERSHIP_URL: 'membership', SAVINGS_LOAN_URL: 'savings_loan', REPORTING_URL: 'reporting' } as const;

/** Limits every operation is held to before anything is planned or sent to a subgraph. */
export interface QueryLimits {
  /** QUERY_MAX_DEPTH: deepest nesting of fields, fragments expanded (introspection exempt). */
  maxDepth: number;
  /** QUERY_MAX_ALIASES. */
  maxAliases: number;
  /** QUERY_MAX_DIRECTIVES. */
  maxDirectives: number;
  /** QUERY_MAX_TOKENS: lexical tokens of the query text, counted before parsing. */
  maxTokens: number;
  /** QUERY_MAX_COST: see cost.ts. */
  maxCost: number;
  /** QUERY_MAX_PAGE_SIZE: the largest `first`/`last`. */
  maxPageSize: number;
}

/** What MODE=production turns on; each is its own setting (packages/config). */
export interface GatewaySecurity {
  /** INTROSPECTION: open (anyone, also without a token), admins (national and regional admins), off. */
  introspection: IntrospectionMode;
  /** FIELD_SUGGESTIONS: "Did you mean ...?" in error messages. */
  fieldSuggestions: boolean;
  /** CSRF_PREVENTION: Apollo's; requests a browser could send cross-site without a preflight are refused. */
  csrfPrevention: boolean;
  /** REQUEST_BODY_LIMIT_BYTES. */
  bodyLimitBytes: number;
  /** REQUEST_TIMEOUT_MS: longest an operation may take; over it, 504 TIMEOUT and the subgraph fetches are aborted. */
  requestTimeoutMs: number;
  limits: QueryLimits;
}

export function securityFrom(config: Config): GatewaySecurity {
  return {
    introspection: config.INTROSPECTION,
    fieldSuggestions: config.FIELD_SUGGESTIONS,
    csrfPrevention: config.CSRF_PREVENTION,
    bodyLimitBytes: config.REQUEST_BODY_LIMIT_BYTES,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    limits: {
      maxDepth: config.QUERY_MAX_DEPTH,
      maxAliases: config.QUERY_MAX_ALIASES,
      maxDirectives: config.QUERY_MAX_DIRECTIVES,
      maxTokens: config.QUERY_MAX_TOKENS,
      maxCost: config.QUERY_MAX_COST,
      maxPageSize: config.QUERY_MAX_PAGE_SIZE,
    },
  };
}

/** MODE=development's settings, with nothing set: what a gateway started without `security` runs with. */
export const DEVELOPMENT_SECURITY: GatewaySecurity = securityFrom(loadConfig({}));

/** The gateway's options from the validated configuration (packages/config), all but the supergraph itself. */
export function gatewayOptionsFrom(config: Config): Omit<GatewayOptions, 'supergraphSdl'> {
  const subgraphUrls: Record<string, string> = {};
  for (const [setting, name] of Object.entries(URL_SETTINGS)) {
    const url = config[setting as keyof typeof URL_SETTINGS];
    if (url) subgraphUrls[name] = url;
  }
  return {
    port: config.PORT ?? 4000,
    host: config.HOST,
    readyTimeoutMs: config.READY_TIMEOUT_MS,
    subgraphUrls,
    auth: authConfigFrom(config),
    rateLimit: { points: config.RATE_LIMIT_POINTS, durationSeconds: config.RATE_LIMIT_DURATION },
    trustProxy: config.TRUST_PROXY,
    corsOrigins: [...config.CORS_ORIGINS],
    security: securityFrom(config),
  };
}
