/** The codes the portfolio answers; the API guide lists them too. */
export const PORTFOLIO_ERRORS = {
  INVALID_INPUT:
    'asOf, periodFrom, from or to is not a day written YYYY-MM-DD, a period starts after its end, or a series covers more than 60 months',
} as const;
