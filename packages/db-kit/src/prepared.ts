import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Hot statements as named prepared statements: Postgres parses, rewrites (row-level security's
 * policies are added then) and plans a statement once per connection rather than on every call.
 * The hierarchy's lookup of a node among its six levels spends about 1.4 ms planning and 0.1 ms
 * running at scale 1; prepared, it costs about 0.15 ms. Scoped transactions plan these statements
 * generically (scope.ts sets plan_cache_mode), so only statements whose best plan does not depend
 * on their values belong here, and only fixed texts (a name per text, kept per connection by the
 * driver): values always travel as parameters. And only statements that name their columns (or
 * wrap a row in to_jsonb): Postgres refuses to run a prepared `SELECT t.*` once a migration has
 * added a column to t ("cached plan must not change result type"), which a process still running
 * beside a newer one would meet.
 *
 * Behind a pooler, prepared statements need one that keeps them per server connection
 * (PgBouncer 1.21+ with max_prepared_statements); docs/operations.md says so.
 */
export interface PreparedOptions {
  /** Rows as arrays in the statement's column order, not objects. */
  arrays?: boolean;
  /** Every value as the text Postgres sent (dates as YYYY-MM-DD, no Date or number parsing). */
  text?: boolean;
}

/** The part of the pg driver's client this package uses beside TypeORM. */
interface DriverClient {
  /** A query object that reads the connection itself (pg-copy-streams' COPY): queued, and returned. */
  query<Q extends { submit(connection: unknown): void }>(submittable: Q): Q;
  query(
    config:
      | string
      | {
          name: string;
          text: string;
          values: readonly unknown[];
          rowMode?: 'array';
          types?: { getTypeParser: () => (value: string) => unknown };
        },
  ): Promise<{ rows: unknown[] }>;
}

/**
 * The driver's own client under a query runner (null once released): a statement sent on it is
 * queued at once, where TypeORM's query() queues it a tick later.
 */
export function driverClient(runner: QueryRunner): DriverClient | null {
  if (runner.isReleased) return null;
  return (runner as unknown as { databaseConnection?: DriverClient }).databaseConnection ?? null;
}

const names = new Map<string, string>();
/** The statement's name: derived from its text, so one text is one statement on every connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

const AS_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * Runs `text` as a named prepared statement on the connection of `db`'s transaction (logged as
 * TypeORM logs its own, so statement counters see it; a failure is TypeORM's QueryFailedError). A
 * data source, or a manager without a transaction's connection, runs it through TypeORM as an
 * ordinary statement.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  db: DataSource | EntityManager,
  text: string,
  values: readonly unknown[],
  options: PreparedOptions = {},
): Promise<T[]> {
  const runner = db instanceof EntityManager ? db.queryRunner : undefined;
  const client = runner ? driverClient(runner) : null;
  if (!runner || !client) {
    if (options.arrays || options.text) throw new Error('preparedQuery: arrays and text rows need a transaction');
    return db.query(text, values as unknown[]);
  }
  const em = db as EntityManager;
  em.connection.logger.logQuery(text, values as unknown[], runner);
  try {
    const result = await client.query({
      name: nameOf(text),
      text,
      values,
      ...(options.arrays ? { rowMode: 'array' as const } : {}),
      ...(options.text ? { types: AS_TEXT } : {}),
    });
    return result.rows as T[];
  } catch (error) {
    em.connection.logger.logQueryError(error as Error, text, values as unknown[], runner);
    throw new QueryFailedError(text, values as unknown[], error as Error);
  }
}
