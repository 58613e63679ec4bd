/** The codes the savings module answers; the API guide lists them too. */
export const SAVINGS_ERRORS = {
  INVALID_AMOUNT: "an amount of zero or less, or with more decimals than the currency's minor units",
  MEMBER_NOT_ACTIVE: 'the member is suspended or has left the fund: only active members save or borrow',
  INSUFFICIENT_SAVINGS:
    'a withdrawal beyond her savings less what her loans hold as guarantee; details has savings, heldAsGuarantee, available',
} as const;
