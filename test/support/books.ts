import type { TestPlatform } from './platform';
import { openFundBooks } from '../../services/savings-loan/src/modules/ledger/chart';
import { booksProblems as checkBooks } from '../../services/savings-loan/src/modules/operations/books-invariants';

/**
 * Waits until savings-loan knows every fund, group, member and partner membership has (its
 * reference tables, fed by membership's events), so a test can use the books of what it just
 * created through the gateway. Uses the platform's event consumer (`eventsSettled`) when the
 * platform has one; otherwise copies the reference rows as the owner and opens the funds' books
 * (the same rows the consumer writes), so the books' tests do not depend on the consumer's timing.
 */
export async function settleBooks(p: TestPlatform): Promise<void> {
  const settled = (p as TestPlatform & { eventsSettled?: () => Promise<void> }).eventsSettled;
  if (settled) return settled.call(p);
  const db = p.membershipDb;
  await db.query(
    `INSERT INTO savings_loan.fund_ref (id, country_code, province_id, county_id, village_id, name, methodology, status, currency, policy)
     SELECT f.id, pr.country_code, f.province_id, f.county_id, f.village_id, f.name, f.methodology, f.status, f.currency, '{}'
       FROM membership.fund f JOIN membership.province pr ON pr.id = f.province_id
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, province_id = EXCLUDED.province_id,
       county_id = EXCLUDED.county_id, village_id = EXCLUDED.village_id`,
  );
  await db.query(
    `INSERT INTO savings_loan.group_ref (id, fund_id, province_id, county_id, village_id, name, status)
     SELECT g.id, g.fund_id, g.province_id, g.county_id, g.village_id, g.name, g.status FROM membership.member_group g
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status`,
  );
  await db.query(
    `INSERT INTO savings_loan.member_ref (id, fund_id, group_id, province_id, county_id, village_id, status, joined_on, sex, female_headed)
     SELECT m.id, m.fund_id, m.group_id, m.province_id, m.county_id, m.village_id, m.status, m.joined_on, m.sex, m.female_head_of_household
       FROM membership.member m
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, group_id = EXCLUDED.group_id`,
  );
  await db.query(
    `INSERT INTO savings_loan.partner_ref (id, name, kind, country_code)
     SELECT id, name, kind, country_code FROM membership.partner ON CONFLICT (id) DO NOTHING`,
  );
  const funds: { id: string }[] = await db.query(
    `SELECT id FROM savings_loan.fund_ref f WHERE NOT EXISTS (SELECT 1 FROM savings_loan.fund_book b WHERE b.fund_id = f.id)`,
  );
  for (const f of funds) await openFundBooks(db.manager, f.id);
}

/**
 * The books' invariants (DESIGN.md section 4), read as the owner over the whole database
 * (services/savings-loan's booksProblems): returns what is wrong (empty when the books hold).
 */
export async function booksProblems(p: TestPlatform): Promise<string[]> {
  return checkBooks((sql) => p.membershipDb.query(sql));
}

/**
 * A loan on record for a test that posts a loan's entries straight into the journal (as the loans
 * module would): account.loan_id references loan, so the receivable needs its loan row. Writes,
 * as the owner, a product and the loan (DISBURSED, no schedule) in the member's fund.
 */
export async function loanOnRecord(
  p: TestPlatform,
  loan: { loanId: string; fundId: string; memberId: string; principal: string; disbursedOn?: string },
): Promise<void> {
  const db = p.membershipDb;
  const productId = loan.loanId.replace(/^.{8}/, 'ffffffff');
  await db.query(
    `INSERT INTO savings_loan.loan_product (id, fund_id, province_id, county_id, village_id, name, currency, method, annual_rate_percent,
                                           fee_percent, fee_timing, repayment, min_term_months, max_term_months, created_by)
     SELECT $2::uuid, b.fund_id, b.province_id, b.county_id, b.village_id, 'On record ' || $2::text, b.currency, 'FLAT', 0, 0, 'UPFRONT', 'MONTHLY', 1, 12, 'test'
       FROM savings_loan.fund_book b WHERE b.fund_id = $1
     ON CONFLICT (id) DO NOTHING`,
    [loan.fundId, productId],
  );
  await db.query(
    `INSERT INTO savings_loan.loan (id, fund_id, province_id, county_id, village_id, member_id, group_id, product_id, cycle, currency, principal,
                                   term_months, method, annual_rate_percent, fee_percent, fee_timing, repayment, status, applied_on,
                                   disbursed_on, schedule_version, recorded_by)
     SELECT $1, b.fund_id, b.province_id, b.county_id, b.village_id, m.id, m.group_id, $4, 1, b.currency, $5, 12, 'FLAT', 0, 0, 'UPFRONT',
            'MONTHLY', 'DISBURSED', $6, $6, 1, 'test'
       FROM savings_loan.fund_book b, savings_loan.member_ref m WHERE b.fund_id = $2 AND m.id = $3
     ON CONFLICT (id) DO NOTHING`,
    [loan.loanId, loan.fundId, loan.memberId, productId, loan.principal, loan.disbursedOn ?? '2026-01-01'],
  );
}
