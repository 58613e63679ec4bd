import 'reflect-metadata';
import { authConfigFromEnv } from '@funds/auth';
import { service, startSavingsLoanServer } from './index';

/** Runs the savings-loan subgraph: DATABASE_URL (required), PORT (4002), HOST, MIGRATE_ON_START (true). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (pnpm start provides one)');
  const ds = service.createDataSource(url);
  await ds.initialize();
  if (process.env.MIGRATE_ON_START !== 'false') await service.migrate(ds);
  const server = await startSavingsLoanServer({ dataSource: ds, gatewaySecret: authConfigFromEnv().gatewaySecret, port: Number(process.env.PORT ?? 4002), host: process.env.HOST ?? '127.0.0.1' });
  console.log(`savings-loan subgraph at ${server.url}`);
  const stop = async () => {
    await server.stop();
    await ds.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
