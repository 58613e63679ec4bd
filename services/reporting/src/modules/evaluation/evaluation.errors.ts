/** The codes the evaluation report answers; the API guide lists them too. */
export const EVALUATION_ERRORS = {
  INVALID_INPUT:
    "halfYear is not a half-year label of the node's calendar (YYYY-H1 or YYYY-H2) or has not started, or par30Above is not from 0 to 1",
} as const;
