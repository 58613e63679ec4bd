/** PostgreSQL error helpers: tell constraint violations apart without parsing messages. */
interface PgError {
  code?: string;
  message?: string;
  constraint?: string;
  driverError?: PgError;
}

function pgError(error: unknown): PgError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as PgError;
  return e.driverError ?? e;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}

/** A row still referred to by another (foreign key: 23503 no action, 23001 restrict). */
export function isReferenceViolation(error: unknown): boolean {
  const e = pgError(error);
  return e?.code === '23503' || e?.code === '23001';
}

export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  return e?.code === '23514' && (!constraint || e.constraint === constraint);
}

export function isSerializationFailure(error: unknown): boolean {
  const code = pgError(error)?.code;
  return code === '40001' || code === '40P01';
}

/** Node's socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * The database could not be reached or went away (it is restarting, shutting down, or the network
 * dropped): PostgreSQL's connection exceptions (class 08), admin/crash shutdown and "cannot connect
 * now" (57P01-57P03), node-postgres's lost connections and socket errors, and TypeORM's query
 * runner released under a transaction whose connection broke. A request that failed so
 * may succeed when retried: SERVICE_UNAVAILABLE, not an internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = pgError(error);
  if (!e) return false;
  const code = e.code ?? '';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || SOCKET_CODES.has(code)) return true;
  // TypeORM releases a transaction's query runner when its connection breaks: the statements after
  // the broken one fail so (a programming error otherwise, and logged as an error either way).
  const name = (error as { name?: string }).name;
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return true;
  const message = e.message ?? (error as { message?: string }).message ?? '';
  return /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}
