/** The codes the meeting module (collection sheets) answers; the API guide lists them too. */
export const MEETING_ERRORS = {
  NOT_FOUND: 'no such group or member, or one outside your scope (a line: field lines.<n>.memberId)',
  FORBIDDEN: 'your role may not record this here',
  INVALID_INPUT: 'a meeting id that is not a UUID, a sheet without lines or with more than 200, a negative share count',
  INVALID_AMOUNT: "a line's amount below zero, or with more decimals than the currency's minor units (field lines.<n>.<what>)",
  MEMBER_NOT_ACTIVE: "a line's member is suspended or has left the fund",
  MEMBER_NOT_IN_GROUP: "a line's member is not in the sheet's group",
  DUPLICATE_MEETING_LINE: 'a member has two lines in one sheet',
  SAVINGS_TERMS_NOT_SET: 'a line buys shares in a fund whose savings terms are not set',
  SHARE_LIMIT_PER_MEETING: 'a line buys more shares than the per-meeting maximum',
  IDEMPOTENCY_KEY_REUSED: 'the meeting id was recorded already with a different sheet',
  INSUFFICIENT_FUNDS: 'a posting would take a balance below zero',
  LOAN_NOT_OF_MEMBER: "a line repays a loan of another member than the line's",
} as const;
