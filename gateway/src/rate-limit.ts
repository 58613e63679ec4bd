import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AuthConfig, bearerToken } from '@funds/auth';
import { loadConfig } from '@funds/config';
import { sendGraphQLError } from '@funds/graphql-kit';
import { userTokenVerifier } from './context';
import { ApiKeyCheck, apiKeyOf } from './api-keys';

export interface RateLimitOptions {
  /** How many requests one client may send per window. */
  points: number;
  /** The window, in seconds. */
  durationSeconds: number;
}

const DEFAULTS = loadConfig({});

/** RATE_LIMIT_POINTS and RATE_LIMIT_DURATION's defaults, 600 requests per 10 s per client (60 a second, in bursts): far above what a person or a test file sends. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { points: DEFAULTS.RATE_LIMIT_POINTS, durationSeconds: DEFAULTS.RATE_LIMIT_DURATION };

/**
 * Who is counted: the subject of a valid token (OIDC or development) or API key (`apikey:<key id>`),
 * else the address the request came from (an invalid key or token too).
 */
async function clientKey(req: Request, auth: AuthConfig, apiKeys?: ApiKeyCheck): Promise<string> {
  try {
    // A partner app is counted by its key id once the key is checked (the request's context reuses that answer).
    const key = apiKeys ? apiKeyOf(req.headers) : null;
    if (key) {
      const given = req.headers['x-request-id'];
      return `subject:${(await apiKeys!.check(key, req.headers, typeof given === 'string' ? given : '')).subject}`;
    }
    const token = bearerToken(req.headers.authorization);
    if (token) return `subject:${(await userTokenVerifier(auth)(token)).subject}`;
  } catch {
    // An invalid token counts against its address (and is refused later with INVALID_TOKEN).
  }
  return `address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * A per-client rate limit in front of GraphQL, with rate-limiter-flexible's in-memory fixed
 * window (one gateway process; its Redis or Postgres stores share one limit between several).
 * Over the limit: HTTP 429, `Retry-After` (seconds), and RATE_LIMITED with details
 * { retryAfterSeconds, limit, windowSeconds }, before the body is read or anything planned.
 */
export function rateLimit(options: RateLimitOptions, auth: AuthConfig, apiKeys?: ApiKeyCheck): RequestHandler {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds });
  return async (req, res, next) => {
    try {
      await limiter.consume(await clientKey(req, auth, apiKeys));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(retryAfterSeconds));
      sendGraphQLError(
        req,
        res,
        429,
        'RATE_LIMITED',
        `Too many requests: at most ${options.points} every ${options.durationSeconds} s per client; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds, limit: options.points, windowSeconds: options.durationSeconds },
      );
      return;
    }
    next();
  };
}
