/** The codes the officer module answers, each with what it means (the API guide lists them too). */
export const OFFICER_ERRORS = {
  NOT_FOUND: 'no such fund, member or officer term, or one outside your scope',
  ROLE_NOT_IN_METHODOLOGY: "the fund's methodology has no such board seat",
  ROLE_TAKEN: 'every seat of the role is held; end a current term first',
  ALREADY_HOLDS_ROLE: 'the member holds this role already',
  OFFICER_NOT_MEMBER: 'the person is not an active member of the fund',
  TERM_ENDED: 'the term has already ended',
  INVALID_DATE: 'a term that ends before it starts',
} as const;

export type OfficerErrorCode = keyof typeof OFFICER_ERRORS;
