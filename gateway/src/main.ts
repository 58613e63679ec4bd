import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { authConfigFromEnv } from '@funds/auth';
import { startGateway } from './gateway';
import { rateLimitFromEnv } from './rate-limit';
import { corsOriginsFromEnv } from './cors';

/** Subgraph URL overrides: environment variable -> subgraph name in the supergraph. */
const URL_VARIABLES = { MEMBERSHIP_URL: 'membership', SAVINGS_LOAN_URL: 'savings_loan', REPORTING_URL: 'reporting' } as const;

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '..', '..');
  const supergraphPath = resolve(repoRoot, process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql');
  if (!existsSync(supergraphPath)) {
    throw new Error(`No supergraph at ${supergraphPath}: run \`pnpm schema:compose\` (or set SUPERGRAPH_PATH)`);
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [variable, name] of Object.entries(URL_VARIABLES)) {
    const url = process.env[variable];
    if (url) subgraphUrls[name] = url;
  }
  const gateway = await startGateway({
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST,
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls,
    auth: authConfigFromEnv(),
    rateLimit: rateLimitFromEnv(),
    corsOrigins: corsOriginsFromEnv(),
  });
  console.log(`gateway: ${gateway.url} (console: open it in a browser; health: ${gateway.url.replace(/\/graphql$/, '/health')})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      gateway.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(`gateway: ${(error as Error).message}`);
  process.exit(1);
});
