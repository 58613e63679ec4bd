import type { EntityManager } from 'typeorm';
import { SYSTEM_SCOPE, ScopedDatabase } from '@funds/db-kit';
import type { PortfolioLevel } from './portfolio.types';
import { CHILD_LEVEL, SNAPSHOT_LOCK, SnapshotKey, SnapshotRepository } from './snapshot.repository';

const S = 'reporting';
const SNAPSHOT_TABLES = ['node_snapshot', 'currency_snapshot', 'capital_snapshot'] as const;

/** Funds (or groups) computed from their loans per statement and transaction: a cold network's thousands are chunked. */
export const LEAF_CHUNK = 250;

/**
 * Makes sure every (node, day) of `keys` has its snapshots, computing the missing ones in the
 * platform's scope: a fund or group from its loans, a village, county or province from its
 * children's rows (computed first where missing, down to the funds).
 *
 * First the missing funds (or groups) under the keys, LEAF_CHUNK at a time, each chunk in a
 * transaction of its own (a statement's cost stays bounded, and what is done stays done); then
 * one transaction under the shared snapshot lock fills whatever is still missing (an event may
 * have deleted a fund's rows in between) and rolls the levels up, so a sum is never taken over
 * children that are not all there. A few statements per level and chunk.
 */
export async function ensureSnapshots(database: ScopedDatabase, level: PortfolioLevel, keys: readonly SnapshotKey[]): Promise<void> {
  if (keys.length === 0) return;
  const leafLevel = level === 'GROUP' ? 'GROUP' : 'FUND';
  const leaves = await database.read(SYSTEM_SCOPE, (em) => new SnapshotRepository(em).missingLeaves(level, keys));
  for (let i = 0; i < leaves.length; i += LEAF_CHUNK) {
    await database.transaction(SYSTEM_SCOPE, async (em) => {
      const repo = new SnapshotRepository(em);
      await repo.lockShared();
      const missing = await repo.missing(leafLevel, leaves.slice(i, i + LEAF_CHUNK));
      if (missing.length > 0) await repo.computeLeaves(leafLevel, missing);
    });
  }
  await database.transaction(SYSTEM_SCOPE, async (em) => {
    const repo = new SnapshotRepository(em);
    await repo.lockShared();
    await fill(repo, level, keys);
  });
}

async function fill(repo: SnapshotRepository, level: PortfolioLevel, keys: readonly SnapshotKey[]): Promise<void> {
  const missing = await repo.missing(level, keys);
  if (missing.length === 0) return;
  if (level === 'FUND' || level === 'GROUP') {
    await repo.computeLeaves(level, missing);
    return;
  }
  const children = await repo.childKeys(level, missing);
  if (children.length > 0) await fill(repo, CHILD_LEVEL[level]!, children);
  await repo.rollUp(level, missing);
}

/**
 * The server's warmer: today's snapshots of every province (and so of every county, village and
 * fund under it), so that the first dashboard of the day does not pay for them. `today` gives
 * each country's day.
 */
export async function warmPortfolioSnapshots(database: ScopedDatabase, today: (countryCode: string) => string): Promise<number> {
  const provinces: { id: string; country_code: string }[] = await database.read(SYSTEM_SCOPE, (em) =>
    em.query(`SELECT id, country_code FROM ${S}.node WHERE level = 'PROVINCE'`),
  );
  await ensureSnapshots(
    database,
    'PROVINCE',
    provinces.map((p) => ({ id: p.id, day: today(p.country_code) })),
  );
  return provinces.length;
}

/**
 * Deletes the snapshots an event of fund `fundId` changes: the fund's and its groups' rows, and
 * its village's, county's and province's, from `from` (the event's value date; null: every day).
 * In the consumer's transaction, under the exclusive snapshot lock, held to its end.
 */
export async function invalidateFundSnapshots(em: EntityManager, fundId: string, from: string | null): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(${SNAPSHOT_LOCK})`);
  await em.query(
    `WITH f AS (SELECT unnest(ARRAY[village_id, county_id, province_id]) AS id FROM ${S}.node WHERE id = $1),
     ${SNAPSHOT_TABLES.map(
       (t) =>
         `d_${t} AS (DELETE FROM ${S}.${t} s WHERE s.day >= $2::date AND (s.fund_id = $1 OR s.node_id IN (SELECT id FROM f)) RETURNING 1)`,
     ).join(',\n     ')}
     SELECT ${SNAPSHOT_TABLES.map((t) => `(SELECT count(*) FROM d_${t})`).join(' + ')} AS deleted`,
    [fundId, from ?? '-infinity'],
  );
}

/** Deletes every snapshot (a move in the hierarchy changes which nodes add up to which). */
export async function invalidateAllSnapshots(em: EntityManager): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(${SNAPSHOT_LOCK})`);
  for (const table of SNAPSHOT_TABLES) await em.query(`DELETE FROM ${S}.${table}`);
}
