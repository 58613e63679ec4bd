import { escapeLiteral } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { DataSource } from 'typeorm';
import { driverClient } from './prepared';

/** A value written into a COPY statement: text, or a list of text (an array literal). */
export type CopyValue = string | readonly string[];

/** A value as an SQL literal: escaped by the driver's own escapeLiteral; a list as a quoted array literal. */
function literal(value: CopyValue): string {
  if (typeof value === 'string') return escapeLiteral(value);
  return escapeLiteral(`{${value.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

/**
 * COPY takes no parameters: `$1`..`$n` in `text` are replaced by `values` as escaped literals (a
 * list: an array literal, which Postgres casts as a parameter would be). The text must hold no other
 * `$` followed by a digit.
 */
export function inlineValues(text: string, values: readonly CopyValue[]): string {
  return text.replace(/\$(\d+)/g, (placeholder, n: string) => {
    const value = values[Number(n) - 1];
    if (value === undefined) throw new Error(`inlineValues: no value for ${placeholder}`);
    return literal(value);
  });
}

/**
 * Runs `COPY (query) TO STDOUT ...` on the connection of `db`'s transaction (so in its scope:
 * row-level security binds the query as any other; a data source, outside any transaction, is
 * refused) and hands Postgres's output to `write` chunk by
 * chunk as it arrives, reading no more from the connection until `write` has finished with a
 * chunk (a slow reader slows Postgres, nothing piles up in memory). Postgres formats the rows
 * itself (CSV, say): no row is parsed into values, which is most of what a large export costs a
 * Node process. Logged as TypeORM logs its statements; a failure of the statement is TypeORM's
 * QueryFailedError.
 *
 * When `write` fails (the client went away), the rest of the output is read and dropped, so the
 * connection is left between statements, and that failure is thrown: a COPY cannot be stopped
 * midway without cancelling it from another connection, and it ends within the rows it was asked.
 */
export function copyOut(
  db: DataSource | EntityManager,
  text: string,
  values: readonly CopyValue[],
  write: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  const runner = db instanceof EntityManager ? db.queryRunner : undefined;
  const client = runner ? driverClient(runner) : null;
  if (!runner || !client) return Promise.reject(new Error('copyOut needs a transaction'));
  const statement = inlineValues(text, values);
  const { logger } = runner.connection;
  logger.logQuery(statement, [], runner);
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyTo(statement));
    let failed: unknown = null;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      stream.pause();
      write(chunk).then(
        () => stream.resume(),
        (error: unknown) => {
          failed = error;
          stream.resume();
        },
      );
    });
    stream.once('end', () => (failed ? reject(failed) : resolve()));
    stream.once('error', (error: Error) => {
      logger.logQueryError(error, statement, [], runner);
      reject(new QueryFailedError(statement, [], error));
    });
  });
}
