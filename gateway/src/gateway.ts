import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import type { AuthConfig } from '@funds/auth';
import type { TrustProxy } from '@funds/config';
import {
  Logger,
  bindRequestRecord,
  createLogger,
  currentRequest,
  internalErrorLogger,
  jsonBody,
  jsonFallbackHandlers,
  MEMBER_EXPORT_PATH,
  keepConnectionsLongerThanClients,
  noteCaller,
  noteErrorCode,
  requestLogging,
  requestRecordPlugin,
} from '@funds/graphql-kit';
import { GatewayContext, createContext, identityRequired, runnableOperation, userTokenVerifier } from './context';
import { requestRulesPlugin } from './refusal';
import { validInputs } from './inputs';
import { costWithin } from './cost';
import { corsHandlers } from './cors';
import { DEFAULT_RATE_LIMIT, RateLimitOptions, rateLimit } from './rate-limit';
import { ScopeCheckOptions, ScopeNodeCheck } from './scope-check';
import { ApiKeyCheck, apiKeyCheckUrl } from './api-keys';
import { formatGatewayError } from './format-error';
import { queryLimits, refuseTooManyTokens } from './limits';
import { DEVELOPMENT_SECURITY, GatewaySecurity } from './config';
import { introspectionAllowed } from './introspection';
import { afterDeadline, deadlineOf, ignoreAfterDeadline, requestDeadline, stopAfterDeadline } from './deadline';
import { finishMessage } from './error-messages';
import { IdentityForwardingDataSource, SubgraphEndpoint, checkSubgraphs, subgraphEndpoints } from './subgraphs';
import { evaluationCsvHandler } from './reports';
import { memberExportHandler } from './exports';
import { dashboardRoutes } from './dashboard';
import { CONSOLE_CSP, loadExamples, renderConsolePage } from './console/console-page';
import { ExecutedOperation, operationHook } from './operation-hook';

export interface GatewayOptions {
  port: number;
  /** Interface to listen on; 127.0.0.1 unless given. */
  host?: string;
  /** The supergraph composed at build time (schema/supergraph.graphql); never composed here. */
  supergraphSdl: string;
  /** Subgraph URLs by subgraph name (`membership`, `savings_loan`, ...), replacing the supergraph's. */
  subgraphUrls?: Record<string, string>;
  auth: AuthConfig;
  /** Told about every executed operation; tests record field coverage with it (never set in production). */
  onOperation?: (operation: ExecutedOperation) => void;
  /**
   * Introspection, suggestions, CSRF prevention, body size, time limit and query limits
   * (securityFrom(config): MODE=production turns them on); DEVELOPMENT_SECURITY unless given.
   */
  security?: GatewaySecurity;
  /** Origins whose browser apps may call /graphql (CORS), like https://app.example.org; none unless given. */
  corsOrigins?: string[];
  /** Requests per client (token subject, else address) and window; DEFAULT_RATE_LIMIT unless given, false for none. */
  rateLimit?: RateLimitOptions | false;
  /**
   * TRUST_PROXY: the proxies whose X-Forwarded-For gives the client's address (express's `trust
   * proxy`: their number, or their addresses and CIDR ranges); none unless given, so a client
   * without a token is counted by the socket's address.
   */
  trustProxy?: TrustProxy;
  /** How the scope node of a token is checked (see ScopeNodeCheck): the `membership` subgraph, 60 s cache, unless given. */
  scopeCheck?: ScopeCheckOptions;
  /** Where the request lines and internal errors go; a JSON logger on stdout at LOG_LEVEL unless given. */
  logger?: Logger;
  /** How long startGateway waits for every subgraph's /health before reporting (30 s unless given; 0: one check). */
  readyTimeoutMs?: number;
  /** The dashboard's built files (apps/dashboard/dist unless given), served at /dashboard. */
  dashboardDir?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Whether every subgraph answered healthy before startGateway returned (see readyTimeoutMs). */
  ready: boolean;
  stop(): Promise<void>;
}

/**
 * The public entry point: POST/GET /graphql (federated through the subgraphs, each fetch
 * carrying the caller's identity signed by the gateway), the GraphiQL console on GET /graphql
 * for browsers, the members export on GET /exports/members.csv, the dashboard's files on GET /dashboard, GET /health (each subgraph's state) and GET /ready (200 only when all are up).
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  userTokenVerifier(options.auth); // made now: a bad OIDC_JWKS_FILE stops the gateway here
  const subgraphs = subgraphEndpoints(options.supergraphSdl, options.subgraphUrls);
  const urlOf = new Map(subgraphs.map((s) => [s.name, s.url]));
  const scopeSubgraph = options.scopeCheck?.subgraph ?? 'membership';
  const scopeSubgraphUrl = urlOf.get(scopeSubgraph);
  if (!scopeSubgraphUrl) throw new Error(`The supergraph has no '${scopeSubgraph}' subgraph to check tokens' scope nodes with`);
  const logger = options.logger ?? createLogger('gateway');
  const scopeCheck = new ScopeNodeCheck(scopeSubgraphUrl, options.auth.gatewaySecret, options.scopeCheck, (message, error) =>
    logger.error({ requestId: currentRequest()?.requestId, err: error }, message),
  );
  // Partner apps' API keys are checked by the hierarchy's subgraph on every request (no cache: a revocation holds at once).
  const apiKeys = new ApiKeyCheck(apiKeyCheckUrl(scopeSubgraphUrl), options.auth.gatewaySecret, {}, (message, error) =>
    logger.error({ requestId: currentRequest()?.requestId, err: error }, message),
  );
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new IdentityForwardingDataSource(urlOf.get(name) ?? url ?? '', options.auth.gatewaySecret),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  const httpServer = http.createServer(app);
  // Idle connections outlive a load balancer's or client's pool (60 s is common), as the subgraphs' do.
  keepConnectionsLongerThanClients(httpServer);
  const security = options.security ?? DEVELOPMENT_SECURITY;
  const limits = queryLimits(security.limits);
  const logInternal = internalErrorLogger(logger);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Who may introspect is introspectionAllowed's rule (INTROSPECTION): admins need it in production.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Never: a JSON array body is refused with 400 BAD_REQUEST. Mutations over GET are refused by Apollo (405).
    allowBatchedHttpRequests: false,
    csrfPrevention: security.csrfPrevention,
    hideSchemaDetailsFromClientErrors: !security.fieldSuggestions,
    validationRules: limits.validationRules,
    formatError: (formatted, error) => {
      const answered = finishMessage(formatGatewayError(formatted, error, logInternal), security);
      noteErrorCode(answered.extensions?.code);
      return answered;
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Answers are per caller and never cached: no cache-control policy to compute for each.
      ApolloServerPluginCacheControlDisabled(),
      requestRecordPlugin<GatewayContext>(),
      requestRulesPlugin([
        runnableOperation,
        identityRequired,
        introspectionAllowed(security.introspection),
        validInputs,
        costWithin(security.limits),
      ]),
      ...limits.plugins,
      ...(options.onOperation ? [operationHook<GatewayContext>(options.onOperation)] : []),
    ],
  });
  await apollo.start();

  const consolePage = Buffer.from(renderConsolePage(loadExamples()));

  // First: the request id (the caller's well-formed x-request-id or a new one) and one log line per request.
  app.use(requestLogging(logger));

  // Each subgraph ok/down, and what is down: `membership.database`, or `membership` when it does not answer.
  app.get('/health', async (_req, res) => {
    const { healthy, subgraphs: status, down } = await checkSubgraphs(subgraphs);
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'unavailable', subgraphs: status, ...(healthy ? {} : { down }) });
  });
  // Readiness (for a load balancer or orchestrator): ready only when every subgraph is healthy.
  app.get('/ready', async (_req, res) => {
    const { healthy, down } = await checkSubgraphs(subgraphs);
    if (!healthy) logger.warn({ down }, 'not ready');
    res.status(healthy ? 200 : 503).json(healthy ? { status: 'ready' } : { status: 'unavailable', down });
  });
  app.get('/', (_req, res) => res.redirect('/graphql'));
  // The provincial dashboard (apps/dashboard): static files only; the page reads /graphql like any app.
  app.use(dashboardRoutes(options.dashboardDir));
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') return next();
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CONSOLE_CSP, 'Cache-Control': 'no-cache' });
    res.send(consolePage);
  });
  // One budget per client for /graphql and the export route together.
  const limited = options.rateLimit === false ? [] : [rateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT, options.auth, apiKeys)];
  app.use(
    '/graphql',
    ...corsHandlers(options.corsOrigins ?? []),
    ...limited,
    requestDeadline(security.requestTimeoutMs),
    ...jsonBody(`${security.bodyLimitBytes}b`),
    stopAfterDeadline,
    refuseTooManyTokens(security.limits.maxTokens),
    bindRequestRecord(),
    afterDeadline(
      expressMiddleware(apollo, {
        context: async ({ req, res }) => {
          const context = await createContext(req.headers, options.auth, apiKeys);
          res.setHeader('x-request-id', context.requestId);
          noteCaller(req, context.identity);
          if (context.identity) await scopeCheck.assertScopeNodeExists(context.identity, context.requestId);
          return { ...context, signal: deadlineOf(res).signal };
        },
      }),
    ),
  );

  // The evaluation report as CSV: the same operation through this gateway's own /graphql, for the caller.
  let selfUrl = '';
  app.get(
    '/reports/evaluation.csv',
    evaluationCsvHandler(() => selfUrl),
  );

  // The members export (CSV), piped from membership without GraphQL execution; authenticated, limited and timed as /graphql.
  app.get(
    MEMBER_EXPORT_PATH,
    ...limited,
    requestDeadline(security.requestTimeoutMs),
    stopAfterDeadline,
    memberExportHandler({ membershipUrl: urlOf.get('membership') ?? scopeSubgraphUrl, auth: options.auth, apiKeys, scopeCheck }),
  );

  // Unknown routes, unreadable bodies and anything unexpected: coded JSON errors, never HTML.
  app.use(ignoreAfterDeadline, ...jsonFallbackHandlers(logInternal));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
  selfUrl = host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${port}/graphql` : url;
  const ready = await waitUntilReady(subgraphs, logger, url, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  return { url, port, ready, stop: () => apollo.stop() };
}

/** How long startGateway waits for every subgraph's /health before it reports (30 s unless given). */
const DEFAULT_READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 250;

/**
 * Polls the subgraphs' /health until all answer 200, then logs `gateway ready`; after `timeoutMs`
 * it logs `gateway not ready` naming what is down and goes on serving (GET /ready tells when).
 */
async function waitUntilReady(subgraphs: SubgraphEndpoint[], logger: Logger, url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const origin = url.replace(/\/graphql$/, '');
  for (;;) {
    const { healthy, down } = await checkSubgraphs(subgraphs, Math.min(2000, Math.max(timeoutMs, 1)));
    if (healthy) {
      logger.info({ url, health: `${origin}/health`, ready: `${origin}/ready` }, 'gateway ready');
      return true;
    }
    if (Date.now() + READY_POLL_MS > deadline) {
      logger.warn({ url, down, waitedMs: timeoutMs }, 'gateway not ready: serving, GET /ready answers 503 until every subgraph is up');
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}
