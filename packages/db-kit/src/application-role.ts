import type { DataSource } from 'typeorm';
import { loadConfig } from '@funds/config';

/**
 * The two database roles (issue 6, row-level security):
 * - the owner (DATABASE_URL) runs migrations and owns every table; policies do not bind it;
 * - the application role (DATABASE_APP_URL, or DATABASE_APP_ROLE with DATABASE_APP_PASSWORD on
 *   DATABASE_URL's server) is what the subgraphs connect as: it owns nothing, is no superuser,
 *   cannot bypass row-level security, and may not change or delete append-only tables.
 */
export interface ApplicationRoleSettings {
  /** The role's name. */
  name: string;
  /** Set as its password when given (the role is created when missing); when absent the role must exist. */
  password?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`'${name}' is not a plain lower-case role name`);
  return `"${name}"`;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The application role the configuration names: from DATABASE_APP_URL's user, else DATABASE_APP_ROLE. */
export function applicationRoleFromConfig(): ApplicationRoleSettings {
  const config = loadConfig();
  if (config.DATABASE_APP_URL) return { name: decodeURIComponent(new URL(config.DATABASE_APP_URL).username) };
  return { name: config.DATABASE_APP_ROLE, password: config.DATABASE_APP_PASSWORD };
}

/**
 * Where the subgraphs connect: DATABASE_APP_URL when set, else `ownerUrl` (DATABASE_URL, or the
 * embedded server's) with the application role's name and password.
 */
export function applicationDatabaseUrl(ownerUrl: string): string {
  const config = loadConfig();
  if (config.DATABASE_APP_URL) return config.DATABASE_APP_URL;
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(config.DATABASE_APP_ROLE);
  url.password = encodeURIComponent(config.DATABASE_APP_PASSWORD);
  return url.toString();
}

/**
 * Run by the owner after a service's migrations: creates the application role when a password is
 * configured and the role is missing (serialised by an advisory lock: services migrate at the same
 * time), and grants it what a request needs in `schema`: read and write its tables, except the
 * migrations table (read only) and `appendOnly` tables (read and insert only: no UPDATE, DELETE or
 * TRUNCATE, so the application cannot rewrite the audit log or the outbox).
 */
export async function grantApplicationRole(
  ds: DataSource,
  schema: string,
  role: ApplicationRoleSettings,
  appendOnly: readonly string[] = [],
): Promise<void> {
  const r = identifier(role.name);
  const s = `"${schema}"`;
  await ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('funds.application_role'))`);
    if (role.password !== undefined) {
      const [exists] = await em.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role.name]);
      if (!exists) await em.query(`CREATE ROLE ${r} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
      await em.query(`ALTER ROLE ${r} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ${literal(role.password)}`);
    }
    await em.query(`GRANT CONNECT ON DATABASE "${await currentDatabase(ds)}" TO ${r}`);
    await em.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
    await em.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
    await em.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
    await em.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.migrations FROM ${r}`);
    for (const table of appendOnly) await em.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}."${table}" FROM ${r}`);
  });
}

async function currentDatabase(ds: DataSource): Promise<string> {
  const [{ name }] = await ds.query(`SELECT current_database() AS name`);
  return String(name).replace(/"/g, '""');
}

/**
 * Refuses to serve on a connection that could bypass row-level security: a superuser, a role with
 * BYPASSRLS, or the owner of a table in `schema` (an owner is not bound by its tables' policies).
 */
export async function assertApplicationRole(ds: DataSource, schema: string): Promise<void> {
  const [row] = await ds.query(
    `SELECT current_user AS name, r.rolsuper AS super, r.rolbypassrls AS bypass,
            EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = $1 AND t.tableowner = current_user) AS owner
       FROM pg_roles r WHERE r.rolname = current_user`,
    [schema],
  );
  const problems = [row.super && 'is a superuser', row.bypass && 'has BYPASSRLS', row.owner && `owns tables of schema ${schema}`].filter(
    Boolean,
  );
  if (problems.length) {
    throw new Error(
      `The application's database role ${row.name} ${problems.join(', ')}: row-level security would not bind it. ` +
        'Connect the services as the application role (DATABASE_APP_URL or DATABASE_APP_ROLE; docs/operations.md).',
    );
  }
}
