/** The codes the api-key module answers, each with what it means (the API guide lists them too). */
export const API_KEY_ERRORS = {
  NOT_FOUND: 'no such partner, node or key, or a node or key outside your scope',
  FORBIDDEN: 'only national and regional admins manage keys; partner apps never',
  PARTNER_COUNTRY_MISMATCH: 'the partner works in another country than the node',
  API_KEY_GRANT_NOT_ALLOWED: 'FUND_WRITE is granted on a fund only',
  INVALID_EXPIRY: 'a key expires in the future and at most 366 days after it is created',
  API_KEY_REVOKED: 'the key was revoked already (revokeApiKey), or a revoked key was used (HTTP 401)',
  API_KEY_EXPIRED: 'an expired key was used (HTTP 401)',
  INVALID_TOKEN: 'an unknown key, a wrong secret or a malformed key was used (HTTP 401), all answered alike',
} as const;

export type ApiKeyErrorCode = keyof typeof API_KEY_ERRORS;
