/** The codes idempotency keys answer; the API guide lists them too. */
export const IDEMPOTENCY_ERRORS = {
  INVALID_IDEMPOTENCY_KEY: 'an idempotency key of fewer than 8 or more than 100 characters',
  IDEMPOTENCY_KEY_REUSED: 'the key was used in this fund for a different request',
  NOT_FOUND: 'the fund keeps no books here',
} as const;
