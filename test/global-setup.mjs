// Starts one real PostgreSQL (embedded, from npm) for the whole test run, migrates every service
// into a template database, and hands its address to the test workers. Each test file then works
// on its own database cloned from the template (CREATE DATABASE ... TEMPLATE), so files are
// isolated and fast.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScratchPostgres } from '../packages/db-kit/dist/index.js';
import { migrateAllServices } from '../scripts/lib/services.mjs';

/** Where test/support/field-coverage.ts records what the run exercises (scripts/field-coverage.mjs reads it). */
const FIELD_COVERAGE = process.env.FIELD_COVERAGE_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'coverage', 'fields');

export default async function globalSetup() {
  // Each run starts from nothing, unless FIELD_COVERAGE_KEEP=1 adds a few test files to a full run.
  if (process.env.FIELD_COVERAGE_KEEP !== '1') rmSync(FIELD_COVERAGE, { recursive: true, force: true });
  const server = await startScratchPostgres('funds_template');
  await migrateAllServices(server.url);
  process.env.TEST_DATABASE_ADMIN_URL = server.url.replace(/\/funds_template$/, '/postgres');
  process.env.TEST_DATABASE_TEMPLATE = 'funds_template';
  globalThis.__FUNDS_TEST_PG__ = server;
}
