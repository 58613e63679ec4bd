/** The codes the ledger module (the journal, reversal, closing, statements) answers; the API guide lists them too. */
export const LEDGER_ERRORS = {
  NOT_FOUND: 'no such entry or fund, or one outside your scope',
  INVALID_INPUT: 'a reason, month or account that cannot be right',
  INVALID_AMOUNT: "an amount with more decimals than the currency's minor units",
  INSUFFICIENT_FUNDS: 'a balance that may not go below zero would (another entry may have used it first)',
  PERIOD_CLOSED: "the value date falls in a month closed in the fund's books",
  PERIOD_NOT_ENDED: "closeMonth: the month has not ended in the fund's country",
  PERIOD_ALREADY_CLOSED: 'closeMonth: the books are closed through that month already',
  INVALID_PERIOD: 'a period whose end comes before its start',
  PERIOD_TOO_LONG: 'a statement period with more than 1,000 movements',
  VALUE_DATE_IN_FUTURE: "a money event dated after today in the fund's country",
  ENTRY_ALREADY_REVERSED: 'reverseEntry: the entry was reversed already',
  ENTRY_IS_A_REVERSAL: 'reverseEntry: a reversal is not reversed; post the corrected entry',
  ENTRY_OF_A_LOAN: "reverseEntry: a loan's disbursement, repayment or write-off is corrected through the loan's own steps",
  FORBIDDEN: 'your role may not read or record this here',
} as const;

export type LedgerErrorCode = keyof typeof LEDGER_ERRORS;
