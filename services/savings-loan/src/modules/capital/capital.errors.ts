/** The codes the capital module (partners' grants, trust capital, credit lines) answers; the API guide lists them too. */
export const CAPITAL_ERRORS = {
  NOT_FOUND: 'no such fund or partner (savings-loan learns partners from membership), or a fund outside your scope',
  FORBIDDEN: 'your role may not record this here',
  INVALID_AMOUNT: "an amount of zero or less, or with more decimals than the currency's minor units",
  PARTNER_COUNTRY_MISMATCH: "the partner works in another country than the fund's",
  CAPITAL_REPAYMENT_EXCEEDS_BALANCE: 'a repayment above what the fund owes that partner on that kind of capital; details has outstanding',
} as const;
