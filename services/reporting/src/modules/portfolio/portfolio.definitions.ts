/**
 * The indicators' definitions (DESIGN.md section 5), versioned: every figure the API returns names
 * the definition and version it was computed by. A change of meaning is a new version, never an
 * edit of a published one.
 */
export interface IndicatorDefinitionValue {
  name: string;
  version: number;
  description: string;
}

const define = (name: string, version: number, description: string): IndicatorDefinitionValue => ({ name, version, description });

export const DEFINITIONS = {
  grossLoanPortfolio: define(
    'GROSS_LOAN_PORTFOLIO',
    1,
    'Outstanding principal of all loans not written off, at the end of the day: principal paid out less principal repaid with value dates up to the day. A loan written off on or before the day is left out.',
  ),
  par1: define(
    'PAR1',
    1,
    'Outstanding principal (the whole balance, not only the overdue part) of loans with one or more instalments of principal past due more than 1 day at the end of the day, divided by the gross loan portfolio. Days past due: from the due day of the oldest instalment whose principal is not fully repaid (an instalment due on the day is not past due; one due the day before is 1 day past due). Restructured loans are included, by their schedule in force on the day. IRIS+ FP2635; CGAP Microfinance Consensus Guidelines.',
  ),
  par30: define(
    'PAR30',
    1,
    'Outstanding principal (the whole balance, not only the overdue part) of loans with one or more instalments of principal past due more than 30 days at the end of the day, divided by the gross loan portfolio. Days past due and restructured loans as in PAR1 v1. IRIS+ FP2635; CGAP Microfinance Consensus Guidelines.',
  ),
  arrears: define(
    'ARREARS',
    1,
    'Overdue principal at the end of the day: per loan not written off, the principal of the instalments due before the day (its schedule in force on the day) less the principal repaid against that schedule, never below zero.',
  ),
  arrearsRate: define('ARREARS_RATE', 1, 'Overdue principal (ARREARS v1) divided by the gross loan portfolio (GROSS_LOAN_PORTFOLIO v1).'),
  activeBorrowers: define(
    'ACTIVE_BORROWERS',
    1,
    'Members with one or more loans with outstanding principal at the end of the day (loans written off on or before the day left out).',
  ),
  loansDisbursed: define(
    'LOANS_DISBURSED',
    1,
    'Loans paid out in the period (from its first day, or from the first loan when none is given, through the day, both included): how many, and their principal.',
  ),
  savingsBalance: define(
    'SAVINGS_BALANCE',
    1,
    "Members' savings at the end of the day: deposits less withdrawals (a meeting's savings included, reversed entries taken back) with value dates up to the day.",
  ),
  sharesBalance: define(
    'SHARES_BALANCE',
    1,
    "Members' shares at the end of the day, at the value they were bought at: purchases (a meeting's shares included, reversed entries taken back) less shares paid out at share-outs, with value dates up to the day.",
  ),
  socialFund: define(
    'SOCIAL_FUND',
    1,
    'The social fund at the end of the day: contributions less payouts (reversed entries taken back), with value dates up to the day.',
  ),
  savingsMobilised: define(
    'SAVINGS_MOBILISED',
    1,
    "Savings deposited in the period (from its first day, or from the first deposit when none is given, through the day): members' deposits and the savings of meetings' collection sheets, less deposits reversed in the period; withdrawals are not taken off.",
  ),
  onTimeRepaymentRate: define(
    'ON_TIME_REPAYMENT_RATE',
    1,
    "Of the amount that fell due in the period (principal, interest and fees of the instalments due in it, by the schedule in force on each due day; none after a loan's write-off), the part paid by its due date (what was repaid against that schedule by the due day, after the instalments before it), divided by the amount that fell due. Not the collection rate.",
  ),
  collectionRate: define(
    'COLLECTION_RATE',
    1,
    'All repayments received in the period (whenever they fell due: arrears and prepayments included), divided by the amount that fell due in the period (as in ON_TIME_REPAYMENT_RATE v1). Can exceed 1. Not the on-time repayment rate.',
  ),
  partnerCapital: define(
    'PARTNER_CAPITAL',
    1,
    "Partners' capital outstanding at the end of the day, per partner and kind: grants received, trust capital received less returned, credit-line draws less repayments (reversed entries taken back).",
  ),
  totalAssets: define(
    'TOTAL_ASSETS',
    1,
    "The funds' total assets at the end of the day, from the books' events (equal to their balance sheets' total): members' savings, shares and social fund, partners' capital outstanding, and retained income (fees and interest received less principal written off and profit shared out).",
  ),
  loanFundUtilisation: define(
    'LOAN_FUND_UTILISATION',
    1,
    'Loans outstanding (GROSS_LOAN_PORTFOLIO v1) divided by total assets (TOTAL_ASSETS v1), at the end of the day.',
  ),
  returnOnSavings: define(
    'RETURN_ON_SAVINGS',
    1,
    "For savings groups' cycles shared out in the period: the profit shared out, divided by the shares held over those cycles in years (each share purchase times the days from it to its cycle's close, over 365: a cycle's average shares times its length in years), so an annual rate. Null when no cycle closed in the period.",
  ),
  dropOutRate: define(
    'DROP_OUT_RATE',
    1,
    "Memberships ended in the period (exits, and transfers out of the node) divided by the memberships open at the end of the day before the period's first day. Null without a period.",
  ),
  members: define(
    'MEMBERS',
    2,
    'Memberships open at the end of the day: joined on or before it and not exited on or before it (a suspended member still counts: suspensions have no history in v1); women: members recorded as female; female-headed households: members who head their household; with a disability: members recorded as having one; referred by a partner: members whose membership names the partner that referred them.',
  ),
} as const;

/** Ratios are given to this many decimal places, rounded half to even, with their exact parts beside them. */
export const RATIO_DECIMALS = 10;
