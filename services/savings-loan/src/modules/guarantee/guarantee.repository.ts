import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { Dec, minorUnits } from '@funds/money';

/** savings-loan's Postgres schema. */
const S = 'savings_loan';

/**
 * Savings each member's loans hold back as guarantee (not withdrawable), by member id: for each of
 * her disbursed loans, its product's guarantee hold percent of the principal still owed (the
 * loan's receivable), rounded up to the currency's minor unit (a hold never falls short of its
 * percent), added up. A member with no such loan is not in the map: nothing is held.
 *
 * Its own module, read by the ledger (Member.accounts), savings (withdrawals) and loans alike, so
 * none of them depends on another for it.
 */
export async function guaranteeHeld(em: EntityManager, memberIds: readonly string[]): Promise<Map<string, Decimal>> {
  const held = new Map<string, Decimal>();
  if (memberIds.length === 0) return held;
  const rows: { member_id: string; currency: string; outstanding: string; hold: string }[] = await em.query(
    `SELECT l.member_id, l.currency, a.balance::text AS outstanding, p.guarantee_hold_percent::text AS hold
       FROM ${S}.loan l JOIN ${S}.loan_product p ON p.id = l.product_id
       JOIN ${S}.account a ON a.loan_id = l.id AND a.code = 'LOANS_RECEIVABLE'
      WHERE l.member_id = ANY ($1::uuid[]) AND l.status = 'DISBURSED' AND p.guarantee_hold_percent > 0
      ORDER BY l.member_id, l.id`,
    [memberIds],
  );
  for (const r of rows) {
    const part = new Dec(r.outstanding).times(r.hold).div(100).toDecimalPlaces(minorUnits(r.currency), Dec.ROUND_UP);
    held.set(r.member_id, (held.get(r.member_id) ?? new Dec(0)).plus(part));
  }
  return held;
}
