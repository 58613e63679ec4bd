/** The codes the formation module answers, each with what it means (the API guide lists them too). */
export const FORMATION_ERRORS = {
  FUND_NOT_FORMING: 'the fund is not FORMING, so it cannot be activated or have its formation recorded',
  FUND_NOT_READY: 'activation refused; details.missing lists the stages still to complete',
  STAGE_NOT_MET: 'a formation stage recorded before it is true (members recruited, groups formed, board appointed)',
} as const;

export type FormationErrorCode = keyof typeof FORMATION_ERRORS;
