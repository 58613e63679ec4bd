import { join } from 'node:path';
import { loadConfig } from '@funds/config';
import { startEmbeddedPostgres, EmbeddedPostgresHandle } from './embedded';

export interface DatabaseTarget {
  url: string;
  /** Present when the platform started its own embedded server. */
  embedded?: EmbeddedPostgresHandle;
}

/**
 * `DATABASE_URL` when it is set; otherwise a real PostgreSQL from npm with its files in
 * `<rootDir>/.data/postgres` (git-ignored), listening on EMBEDDED_PG_PORT (default 5433).
 */
export async function resolveDatabase(rootDir: string, onLog?: (line: string) => void): Promise<DatabaseTarget> {
  const config = loadConfig();
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.EMBEDDED_PG_DIR ?? join(rootDir, '.data', 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    database: 'funds',
    onLog,
  });
  return { url: embedded.url, embedded };
}
