/** The codes the shares module (savings terms, shares, the social fund) answers; the API guide lists them too. */
export const SHARES_ERRORS = {
  NOT_FOUND: 'no such fund or member, or one outside your scope',
  FORBIDDEN: 'your role may not record this here',
  INVALID_AMOUNT: "an amount of zero or less, or with more decimals than the currency's minor units",
  INVALID_INPUT: 'a share count or per-meeting maximum out of range',
  MEMBER_NOT_ACTIVE: 'the member is suspended or has left the fund',
  SAVINGS_TERMS_NOT_SET:
    "the fund's savings terms (share value, per-meeting maximum) are not set yet: its admins set them (setSavingsTerms)",
  SHARE_LIMIT_PER_MEETING: 'more shares than the per-meeting maximum in one meeting; details has maxSharesPerMeeting, alreadyBought, asked',
  SHARE_VALUE_LOCKED: 'the share value changes only when no member holds shares (after a share-out)',
  INSUFFICIENT_SOCIAL_FUND: 'a payout larger than the social fund holds; details has available',
} as const;
