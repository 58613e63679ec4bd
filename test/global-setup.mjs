// Starts one real PostgreSQL (embedded, from npm) for the whole test run, migrates every service
// into a template database, and hands its address to the test workers. Each test file then works
// on its own database cloned from the template (CREATE DATABASE ... TEMPLATE), so files are
// isolated and fast.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startEmbeddedPostgres } from '../packages/db-kit/dist/index.js';
import { migrateAllServices } from '../scripts/lib/services.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'funds-test-pg-'));
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port, database: 'funds_template' });
  await migrateAllServices(server.url);
  process.env.TEST_DATABASE_ADMIN_URL = server.url.replace(/\/funds_template$/, '/postgres');
  process.env.TEST_DATABASE_TEMPLATE = 'funds_template';
  globalThis.__FUNDS_TEST_PG__ = { server, dataDir };
}
