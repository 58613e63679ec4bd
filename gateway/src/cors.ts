import type { RequestHandler } from 'express';
import cors from 'cors';
import { parseOrigin } from '@funds/config';
import { sendGraphQLError } from '@funds/graphql-kit';

/**
 * CORS for /graphql with the `cors` package. A browser app on an allowed origin gets its
 * preflight answered 204 with the allow headers (methods, Content-Type, Authorization and the
 * headers Apollo's CSRF prevention asks for), and every answer, errors included, readable. A
 * preflight from any other origin is refused with 403 CORS_ORIGIN_NOT_ALLOWED and no allow
 * headers; its requests get no allow headers, so the browser keeps their answers from the app.
 * Tokens travel in Authorization, never cookies: no credentials.
 */
export function corsHandlers(origins: readonly string[]): RequestHandler[] {
  const allowed = new Set(origins.map(parseOrigin));
  const allowAllowed = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept', 'X-Request-Id', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  const refuseOtherPreflights: RequestHandler = (req, res, next) => {
    if (req.method !== 'OPTIONS' || !req.headers.origin) {
      next();
      return;
    }
    sendGraphQLError(
      req,
      res,
      403,
      'CORS_ORIGIN_NOT_ALLOWED',
      'Browser apps on this origin may not call the API: ask for the origin to be allowed (CORS_ORIGINS)',
    );
  };
  // Answers differ by Origin: say so to caches, for allowed and refused origins alike.
  const varyByOrigin: RequestHandler = (_req, res, next) => {
    res.vary('Origin');
    next();
  };
  return [varyByOrigin, allowAllowed, refuseOtherPreflights];
}
