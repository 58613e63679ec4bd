import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Partner apps' API keys (membership's api-key module makes and checks them; the gateway accepts
 * them). A key is `fk_<key id>_<secret>`: the prefix tells it from a JWT (which starts with `ey`)
 * and lets secret scanners recognise a leaked one.
 */
export const API_KEY_PREFIX = 'fk_';

/** Where the gateway asks the membership subgraph which identity a key acts as (not part of the graph). */
export const API_KEY_CHECK_PATH = '/internal/api-keys/check';

/** The header carrying the gateway's signature of the key it asks about. */
export const API_KEY_CHECK_SIGNATURE_HEADER = 'x-gateway-signature';

export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/**
 * The gateway's signature of a key check: HMAC-SHA256 of the key with the gateway secret. Only
 * the gateway can ask, and a captured request only asks again about the key it already holds.
 */
export function apiKeyCheckSignature(key: string, gatewaySecret: string): string {
  return createHmac('sha256', gatewaySecret).update(`api-key-check\n${key}`, 'utf8').digest('hex');
}

export function isValidApiKeyCheckSignature(key: string, gatewaySecret: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(apiKeyCheckSignature(key, gatewaySecret), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
