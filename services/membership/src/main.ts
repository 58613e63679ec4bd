import 'reflect-metadata';
import { authConfigFromEnv } from '@funds/auth';
import { migrate } from '@funds/db-kit';
import { createMembershipDataSource, MEMBERSHIP_SCHEMA } from './database';
import { startMembershipServer } from './server';

/** Runs the membership subgraph: DATABASE_URL (required), PORT (4001), HOST, MIGRATE_ON_START (true). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (pnpm start provides one)');
  const ds = createMembershipDataSource(url);
  await ds.initialize();
  if (process.env.MIGRATE_ON_START !== 'false') await migrate(ds, MEMBERSHIP_SCHEMA);
  const server = await startMembershipServer({
    dataSource: ds,
    gatewaySecret: authConfigFromEnv().gatewaySecret,
    port: Number(process.env.PORT ?? 4001),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(`membership subgraph at ${server.url}`);
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
