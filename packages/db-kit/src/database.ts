import { join } from 'node:path';
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
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: process.env.EMBEDDED_PG_DIR ?? join(rootDir, '.data', 'postgres'),
    port: Number(process.env.EMBEDDED_PG_PORT ?? 5433),
    database: 'funds',
    onLog,
  });
  return { url: embedded.url, embedded };
}
