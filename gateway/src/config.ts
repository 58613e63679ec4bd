import { Config } from '@funds/config';
import { authConfigFrom } from '@funds/auth';
import type { GatewayOptions } from './gateway';

/** Subgraph URL settings -> the subgraph's name in the supergraph. */
const URL_SETTINGS = { MEMBERSHIP_URL: 'membership', SAVINGS_LOAN_URL: 'savings_loan', REPORTING_URL: 'reporting' } as const;

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
    subgraphUrls,
    auth: authConfigFrom(config),
    rateLimit: { points: config.RATE_LIMIT_POINTS, durationSeconds: config.RATE_LIMIT_DURATION },
    corsOrigins: [...config.CORS_ORIGINS],
    maxCost: config.QUERY_MAX_COST,
  };
}
