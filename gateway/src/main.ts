import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configWarnings, loadConfig } from '@funds/config';
import { startGateway } from './gateway';
import { gatewayOptionsFrom } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  for (const warning of configWarnings(config)) console.warn(`gateway: warning: ${warning}`);
  const repoRoot = resolve(__dirname, '..', '..');
  const supergraphPath = resolve(repoRoot, config.SUPERGRAPH_PATH);
  if (!existsSync(supergraphPath)) {
    throw new Error(`No supergraph at ${supergraphPath}: run \`pnpm schema:compose\` (or set SUPERGRAPH_PATH)`);
  }
  const gateway = await startGateway({ ...gatewayOptionsFrom(config), supergraphSdl: readFileSync(supergraphPath, 'utf8') });
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
