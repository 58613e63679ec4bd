import type { IncomingHttpHeaders } from 'node:http';
import {
  API_KEY_CHECK_PATH,
  API_KEY_CHECK_SIGNATURE_HEADER,
  AuthError,
  Identity,
  apiKeyCheckSignature,
  assertValidIdentity,
  bearerToken,
  isApiKey,
} from '@funds/auth';
import { GatewayRefusal } from './refusal';

/**
 * The partner app's API key of a request: `X-Api-Key: fk_...`, or `Authorization: Bearer fk_...`
 * (told from a JWT by its prefix). Null when the request carries none. Both headers at once, or a
 * key in X-Api-Key that does not look like one, is INVALID_TOKEN.
 */
export function apiKeyOf(headers: IncomingHttpHeaders): string | null {
  const header = headers['x-api-key'];
  const bearer = bearerToken(headers.authorization);
  if (header !== undefined) {
    if (typeof header !== 'string' || !isApiKey(header.trim())) throw new AuthError('INVALID_TOKEN', 'X-Api-Key must hold a key (fk_...)');
    if (bearer) throw new AuthError('INVALID_TOKEN', 'Send one credential: an Authorization header or an X-Api-Key header, not both');
    return header.trim();
  }
  return bearer && isApiKey(bearer) ? bearer : null;
}

export interface ApiKeyCheckOptions {
  /** How long to wait for the membership subgraph, in milliseconds; 5 s unless given. */
  timeoutMs?: number;
}

/**
 * Checks partner apps' keys by asking the membership subgraph (POST /internal/api-keys/check,
 * signed with the gateway secret); the gateway has no database.
 *
 * No answer is cached, positive or negative: every request with a key asks once (one primary-key
 * read), so a revoked or expired key is refused from the very next request, on every gateway
 * process. The rate limiter and the request's context share that one question (`check` keeps it
 * per request).
 *
 * - a valid key: the identity it acts as (PARTNER_APP, subject `apikey:<id>`, its node and grants);
 * - unknown key or wrong secret: 401 INVALID_TOKEN; expired: 401 API_KEY_EXPIRED; revoked: 401
 *   API_KEY_REVOKED (only the holder of the right secret learns those two);
 * - no clear answer (subgraph down, timeout, 5xx): 503 SERVICE_UNAVAILABLE, never a bad-key answer.
 */
export class ApiKeyCheck {
  private readonly perRequest = new WeakMap<IncomingHttpHeaders, Promise<Identity>>();

  constructor(
    private readonly url: string,
    private readonly gatewaySecret: string,
    private readonly options: ApiKeyCheckOptions = {},
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {}

  /** The identity `key` acts as, asked once per request (`headers` names the request). */
  check(key: string, headers: IncomingHttpHeaders, requestId: string): Promise<Identity> {
    let answer = this.perRequest.get(headers);
    if (!answer) {
      answer = this.ask(key, requestId);
      this.perRequest.set(headers, answer);
    }
    return answer;
  }

  private async ask(key: string, requestId: string): Promise<Identity> {
    let body: { valid?: unknown; identity?: Identity; code?: unknown; message?: unknown } | null;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          [API_KEY_CHECK_SIGNATURE_HEADER]: apiKeyCheckSignature(key, this.gatewaySecret),
          'x-request-id': requestId,
        },
        body: JSON.stringify({ key }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      body = response.status === 200 ? ((await response.json()) as typeof body) : null;
      if (!body || typeof body.valid !== 'boolean') throw new Error(`unexpected answer (HTTP ${response.status})`);
    } catch (error) {
      this.log('the API key check failed', error);
      throw new GatewayRefusal('SERVICE_UNAVAILABLE', 'Your API key cannot be checked right now; try again in a moment', 503, {
        headers: { 'retry-after': '5' },
      });
    }
    if (!body.valid) {
      const code = body.code === 'API_KEY_EXPIRED' || body.code === 'API_KEY_REVOKED' ? body.code : 'INVALID_TOKEN';
      throw new GatewayRefusal(code, typeof body.message === 'string' ? body.message : 'The API key was refused', 401);
    }
    return assertValidIdentity(body.identity as Identity);
  }
}

/** The check's URL beside a subgraph's GraphQL URL. */
export function apiKeyCheckUrl(subgraphUrl: string): string {
  return new URL(API_KEY_CHECK_PATH, subgraphUrl).toString();
}
