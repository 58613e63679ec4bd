import type { TestPlatform } from './platform';
import { openFundBooks } from '../../services/savings-loan/src/modules/ledger/chart';

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
 * The books' invariants (DESIGN.md section 4), read as the owner over the whole database: every
 * entry's postings sum to zero and there are two or more; all postings sum to zero per currency;
 * every stored balance equals the sum of its postings and its entries' recorded running balances
 * end at it; no account that may not go below zero does; every posting is in its entry's fund.
 * Returns what is wrong (empty when the books hold).
 */
export async function booksProblems(p: TestPlatform): Promise<string[]> {
  const db = p.membershipDb;
  const problems: string[] = [];
  const unbalanced: { id: string; n: number; total: string }[] = await db.query(
    `SELECT e.id, count(p.id)::int AS n, coalesce(sum(p.amount), 0)::text AS total
       FROM savings_loan.journal_entry e LEFT JOIN savings_loan.posting p ON p.entry_id = e.id
      GROUP BY e.id HAVING count(p.id) < 2 OR coalesce(sum(p.amount), 0) <> 0`,
  );
  for (const u of unbalanced) problems.push(`entry ${u.id}: ${u.n} postings summing to ${u.total}`);
  const currencies: { currency: string; total: string }[] = await db.query(
    `SELECT currency, sum(amount)::text AS total FROM savings_loan.posting GROUP BY currency HAVING sum(amount) <> 0`,
  );
  for (const c of currencies) problems.push(`postings in ${c.currency} sum to ${c.total}`);
  const drift: { id: string; balance: string; postings: string }[] = await db.query(
    `SELECT a.id, a.balance::text AS balance, coalesce(sum(p.amount), 0)::text AS postings
       FROM savings_loan.account a LEFT JOIN savings_loan.posting p ON p.account_id = a.id
      GROUP BY a.id HAVING a.balance <> coalesce(sum(p.amount), 0)`,
  );
  for (const d of drift) problems.push(`account ${d.id}: stored balance ${d.balance}, postings sum to ${d.postings}`);
  const lastAfter: { id: string }[] = await db.query(
    `SELECT a.id FROM savings_loan.account a
       JOIN LATERAL (SELECT balance_after FROM savings_loan.posting p WHERE p.account_id = a.id ORDER BY p.id DESC LIMIT 1) last ON true
      WHERE last.balance_after <> a.balance`,
  );
  for (const l of lastAfter) problems.push(`account ${l.id}: its last posting's running balance is not its balance`);
  const overdrawn: { id: string; code: string; balance: string }[] = await db.query(
    `SELECT id, code, balance::text AS balance FROM savings_loan.account
      WHERE no_overdraft AND ((kind IN ('ASSET', 'EXPENSE') AND balance < 0) OR (kind IN ('LIABILITY', 'EQUITY', 'INCOME') AND balance > 0))`,
  );
  for (const o of overdrawn) problems.push(`account ${o.id} (${o.code}) is overdrawn: ${o.balance}`);
  const strays: { id: string }[] = await db.query(
    `SELECT p.id::text AS id FROM savings_loan.posting p JOIN savings_loan.journal_entry e ON e.id = p.entry_id
       JOIN savings_loan.account a ON a.id = p.account_id
      WHERE p.fund_id <> e.fund_id OR a.fund_id <> e.fund_id OR p.currency <> e.currency`,
  );
  for (const s of strays) problems.push(`posting ${s.id} lies outside its entry's fund or currency`);
  return problems;
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
