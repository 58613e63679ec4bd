import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabaseIfMissing } from '@funds/db-kit';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest (test/global-setup.mjs starts PostgreSQL)`);
  return value;
}

/**
 * A database of its own for one test file, cloned from the migrated template
 * (CREATE DATABASE ... TEMPLATE), so files never see each other's rows and need no migrations.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = env('TEST_DATABASE_ADMIN_URL');
  const template = env('TEST_DATABASE_TEMPLATE');
  const name = `t_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(adminUrl, name, template);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    name,
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
