import http from 'node:http';
import { pipeline } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import { AuthConfig, GATEWAY_IDENTITY_HEADER, signGatewayIdentity } from '@funds/auth';
import { MEMBER_EXPORT_PATH, NEXT_AFTER_HEADER, noteCaller, sendGraphQLError } from '@funds/graphql-kit';
import { createContext } from './context';
import type { ApiKeyCheck } from './api-keys';
import type { ScopeNodeCheck } from './scope-check';
import { GatewayRefusal } from './refusal';
import { deadlineOf } from './deadline';

/** Membership's answer headers the client gets as they are. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'retry-after', NEXT_AFTER_HEADER];

/** Kept-alive connections to membership: an export is many pages in a row. */
const agent = new http.Agent({ keepAlive: true });

/** `Link: <...>; rel="next"`: this request's own address with `after` set to the next page's cursor. */
function nextLink(req: Request, after: string): string {
  const url = new URL(req.originalUrl, 'http://gateway');
  url.searchParams.set('after', after);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

export interface MemberExportOptions {
  /** membership's GraphQL address; its internal route is on the same origin. */
  membershipUrl: string;
  auth: AuthConfig;
  apiKeys: ApiKeyCheck;
  scopeCheck: ScopeNodeCheck;
}

/**
 * GET /exports/members.csv?areaId=&first=&after=&status=: one page of an area's members as CSV,
 * for partner systems and admins, without GraphQL execution. The caller is authenticated as on
 * /graphql (the same context: bearer token, OIDC, API key; the same scope node check; gateway.ts
 * mounts the same rate limit and time limit in front), its identity signed as for subgraph
 * requests, and membership's /internal answer piped to the client unparsed: status, CSV or coded
 * JSON error, X-Next-After, plus a Link to the next page built from it.
 */
export function memberExportHandler(options: MemberExportOptions): RequestHandler {
  const upstream = new URL(`/internal${MEMBER_EXPORT_PATH}`, options.membershipUrl);
  return async (req, res, next) => {
    try {
      const context = await createContext(req.headers, options.auth, options.apiKeys);
      res.setHeader('x-request-id', context.requestId);
      noteCaller(req, context.identity);
      if (!context.identity) {
        sendGraphQLError(req, res, 401, 'UNAUTHENTICATED', 'Sign in: send "Authorization: Bearer <token>" or a partner app\'s "X-Api-Key"');
        return;
      }
      await options.scopeCheck.assertScopeNodeExists(context.identity, context.requestId);
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const { signal } = deadlineOf(res);
      const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const outgoing = http.get(
          `${upstream.href}${query}`,
          {
            agent,
            signal,
            headers: {
              [GATEWAY_IDENTITY_HEADER]: signGatewayIdentity(context.identity!, options.auth.gatewaySecret),
              'x-request-id': context.requestId,
            },
          },
          resolve,
        );
        outgoing.once('error', reject);
      });
      if (res.headersSent) {
        // The time limit answered first.
        answer.resume();
        return;
      }
      res.status(answer.statusCode ?? 502);
      for (const name of PASSED_HEADERS) {
        const value = answer.headers[name];
        if (typeof value === 'string') res.setHeader(name, value);
      }
      const after = answer.headers[NEXT_AFTER_HEADER];
      if (typeof after === 'string') res.setHeader('Link', nextLink(req, after));
      // Either side failing or closing (the client going away) ends the other: no connection left half read.
      pipeline(answer, res, () => {});
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof GatewayRefusal) {
        const {
          code,
          details,
          http: answer,
        } = error.extensions as { code: string; details?: Record<string, unknown>; http: { status: number } };
        sendGraphQLError(req, res, answer.status, code, error.message, details);
        return;
      }
      // A connection error (ECONNREFUSED, ECONNRESET, ...): membership could not be asked.
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && code !== 'ABORT_ERR') {
        sendGraphQLError(req, res, 503, 'SERVICE_UNAVAILABLE', 'The export is unavailable right now; try again in a moment');
        return;
      }
      next(error);
    }
  };
}
