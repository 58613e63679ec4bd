/** Runs one SQL statement and returns its rows (a pg client's or a TypeORM data source's query, as the owner). */
export type RowQuery = (sql: string) => Promise<any[]>;

/**
 * The books' invariants (DESIGN.md section 4), read as the database owner over the whole database
 * (an operator's and the tests' check, outside any caller's scope): every entry's postings sum to
 * zero and there are two or more; all postings sum to zero per currency; every stored balance
 * equals the sum of its postings and its entries' recorded running balances end at it; no account
 * that may not go below zero does; every posting is in its entry's fund. Returns what is wrong
 * (empty when the books hold). The tests (test/support/books.ts) and the fault script use it.
 */
export async function booksProblems(query: RowQuery): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced: { id: string; n: number; total: string }[] = await query(
    `SELECT e.id, count(p.id)::int AS n, coalesce(sum(p.amount), 0)::text AS total
       FROM savings_loan.journal_entry e LEFT JOIN savings_loan.posting p ON p.entry_id = e.id
      GROUP BY e.id HAVING count(p.id) < 2 OR coalesce(sum(p.amount), 0) <> 0`,
  );
  for (const u of unbalanced) problems.push(`entry ${u.id}: ${u.n} postings summing to ${u.total}`);
  const currencies: { currency: string; total: string }[] = await query(
    `SELECT currency, sum(amount)::text AS total FROM savings_loan.posting GROUP BY currency HAVING sum(amount) <> 0`,
  );
  for (const c of currencies) problems.push(`postings in ${c.currency} sum to ${c.total}`);
  const drift: { id: string; balance: string; postings: string }[] = await query(
    `SELECT a.id, a.balance::text AS balance, coalesce(sum(p.amount), 0)::text AS postings
       FROM savings_loan.account a LEFT JOIN savings_loan.posting p ON p.account_id = a.id
      GROUP BY a.id HAVING a.balance <> coalesce(sum(p.amount), 0)`,
  );
  for (const d of drift) problems.push(`account ${d.id}: stored balance ${d.balance}, postings sum to ${d.postings}`);
  const lastAfter: { id: string }[] = await query(
    `SELECT a.id FROM savings_loan.account a
       JOIN LATERAL (SELECT balance_after FROM savings_loan.posting p WHERE p.account_id = a.id ORDER BY p.id DESC LIMIT 1) last ON true
      WHERE last.balance_after <> a.balance`,
  );
  for (const l of lastAfter) problems.push(`account ${l.id}: its last posting's running balance is not its balance`);
  const overdrawn: { id: string; code: string; balance: string }[] = await query(
    `SELECT id, code, balance::text AS balance FROM savings_loan.account
      WHERE no_overdraft AND ((kind IN ('ASSET', 'EXPENSE') AND balance < 0) OR (kind IN ('LIABILITY', 'EQUITY', 'INCOME') AND balance > 0))`,
  );
  for (const o of overdrawn) problems.push(`account ${o.id} (${o.code}) is overdrawn: ${o.balance}`);
  const strays: { id: string }[] = await query(
    `SELECT p.id::text AS id FROM savings_loan.posting p JOIN savings_loan.journal_entry e ON e.id = p.entry_id
       JOIN savings_loan.account a ON a.id = p.account_id
      WHERE p.fund_id <> e.fund_id OR a.fund_id <> e.fund_id OR p.currency <> e.currency`,
  );
  for (const s of strays) problems.push(`posting ${s.id} lies outside its entry's fund or currency`);
  return problems;
}
