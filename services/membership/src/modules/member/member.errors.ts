/** The codes the member module answers, each with what it means (the API guide lists them too). */
export const MEMBER_ERRORS = {
  NOT_FOUND: 'no such member, fund, group, village or partner, or one outside your scope',
  NOT_ELIGIBLE_AGE: "age on the joining day outside the policy's minAge-maxAge",
  NOT_ELIGIBLE_SEX: 'the fund enrols women only',
  NOT_RESIDENT: 'members must live in the fund village',
  RESIDENCE_OUTSIDE_COUNTRY: "the village of residence is not in the fund's country",
  MEMBER_LIMIT_REACHED: 'the fund has maxMembers members',
  GROUP_FULL: 'the group has maxGroupSize members',
  GROUP_NOT_IN_FUND: 'the group belongs to another fund',
  PARENT_ARCHIVED: 'the group is archived',
  FUND_CLOSED: 'the fund is closed and takes no members',
  DUPLICATE_NATIONAL_ID: 'the person holds a live membership the caller may open',
  NATIONAL_ID_UNAVAILABLE: 'the person holds a live membership outside the caller scope',
  INVALID_NATIONAL_ID: 'the national id is malformed',
  NATIONAL_ID_MISMATCH: 'the national id disagrees with birth date or sex',
  INVALID_STATUS: 'the member is not in the status this change starts from',
  MEMBER_EXITED: 'the membership has ended and is kept as history',
  USE_TRANSFER: 'moving to another fund is transferMember, not an exit',
  NO_CHANGE: 'the member is already where the move would put her',
  MOVE_ACROSS_COUNTRY: 'a member can only move within her country',
  INVALID_AMOUNT: 'an amount that is negative or has more decimals than the currency',
  INVALID_DATE: 'a date that cannot be right (e.g. an exit before joining)',
  INVALID_CURSOR: "an export's cursor that is not from this area's members list",
  INVALID_PAGE_SIZE: "an export's first outside 1 to 500",
  INVALID_INPUT: "an export's areaId, status or all that is not what it must be (the error names it)",
} as const;

export type MemberErrorCode = keyof typeof MEMBER_ERRORS;
