/** The codes the audit module answers, each with what it means (the API guide lists them too). */
export const AUDIT_ERRORS = {
  FORBIDDEN: 'only national and regional admins read the audit log',
  NOT_FOUND: 'no such node, or a node outside your scope',
  INVALID_CURSOR: 'a cursor that is not from this list',
} as const;

export type AuditErrorCode = keyof typeof AUDIT_ERRORS;
