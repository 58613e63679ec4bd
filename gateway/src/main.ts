import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configWarnings, loadConfig } from '@funds/config';
import { createLogger, errorMessage } from '@funds/graphql-kit';
import { startGateway } from './gateway';
import { gatewayOptionsFrom } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', { level: config.LOG_LEVEL });
  for (const warning of configWarnings(config)) logger.warn(`configuration: ${warning}`);
  const repoRoot = resolve(__dirname, '..', '..');
  const supergraphPath = resolve(repoRoot, config.SUPERGRAPH_PATH);
  if (!existsSync(supergraphPath)) {
    throw new Error(`No supergraph at ${supergraphPath}: run \`pnpm schema:compose\` (or set SUPERGRAPH_PATH)`);
  }
  const gateway = await startGateway({
    ...gatewayOptionsFrom(config),
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    logger,
  });
  // startGateway has logged `gateway ready` (url, /health, /ready) or `gateway not ready` naming what is down.
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
  // A refused configuration (ConfigError) names every variable at fault: the message is what matters.
  createLogger('gateway').fatal({ err: error }, `gateway failed to start: ${errorMessage(error)}`);
  process.exit(1);
});
