import type { DataSource } from 'typeorm';

const S = 'reporting';

/** Reporting's read models, every one rebuilt from events (the migrations 1796100000000's and 1796200000000's tables; the snapshots are recomputed). */
export const READ_MODEL_TABLES = [
  'capital_snapshot',
  'currency_snapshot',
  'node_snapshot',
  'fund_flow',
  'balance_movement',
  'loan_repayment',
  'loan_instalment',
  'loan_schedule',
  'loan_state',
  'member_fact',
  'node',
] as const;

/** What a rebuild emptied. */
export interface RebuildResult {
  /** Rows removed from each read model. */
  removed: Record<string, number>;
  /** Applied event ids forgotten. */
  appliedEvents: number;
  /** Checkpoints reset to the start of their producer's outbox. */
  checkpoints: number;
}

/**
 * Empties reporting's read models, forgets the applied event ids and sets every consumer's
 * checkpoint back to the start of its producer's outbox, in ONE transaction: the consumers (the
 * running service's, or ones started by the caller) then replay every event from zero. The
 * checkpoints are reset first: each consumer locks its checkpoint row for the batch it applies,
 * so a batch in flight is waited for, and none starts until the read models are empty. Runs as
 * the database owner (the operator's command, scripts/rebuild-reporting.mjs).
 */
export async function emptyReadModels(ds: DataSource): Promise<RebuildResult> {
  return ds.transaction(async (em) => {
    await em.query(`UPDATE ${S}.event_checkpoint SET position = NULL, applied_events = 0, updated_at = now()`);
    const [{ checkpoints }] = await em.query(`SELECT count(*)::int AS checkpoints FROM ${S}.event_checkpoint`);
    const removed: Record<string, number> = {};
    for (const table of READ_MODEL_TABLES) {
      const [{ count }] = await em.query(`SELECT count(*)::int AS count FROM ${S}."${table}"`);
      removed[table] = count;
    }
    const [{ applied }] = await em.query(`SELECT count(*)::int AS applied FROM ${S}.applied_event`);
    await em.query(`TRUNCATE ${[...READ_MODEL_TABLES, 'applied_event'].map((t) => `${S}."${t}"`).join(', ')}`);
    return { removed, appliedEvents: applied, checkpoints };
  });
}
