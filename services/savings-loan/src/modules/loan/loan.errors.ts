/** The codes the loans module answers; the API guide lists them too. Each names the offending field. */
export const LOAN_ERRORS = {
  NOT_FOUND: 'no such loan, loan product or partner, or one you may not see; `field` says which',
  INVALID_AMOUNT: "a principal or repayment of zero or less, or with more decimals than the currency's minor units",
  INVALID_LOAN_PRODUCT:
    'loan product terms that cannot be right (a qard al-hasan product with interest, a term range outside 1-120 months, a cap of zero...); `field` names the setting',
  NAME_TAKEN: 'the fund has a loan product of that name already',
  LOAN_PRODUCT_INACTIVE: 'the product is no longer offered (`active: false`): new loans take another product',
  MEMBER_NOT_ACTIVE: 'the member is suspended or has left the fund: only active members save or borrow',
  LOAN_TERM_OUT_OF_RANGE: "`termMonths` outside the product's range; `details` has `minTermMonths`, `maxTermMonths`",
  LOAN_PURPOSE_REQUIRED: 'the product lends for a stated livelihood: `purpose` is required',
  LOAN_WAITING_PERIOD:
    'she has not been a member long enough for this product (months of saving before the first loan); `details` has `joinedOn`, `waitingMonths`, `eligibleOn`',
  LOAN_EXCEEDS_SAVINGS_MULTIPLE:
    "the principal with her loans outstanding is over the product's multiple of her savings; `details` has `savings`, `multiple`, `outstanding`, `maximum`",
  LOAN_EXCEEDS_CYCLE_CAP:
    "the principal is over the product's cap for her loan cycle (1st, 2nd, 3rd loan...); `details` has `cycle`, `cap`",
  CONCURRENT_LOAN_LIMIT:
    'she has as many loans open (applied, approved or disbursed) as the product allows; `details` has `open`, `maxConcurrentLoans`',
  GROUP_MEMBER_IN_ARREARS:
    'group guarantee: a member of her group is behind on a loan, so no new loan goes to the group until it is paid up; `details.loansInArrears`',
  INVALID_LOAN_STATUS: 'the loan is not in a status this step starts from; `details` has `status` and `expected`',
  LOAN_ALREADY_APPROVED: 'you have approved this loan already (each officer approves once)',
  INSUFFICIENT_CASH: "the fund's cash does not cover the amount paid out; `details` has `cash` and `needed`",
  REPAYMENT_EXCEEDS_OUTSTANDING:
    'a repayment of more than everything the loan still owes (fees, interest and principal of every instalment); `details.outstanding`',
  INVALID_DATE: 'a loan step dated before the step it follows (paid out before she applied, repaid before it was paid out)',
  INVALID_TERM: 'a term that is not 1 to 120 whole months',
  INVALID_RATE: 'a rate or fee outside 0-100 percent, or interest on a qard al-hasan loan',
} as const;

export type LoanErrorCode = keyof typeof LOAN_ERRORS;
