import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isUuid } from './uuid7';
import { isSerializationFailure } from './pg-errors';
import { driverClient } from './prepared';

/**
 * Row-level security, the second wall behind the resolvers' access rules (issue 6).
 *
 * Every table that holds regional data has a policy keyed on its ancestry columns: a row is
 * visible when one of them holds the caller's scope node, or when the caller's scope is the whole
 * network. The caller's scope is set per transaction with `set_config(name, value, true)`, so it
 * ends with the transaction and a pooled connection never carries one request's scope into
 * another's. A connection with no scope set sees no row (fail closed).
 *
 * The application connects as a role that does not own the tables and cannot bypass the policies
 * (application-role.ts); migrations run as the owner, whom the policies do not bind.
 */
export interface DbScope {
  /** The scope node: every row whose ancestry holds it is visible. Null: the whole network. */
  readonly nodeId: string | null;
  /** The caller's role, for policies that depend on it (the audit log is read by admins only). */
  readonly role: string;
  /** Told of every read-write transaction of the scope: the audit log writes its row in it. */
  readonly audit?: TransactionAudit;
}

/** What the audit log does in a read-write transaction (graphql-kit's RequestAudit). */
export interface TransactionAudit {
  /** Before COMMIT, in the transaction, with what it produced. */
  beforeCommit(em: EntityManager, result: unknown): Promise<void>;
  /** After COMMIT succeeded. */
  committed(): void;
}

/** The platform's own work (migrations' data fixes, event consumers, the demo loader): everything. */
export const SYSTEM_SCOPE: DbScope = { nodeId: null, role: 'SYSTEM' };

/** The settings the policies read (scopeFunctionsSql). */
export const SCOPE_SETTINGS = { node: 'app.scope_node', all: 'app.scope_all', role: 'app.role' } as const;

function scopeValues(scope: DbScope): [string, string, string] {
  if (scope.nodeId !== null && !isUuid(scope.nodeId)) throw new Error(`A scope node must be a uuid, not '${scope.nodeId}'`);
  return [scope.nodeId ?? '', scope.nodeId === null ? 'on' : 'off', scope.role];
}

/**
 * Every transaction plans its named prepared statements (prepared.ts) once, generically: they are
 * the hot statements of fixed text whose plan does not depend on their values, and a custom plan
 * per call would spend what preparing them saves (an unnamed statement is planned per call
 * whatever this says).
 */
const PLAN_ONCE = `set_config('plan_cache_mode', 'force_generic_plan', true)`;

const SET_SCOPE = `SELECT set_config('${SCOPE_SETTINGS.node}', $1, true), set_config('${SCOPE_SETTINGS.all}', $2, true), set_config('${SCOPE_SETTINGS.role}', $3, true), ${PLAN_ONCE}`;

const ROLE = /^[A-Z][A-Z_]{0,63}$/;

/**
 * BEGIN READ ONLY and the scope in one round trip: two statements of the simple protocol, which
 * takes no parameters, so the scope's values are written in as literals. Each is checked first
 * (a uuid or nothing, on/off, a role's upper-case name): nothing a caller sends reaches the text.
 */
function beginReadOnly(scope: DbScope): string {
  const [node, all, role] = scopeValues(scope);
  if (!ROLE.test(role)) throw new Error(`A scope role must be an upper-case name, not '${role}'`);
  return `BEGIN READ ONLY; SELECT set_config('${SCOPE_SETTINGS.node}', '${node}', true), set_config('${SCOPE_SETTINGS.all}', '${all}', true), set_config('${SCOPE_SETTINGS.role}', '${role}', true), ${PLAN_ONCE}`;
}

/** Sets the scope for the rest of the current transaction of `em` (which must be in one). */
export async function setTransactionScope(em: EntityManager, scope: DbScope): Promise<void> {
  await em.query(SET_SCOPE, scopeValues(scope));
}

export interface ScopedTransactionOptions {
  /** Runs `fn` again on a deadlock or serialization failure (40P01, 40001): at most this many times. Default 2. */
  retries?: number;
  readOnly?: boolean;
}

/**
 * The application's data source, with every unit of work in a transaction that carries its
 * caller's scope. Services and loaders reach the database only through it.
 */
export class ScopedDatabase {
  constructor(readonly dataSource: DataSource) {}

  /**
   * Runs `fn` in a transaction scoped to `scope`. A deadlock or serialization failure (Postgres
   * chose this transaction to abort, e.g. two moves of overlapping subtrees in opposite
   * directions) rolls it back and runs `fn` again, so the caller sees the work done once rather
   * than an internal error; `fn` must therefore have no effect outside the database.
   */
  async transaction<T>(scope: DbScope, fn: (em: EntityManager) => Promise<T>, options: ScopedTransactionOptions = {}): Promise<T> {
    if (options.readOnly) return this.readOnly(scope, fn, options.retries);
    const values = scopeValues(scope);
    return this.attempts(
      options.retries ?? 2,
      async (runner) => {
        await runner.startTransaction();
        await runner.query(SET_SCOPE, values);
        const result = await fn(runner.manager);
        await scope.audit?.beforeCommit(runner.manager, result);
        await runner.commitTransaction();
        scope.audit?.committed();
        return result;
      },
      async (runner) => {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
      },
    );
  }

  /** A read-only transaction scoped to `scope`. */
  read<T>(scope: DbScope, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.readOnly(scope, fn);
  }

  /**
   * A read: two round trips on the answer's path (BEGIN with the scope, the statement; COMMIT
   * follows without being waited for) where a write takes four. Each costs the server's CPU about
   * as much as a small statement on a loopback socket, and a tree of a few hundred nodes is four
   * reads. Retried like a write on a deadlock (a read may wait on an advisory lock, as reporting's
   * snapshots do).
   */
  private readOnly<T>(scope: DbScope, fn: (em: EntityManager) => Promise<T>, retries = 2): Promise<T> {
    const begin = beginReadOnly(scope);
    return this.attempts(
      retries,
      async (runner) => {
        await runner.query(begin);
        const result = await fn(runner.manager);
        // The answer does not wait for COMMIT: a read-only transaction has nothing to make
        // durable. The driver queues COMMIT on this connection now, before it goes back to the
        // pool, so the connection's next transaction starts after it (TypeORM's own query would
        // queue it a tick later, after the release).
        driverClient(runner)!
          .query('COMMIT')
          .catch(() => undefined);
        return result;
      },
      // Also after a BEGIN that failed half-way; outside a transaction it is only a warning.
      (runner) => runner.query('ROLLBACK'),
    );
  }

  /**
   * Runs `once` on a connection of its own; after a deadlock or serialization failure, `abort`
   * ends its transaction and it runs again on another, at most `retries` more times.
   */
  private async attempts<T>(
    retries: number,
    once: (runner: QueryRunner) => Promise<T>,
    abort: (runner: QueryRunner) => Promise<unknown>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        return await once(runner);
      } catch (error) {
        await abort(runner).catch(() => undefined);
        if (attempt < retries && isSerializationFailure(error)) continue;
        throw error;
      } finally {
        await runner.release();
      }
    }
  }

  /** This database seen by one caller: what a request's resolvers and loaders use. */
  as(scope: DbScope): ScopedDb {
    return new ScopedDb(this, scope);
  }
}

/** A ScopedDatabase bound to one caller's scope. */
export class ScopedDb {
  constructor(
    readonly database: ScopedDatabase,
    readonly scope: DbScope,
  ) {}

  read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.database.read(this.scope, fn);
  }

  transaction<T>(fn: (em: EntityManager) => Promise<T>, options?: ScopedTransactionOptions): Promise<T> {
    return this.database.transaction(this.scope, fn, options);
  }
}

// --- Policies, written by migrations

/**
 * `<schema>.in_scope(VARIADIC ids uuid[])`: true when the transaction's scope is the whole network
 * or its scope node is one of `ids` (a row's ancestry columns). `<schema>.scope_role()`: the role
 * set for the transaction. Plain SQL functions, which the planner inlines.
 */
export function scopeFunctionsSql(schema: string): string[] {
  return [
    `CREATE OR REPLACE FUNCTION "${schema}".in_scope(VARIADIC ids uuid[]) RETURNS boolean
       LANGUAGE sql STABLE PARALLEL SAFE AS $$
         SELECT coalesce(current_setting('${SCOPE_SETTINGS.all}', true), '') = 'on'
             OR nullif(current_setting('${SCOPE_SETTINGS.node}', true), '')::uuid = ANY (ids)
       $$`,
    `CREATE OR REPLACE FUNCTION "${schema}".scope_role() RETURNS text
       LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT coalesce(current_setting('${SCOPE_SETTINGS.role}', true), '') $$`,
  ];
}

/**
 * Row-level security on `table`: rows visible and writable only when one of `columns` (its
 * ancestry, and its own id for a hierarchy node) holds the scope node. FORCE is not set: the
 * owner (migrations) is not bound, the application role is.
 */
export function scopePolicySql(schema: string, table: string, columns: readonly string[]): string[] {
  const predicate = `"${schema}".in_scope(${columns.map((c) => `"${c}"`).join(', ')})`;
  return [
    `ALTER TABLE "${schema}"."${table}" ENABLE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS scope ON "${schema}"."${table}"`,
    `CREATE POLICY scope ON "${schema}"."${table}" USING (${predicate}) WITH CHECK (${predicate})`,
  ];
}

/**
 * The outbox: any request may append its events (they are its own changes, in its transaction);
 * only the platform's own processes (the whole-network scope) read them.
 */
export function outboxPolicySql(schema: string): string[] {
  return [
    `ALTER TABLE "${schema}".outbox ENABLE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS append ON "${schema}".outbox`,
    `DROP POLICY IF EXISTS relay ON "${schema}".outbox`,
    `CREATE POLICY append ON "${schema}".outbox FOR INSERT WITH CHECK (true)`,
    `CREATE POLICY relay ON "${schema}".outbox FOR SELECT USING ("${schema}".in_scope(VARIADIC ARRAY[]::uuid[]))`,
  ];
}
