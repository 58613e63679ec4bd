import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@funds/graphql-kit';

/** savings-loan's Postgres schema. */
const S = 'savings_loan';

/**
 * The fund's money lock, for the FROM list of a statement whose `$1` is the fund id: a
 * transaction-scoped advisory lock taken by every money mutation before it locks a balance or
 * posts (in its idempotency key's statement, and again, re-entrantly, when it writes entries).
 * Money mutations in one fund therefore run one at a time, in the order they take it: no two of
 * them wait on each other's accounts in a circle (a withdrawal locks her savings, a deposit locks
 * cash first), and each account's postings get increasing ids in the order they move its balance,
 * so the last posting's running balance is the balance. Nearly every entry moves the fund's cash
 * anyway, so this gives up little concurrency inside a fund; funds stay independent.
 */
export const FUND_MONEY_LOCK = `(SELECT pg_advisory_xact_lock(hashtextextended('savings_loan.fund:' || $1::uuid::text, 0))) AS fund_money_lock`;

/**
 * Idempotency of money mutations. Every money mutation carries a key the client makes (a UUID
 * is best); the first request with a key in a fund does the work and stores its result; the same
 * key with the same request gets that stored result again and posts nothing; the same key with a
 * different request is refused (IDEMPOTENCY_KEY_REUSED).
 *
 * Concurrent duplicates make one transaction: the key's row is inserted first, so a second
 * request with the same key waits on the first one's uncommitted row (the primary key), and then
 * either finds its result (the first committed) or does the work itself (the first rolled back).
 * Call it after the fund is found and the caller authorized; `work` returns plain data (ids and
 * amounts as text), which is what is stored and given back.
 *
 * The same statement takes the fund's money lock (FUND_MONEY_LOCK) before anything is posted or a
 * balance locked, so the work of money mutations in one fund runs one at a time.
 */
export async function idempotent<T>(
  em: EntityManager,
  request: { fundId: string; key: string; operation: string; input: unknown; recordedBy: string },
  work: () => Promise<T>,
): Promise<T> {
  if (request.key.length < 8 || request.key.length > 100) {
    throw new DomainError('INVALID_IDEMPOTENCY_KEY', 'An idempotency key has 8 to 100 characters (a UUID is best)', 'idempotencyKey');
  }
  const hash = requestHash(request.operation, request.input);
  const inserted: unknown[] = await em.query(
    `INSERT INTO ${S}.idempotency_key (fund_id, province_id, county_id, village_id, key, operation, request_hash, recorded_by)
     SELECT fund_id, province_id, county_id, village_id, $2, $3, $4, $5 FROM ${S}.fund_book, ${FUND_MONEY_LOCK} WHERE fund_id = $1
     ON CONFLICT (fund_id, key) DO NOTHING RETURNING key`,
    [request.fundId, request.key, request.operation, hash, request.recordedBy],
  );
  if (inserted.length === 0) {
    const [stored]: { operation: string; request_hash: string; result: T }[] = await em.query(
      `SELECT operation, request_hash, result FROM ${S}.idempotency_key WHERE fund_id = $1 AND key = $2`,
      [request.fundId, request.key],
    );
    if (!stored) throw new DomainError('NOT_FOUND', `No fund with id ${request.fundId} keeps books here`, 'fundId');
    if (stored.operation !== request.operation || stored.request_hash !== hash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was used for a different request in this fund; use a new key for a new request',
        'idempotencyKey',
      );
    }
    return stored.result;
  }
  const result = await work();
  await em.query(`UPDATE ${S}.idempotency_key SET result = $3 WHERE fund_id = $1 AND key = $2`, [
    request.fundId,
    request.key,
    JSON.stringify(result),
  ]);
  return result;
}

/** The request's fingerprint: the operation and its input with keys sorted (the key itself excluded by the caller). */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${canonicalJson(input)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const plain = value as Record<string, unknown>;
    if (typeof (plain as { toFixed?: unknown }).toFixed === 'function' && !(value instanceof Number)) return JSON.stringify(String(value));
    return `{${Object.keys(plain)
      .filter((k) => plain[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(plain[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
