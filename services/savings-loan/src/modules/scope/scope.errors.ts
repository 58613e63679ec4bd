/** The codes scope answers; the API guide lists them too. */
export const SCOPE_ERRORS = {
  NOT_FOUND: 'no such fund or member, one outside your scope, or a fund whose books are not open yet',
} as const;
