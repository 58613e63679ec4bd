// Starts one real PostgreSQL (embedded, from npm) for the whole test run, migrates every service
// into a template database, and hands its address to the test workers. Each test file then works
// on its own database cloned from the template (CREATE DATABASE ... TEMPLATE), so files are
// isolated and fast.
import { startScratchPostgres } from '../packages/db-kit/dist/index.js';
import { migrateAllServices } from '../scripts/lib/services.mjs';

export default async function globalSetup() {
  const server = await startScratchPostgres('funds_template');
  await migrateAllServices(server.url);
  process.env.TEST_DATABASE_ADMIN_URL = server.url.replace(/\/funds_template$/, '/postgres');
  process.env.TEST_DATABASE_TEMPLATE = 'funds_template';
  globalThis.__FUNDS_TEST_PG__ = server;
}
