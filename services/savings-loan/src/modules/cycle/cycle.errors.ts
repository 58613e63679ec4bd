/** The codes the cycle module (a savings group's cycle close and share-out) answers; the API guide lists them too. */
export const CYCLE_ERRORS = {
  NOT_FOUND: 'no such fund, or one outside your scope',
  FORBIDDEN: 'your role may not record this here',
  SAVINGS_TERMS_NOT_SET: "the fund's savings terms are not set: it has no shares to share out",
  CYCLE_HAS_OPEN_LOANS: 'a loan of the fund is still outstanding (not repaid or written off); details has openLoans',
  CYCLE_ALREADY_CLOSED: 'closedOn is not after the last cycle’s close; details has lastClosedOn',
  CYCLE_WITHOUT_SHARES: 'no member holds shares on closedOn',
} as const;
