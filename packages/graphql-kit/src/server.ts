import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import { AuthError } from '@funds/auth';
import { formatError } from './errors';
import {
  Logger,
  bindRequestRecord,
  createLogger,
  internalErrorLogger,
  logInternalError,
  noteCaller,
  noteErrorCode,
  requestLogging,
  requestRecordPlugin,
} from './logging';

/** Larger than the gateway's own limit: the gateway's plans may add entity representations. */
const SUBGRAPH_BODY_LIMIT = '2mb';

export interface SubgraphServerOptions<C extends object> {
  name: string;
  schema: GraphQLSchema;
  createContext: (req: express.Request) => Promise<C>;
  /** Throws when the service cannot serve (database down). */
  healthCheck: () => Promise<void>;
  /** More for GET /health when the service is up (e.g. its event consumers' lag); informative, never a 503 by itself. */
  healthDetails?: () => Promise<Record<string, unknown>>;
  /** Served at GET /metrics (Prometheus text format) when given. */
  metrics?: () => Promise<string>;
  plugins?: ApolloServerPlugin<C>[];
  /** Where the request lines and internal errors go; createLogger(name) (stdout at LOG_LEVEL) unless given. */
  logger?: Logger;
  /** Routes for the gateway only (not part of the graph), mounted at /internal; each checks the gateway's signature itself. */
  internalRoutes?: express.Router;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * The media type of a JSON answer: `application/graphql-response+json` when the client's
 * `Accept` prefers it, else `application/json` (also for no `Accept`, `* / *`, or anything else).
 */
export function responseMediaType(req: Request): string {
  return req.accepts(['application/json', GRAPHQL_RESPONSE_JSON]) === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : 'application/json';
}

/**
 * Answers with one coded GraphQL error, `{ errors: [{ message, extensions: { code, details? } }] }`,
 * in the media type the client accepts. Every refusal outside GraphQL execution (body, size,
 * charset, route, limits) goes through here, so no answer is ever HTML.
 */
export function sendGraphQLError(
  req: Request,
  res: Response,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): void {
  const body = { errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] };
  noteErrorCode(code, req);
  res
    .status(status)
    .type(`${responseMediaType(req)}; charset=utf-8`)
    .send(JSON.stringify(body));
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * Reads a JSON body of at most `limit` (e.g. '1mb'). A charset other than UTF-8 (the only one the
 * GraphQL-over-HTTP spec requires) is refused with 415 UNSUPPORTED_CHARSET before the body is read.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const utf8Only: RequestHandler = (req, res, next) => {
    const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1].toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      sendGraphQLError(
        req,
        res,
        415,
        'UNSUPPORTED_CHARSET',
        'Send the request body in UTF-8 (Content-Type: application/json; charset=utf-8)',
        {
          charset,
        },
      );
      return;
    }
    next();
  };
  return [utf8Only, express.json({ limit })];
}

interface BodyReadError {
  type?: string;
  status?: number;
  limit?: number;
  charset?: string;
  encoding?: string;
}

/** The coded refusal for an error from reading the body (body-parser's `type`), or null for anything else. */
function bodyRefusal(error: BodyReadError): { status: number; code: string; message: string; details?: Record<string, unknown> } | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' };
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than the limit of ${error.limit} bytes`,
        details: { limit: error.limit },
      };
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_CHARSET', message: 'Send the request body in UTF-8', details: { charset: error.charset } };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_ENCODING',
        message: 'The Content-Encoding of the request body is not supported (use identity, gzip, deflate or br)',
      };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body ended before its Content-Length' };
    default:
      if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return { status: error.status, code: 'BAD_REQUEST', message: 'The request could not be read' };
      }
      return null;
  }
}

/**
 * The last handlers of every app: an unknown route is 404 NOT_FOUND, an unreadable body its
 * coded 4xx, anything else 500 INTERNAL_SERVER_ERROR (logged, never shown). Express's own HTML
 * error page is never reached.
 */
export function jsonFallbackHandlers(log: (e: unknown) => void = logInternalError): [RequestHandler, ErrorRequestHandler] {
  const notFound: RequestHandler = (req, res) => {
    sendGraphQLError(req, res, 404, 'NOT_FOUND', 'Nothing is served at this address; GraphQL is served at /graphql');
  };
  const onError: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const refusal = error && typeof error === 'object' ? bodyRefusal(error as BodyReadError) : null;
    if (refusal) {
      sendGraphQLError(req, res, refusal.status, refusal.code, refusal.message, refusal.details);
      return;
    }
    log(error);
    sendGraphQLError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
  return [notFound, onError];
}

/**
 * A subgraph's HTTP server: POST /graphql (only for requests carrying the gateway's signed
 * identity), GET /health and, when given, GET /metrics. Built here so every service answers the same way.
 */
export async function startSubgraphServer<C extends object>(
  options: SubgraphServerOptions<C>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  keepConnectionsLongerThanClients(httpServer);
  const logger = options.logger ?? createLogger(options.name);
  const logInternal = internalErrorLogger(logger);
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const answered = formatError(formatted, error, logInternal);
      noteErrorCode(answered.extensions?.code);
      return answered;
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP caching of answers (no @cacheControl hints anywhere): without it Apollo Server wraps
      // every field's resolver to collect hints, a cost per field and per row (B4's pages of 500 members).
      ApolloServerPluginCacheControlDisabled(),
      requestRecordPlugin<C>(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  // Which dependency is down, never why (the reason is logged): 200 or 503 with checks.database.
  app.get('/health', async (_req, res) => {
    try {
      await options.healthCheck();
      const details = options.healthDetails ? await options.healthDetails() : {};
      res.json({ status: 'ok', service: options.name, checks: { database: 'ok' }, ...details });
    } catch (error) {
      // The reason (a database error) is for the log, not for whoever asks.
      logger.warn({ check: 'database', err: error }, 'health check failed');
      res.status(503).json({ status: 'unavailable', service: options.name, checks: { database: 'down' } });
    }
  });
  const metrics = options.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      try {
        res.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics());
      } catch (error) {
        logger.warn({ check: 'metrics', err: error }, 'metrics failed');
        res.status(503).type('text/plain; charset=utf-8').send('# metrics unavailable\n');
      }
    });
  }
  if (options.internalRoutes) app.use('/internal', ...jsonBody(SUBGRAPH_BODY_LIMIT), options.internalRoutes);
  app.use(
    '/graphql',
    ...jsonBody(SUBGRAPH_BODY_LIMIT),
    bindRequestRecord(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          const context = await options.createContext(req);
          noteCaller(req, (context as { identity?: { subject?: unknown; role?: unknown } }).identity);
          return context;
        } catch (error) {
          if (error instanceof AuthError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );
  app.use(...jsonFallbackHandlers(logInternal));
  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const actual = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}/graphql`,
    port: actual,
    stop: async () => {
      await apollo.stop();
    },
  };
}

/**
 * Keeps idle keep-alive connections open longer (65 s) than the gateway's HTTP client keeps them
 * in its pool (a few seconds). With Node's default of 5 s the server could close a connection the
 * client was just reusing for a request, which then failed with "socket hang up", most often on a
 * loaded machine where the client's own idle timer fires late.
 */
export function keepConnectionsLongerThanClients(server: http.Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
