import { Dec } from '@funds/money';

/** Something that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** The figures reporting keeps that the ledger also has, per fund and currency. */
export const RECONCILED_FIGURES = [
  'GROSS_LOAN_PORTFOLIO',
  'LOANS_OUTSTANDING',
  'WRITTEN_OFF_PRINCIPAL',
  'SAVINGS_BALANCE',
  'SHARES',
  'SOCIAL_FUND',
  'PARTNER_CAPITAL',
  'TOTAL_ASSETS',
] as const;
export type ReconciledFigure = (typeof RECONCILED_FIGURES)[number];

/** One figure of one fund on which reporting and the ledger disagree. */
export interface ReconciliationDifference {
  fundId: string;
  currency: string;
  figure: ReconciledFigure;
  /** Reporting's figure (0 when reporting holds nothing for the fund). */
  reporting: string;
  /** The ledger's figure (0 when the ledger holds nothing for the fund). */
  ledger: string;
  /** reporting - ledger. */
  difference: string;
}

export interface ReconciliationReport {
  /** The funds (and currencies) compared: every one either side holds. */
  funds: number;
  differences: ReconciliationDifference[];
}

/**
 * Compares, for every fund and currency, the totals reporting keeps in its read models with the
 * ledger's (savings_loan's account balances and postings), all value dates included:
 * - GROSS_LOAN_PORTFOLIO: principal paid out and not repaid on loans not written off, against the
 *   loans' receivable balances;
 * - LOANS_OUTSTANDING: how many loans still owe principal, against the receivable accounts not at zero;
 * - WRITTEN_OFF_PRINCIPAL: the principal of loans written off, against the write-off entries'
 *   postings to WRITE_OFFS;
 * - SAVINGS_BALANCE, SHARES, SOCIAL_FUND: the sums of reporting's balance movements, against the
 *   members' savings, members' shares and social fund balances (credit balances, shown positive);
 * - PARTNER_CAPITAL: partners' capital moved (fund_flow), against the grants, trust capital and
 *   credit lines balances;
 * - TOTAL_ASSETS: savings, shares, social fund, partners' capital, fees and interest received less
 *   principal written off and profit shared out (the portfolio's TOTAL_ASSETS v1), against the
 *   cash and loans receivable balances: the double-entry identity the definition rests on.
 *
 * An operator's tool (scripts/reconcile-reporting.mjs): it reads both schemas, so it runs as the
 * database owner, which row-level security does not bind. The reporting service itself never
 * calls it and never reads savings_loan's tables. One statement; waits for nothing (settle the
 * consumers first, or a difference may be an event not yet applied).
 */
export async function reconcileReporting(db: Queryable): Promise<ReconciliationReport> {
  const rows: { fund_id: string; currency: string; rep: string[]; led: string[] }[] = await db.query(
    `WITH ledger AS (
       SELECT a.fund_id, a.currency,
              coalesce(sum(a.balance) FILTER (WHERE a.code = 'LOANS_RECEIVABLE'), 0) AS glp,
              count(*) FILTER (WHERE a.code = 'LOANS_RECEIVABLE' AND a.balance <> 0) AS loans,
              coalesce(-sum(a.balance) FILTER (WHERE a.code = 'MEMBER_SAVINGS'), 0) AS savings,
              coalesce(-sum(a.balance) FILTER (WHERE a.code = 'MEMBER_SHARES'), 0) AS shares,
              coalesce(-sum(a.balance) FILTER (WHERE a.code = 'SOCIAL_FUND'), 0) AS social_fund,
              coalesce(-sum(a.balance) FILTER (WHERE a.code IN ('GRANTS', 'TRUST_CAPITAL', 'CREDIT_LINE')), 0) AS capital,
              coalesce(sum(a.balance) FILTER (WHERE a.code IN ('CASH', 'LOANS_RECEIVABLE')), 0) AS assets
         FROM savings_loan.account a GROUP BY a.fund_id, a.currency
     ),
     ledger_written_off AS (
       SELECT e.fund_id, e.currency, sum(p.amount) AS written_off
         FROM savings_loan.journal_entry e
         JOIN savings_loan.posting p ON p.entry_id = e.id
         JOIN savings_loan.account a ON a.id = p.account_id AND a.code = 'WRITE_OFFS'
        WHERE e.kind = 'LOAN_WRITE_OFF'
        GROUP BY e.fund_id, e.currency
     ),
     repaid AS (SELECT loan_id, sum(principal) AS principal FROM reporting.loan_repayment GROUP BY loan_id),
     reporting_loans AS (
       SELECT l.fund_id, l.currency,
              coalesce(sum(l.principal - coalesce(r.principal, 0)) FILTER (WHERE l.written_off_on IS NULL), 0) AS glp,
              count(*) FILTER (WHERE l.written_off_on IS NULL AND l.principal - coalesce(r.principal, 0) <> 0) AS loans,
              coalesce(sum(l.written_off_principal) FILTER (WHERE l.written_off_on IS NOT NULL), 0) AS written_off
         FROM reporting.loan_state l LEFT JOIN repaid r ON r.loan_id = l.id
        WHERE l.disbursed_on IS NOT NULL
        GROUP BY l.fund_id, l.currency
     ),
     reporting_income AS (
       SELECT l.fund_id, l.currency, sum(r.fee + r.interest) AS income
         FROM reporting.loan_state l JOIN reporting.loan_repayment r ON r.loan_id = l.id
        GROUP BY l.fund_id, l.currency
     ),
     reporting_flows AS (
       SELECT fund_id, currency,
              coalesce(sum(amount) FILTER (WHERE partner_id IS NOT NULL), 0) AS capital,
              coalesce(sum(amount) FILTER (WHERE flow = 'UPFRONT_FEE'), 0) AS upfront_fees,
              coalesce(sum(amount) FILTER (WHERE flow = 'PROFIT_SHARED'), 0) AS profit_shared
         FROM reporting.fund_flow GROUP BY fund_id, currency
     ),
     reporting_balances AS (
       SELECT fund_id, currency,
              coalesce(sum(amount) FILTER (WHERE account = 'SAVINGS'), 0) AS savings,
              coalesce(sum(amount) FILTER (WHERE account = 'SHARES'), 0) AS shares,
              coalesce(sum(amount) FILTER (WHERE account = 'SOCIAL_FUND'), 0) AS social_fund
         FROM reporting.balance_movement GROUP BY fund_id, currency
     ),
     keys AS (
       SELECT fund_id, currency FROM ledger
       UNION SELECT fund_id, currency FROM ledger_written_off
       UNION SELECT fund_id, currency FROM reporting_loans
       UNION SELECT fund_id, currency FROM reporting_balances
       UNION SELECT fund_id, currency FROM reporting_flows
     )
     SELECT k.fund_id, k.currency,
            ARRAY[coalesce(rl.glp, 0), coalesce(rl.loans, 0), coalesce(rl.written_off, 0),
                  coalesce(rb.savings, 0), coalesce(rb.shares, 0), coalesce(rb.social_fund, 0), coalesce(rf.capital, 0),
                  coalesce(rb.savings, 0) + coalesce(rb.shares, 0) + coalesce(rb.social_fund, 0) + coalesce(rf.capital, 0)
                    + coalesce(ri.income, 0) + coalesce(rf.upfront_fees, 0) - coalesce(rl.written_off, 0) - coalesce(rf.profit_shared, 0)]::text[] AS rep,
            ARRAY[coalesce(l.glp, 0), coalesce(l.loans, 0), coalesce(w.written_off, 0),
                  coalesce(l.savings, 0), coalesce(l.shares, 0), coalesce(l.social_fund, 0), coalesce(l.capital, 0),
                  coalesce(l.assets, 0)]::text[] AS led
       FROM keys k
       LEFT JOIN ledger l USING (fund_id, currency)
       LEFT JOIN ledger_written_off w USING (fund_id, currency)
       LEFT JOIN reporting_loans rl USING (fund_id, currency)
       LEFT JOIN reporting_balances rb USING (fund_id, currency)
       LEFT JOIN reporting_income ri USING (fund_id, currency)
       LEFT JOIN reporting_flows rf USING (fund_id, currency)
      ORDER BY k.fund_id, k.currency`,
  );
  const differences: ReconciliationDifference[] = [];
  for (const row of rows) {
    RECONCILED_FIGURES.forEach((figure, i) => {
      const reporting = new Dec(row.rep[i]);
      const ledger = new Dec(row.led[i]);
      if (reporting.equals(ledger)) return;
      differences.push({
        fundId: row.fund_id,
        currency: row.currency,
        figure,
        reporting: reporting.toFixed(),
        ledger: ledger.toFixed(),
        difference: reporting.minus(ledger).toFixed(),
      });
    });
  }
  return { funds: rows.length, differences };
}
