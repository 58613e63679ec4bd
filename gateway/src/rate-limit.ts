import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AuthConfig, bearerToken, verifyUserToken } from '@funds/auth';
import { sendGraphQLError } from '@funds/graphql-kit';

export interface RateLimitOptions {
  /** How many requests one client may send per window. */
  points: number;
  /** The window, in seconds. */
  durationSeconds: number;
}

/** 600 requests per 10 s per client (60 a second, in bursts): far above what a person or a test file sends. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { points: 600, durationSeconds: 10 };

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0; got '${raw}'`);
  return value;
}

/** RATE_LIMIT_POINTS requests per RATE_LIMIT_DURATION seconds per client; DEFAULT_RATE_LIMIT for what is not set. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitOptions {
  return {
    points: positiveInteger(env, 'RATE_LIMIT_POINTS', DEFAULT_RATE_LIMIT.points),
    durationSeconds: positiveInteger(env, 'RATE_LIMIT_DURATION', DEFAULT_RATE_LIMIT.durationSeconds),
  };
}

/** Who is counted: the subject of a valid token, else the address the request came from. */
function clientKey(req: Request, auth: AuthConfig): string {
  try {
    const token = bearerToken(req.headers.authorization);
    if (token) return `subject:${verifyUserToken(token, auth.userTokenSecret, auth.maxTokenLifetimeSeconds).subject}`;
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
export function rateLimit(options: RateLimitOptions, auth: AuthConfig): RequestHandler {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds });
  return async (req, res, next) => {
    try {
      await limiter.consume(clientKey(req, auth));
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
