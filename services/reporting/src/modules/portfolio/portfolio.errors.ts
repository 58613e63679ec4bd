/** The codes the portfolio answers; the API guide lists them too. */
export const PORTFOLIO_ERRORS = {
  INVALID_INPUT:
    "asOf, periodFrom, from or to is not a day written YYYY-MM-DD, a period starts after its end, a series covers more than 60 periods, or topChildren's first is not from 1 to 100",
} as const;
