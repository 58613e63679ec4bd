import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import type { Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { assertApplicationRole, ScopedDatabase } from '@funds/db-kit';
import {
  assertPermissionRows,
  Access,
  assertScopeLevel,
  baseContext,
  buildFederatedSchema,
  Clock,
  createLogger,
  RunningServer,
  serviceStatusResolver,
  startSubgraphServer,
  systemClock,
} from '@funds/graphql-kit';
import { membershipConsumerSettings } from '@funds/events';
import { loadConfig } from '@funds/config';
import type { ReportingContext } from './context';
import { REPORTING_SCHEMA } from './database';
import {
  PORTFOLIO_RESOLVERS,
  PortfolioEntities,
  PortfolioFieldsResolver,
  portfolioReferenceResolvers,
} from './modules/portfolio/portfolio.resolver';
import { EVALUATION_RESOLVERS } from './modules/evaluation/evaluation.resolver';
import { COUNTRY_TIME_ZONES, scopeLevel } from './modules/scope/node-scope';
import { warmPortfolioSnapshots } from './modules/portfolio/snapshot.service';
import { ReportingEventSettings, createReportingConsumers } from './modules/events/events.consumer';

/** Each module's resolvers; a module adds its own here. */
const RESOLVERS = [
  serviceStatusResolver('reportingStatus', 'reporting', REPORTING_SCHEMA),
  ...PORTFOLIO_RESOLVERS,
  PortfolioFieldsResolver,
  ...EVALUATION_RESOLVERS,
] as const;

/** The reporting subgraph's schema (resolvers take what they need from the request's context). */
export async function buildReportingSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const built = await buildFederatedSchema({
    resolvers: RESOLVERS as never,
    orphanedTypes: Object.values(PortfolioEntities),
    referenceResolvers: portfolioReferenceResolvers(),
  });
  assertPermissionRows(built.schema, 'reporting');
  return built;
}

/** The settings of reporting's consumers (EVENTS_* settings): membership's outbox where EVENTS_MEMBERSHIP_OUTBOX_URL says, the books' in this database. */
export function reportingEventSettings(): ReportingEventSettings {
  const settings = membershipConsumerSettings();
  return {
    pollIntervalMs: settings.pollIntervalMs,
    batchSize: settings.batchSize,
    transport: settings.transport,
    membership: { outboxUrl: settings.outboxUrl },
    books: {},
  };
}

export interface ReportingServerOptions {
  /** Connected as the application role (row-level security binds it). */
  dataSource: DataSource;
  gatewaySecret: string;
  port: number;
  host?: string;
  /** Where "today" comes from (tests fix the instant). */
  clock?: Clock;
  /** How the consumers of membership's and the books' events run (EVENTS_* settings unless given); false: none in this process. */
  events?: ReportingEventSettings | false;
  /** How often today's snapshots are warmed, in ms (REPORTING_WARM_INTERVAL_MS unless given); 0: never. */
  warmIntervalMs?: number;
}

/** The day an instant falls on in a country (its zone; UTC for a country with none). */
export function dayIn(countryCode: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: COUNTRY_TIME_ZONES[countryCode] ?? 'UTC' }).format(at);
}

/** Warms today's snapshots now and every `intervalMs` (one round at a time); nothing when 0. */
function startWarmer(database: ScopedDatabase, clock: Clock, intervalMs: number, onError: (error: unknown) => void) {
  if (intervalMs <= 0) return { stop: async () => undefined };
  let round: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = () => {
    round = warmPortfolioSnapshots(database, (country) => dayIn(country, clock.now())).catch((error: unknown) => {
      if (!stopped) onError(error);
    });
  };
  const timer = setInterval(() => void round.then(() => (stopped ? undefined : run())), intervalMs);
  timer.unref();
  run();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}

export async function startReportingServer(options: ReportingServerOptions): Promise<RunningServer> {
  await assertApplicationRole(options.dataSource, REPORTING_SCHEMA);
  const { schema } = await buildReportingSchema();
  const database = new ScopedDatabase(options.dataSource);
  const clock = options.clock ?? systemClock;
  const logger = createLogger('reporting');
  // The read models follow membership's and the books' events, applied in this process (modules/events).
  const events =
    options.events === false
      ? null
      : await createReportingConsumers(options.dataSource, options.events ?? reportingEventSettings(), (error) =>
          logger.warn({ err: error }, 'event consumer: a batch failed; it is read again'),
        );
  events?.start();
  const warmer = startWarmer(database, clock, options.warmIntervalMs ?? loadConfig().REPORTING_WARM_INTERVAL_MS, (error) =>
    logger.warn({ err: error }, 'snapshot warmer: a round failed; it runs again at the next interval'),
  );
  const server = await startSubgraphServer<ReportingContext>(
    {
      name: 'reporting',
      schema,
      logger,
      healthCheck: async () => {
        await options.dataSource.query('SELECT 1');
      },
      healthDetails: events ? () => events.health() : undefined,
      metrics: events ? () => events.metrics() : undefined,
      createContext: async (req: Request) => {
        const base = baseContext(req.headers, options.gatewaySecret);
        const { scopeNodeId, role } = base.identity;
        const level = scopeNodeId ? await scopeLevel(database, { scopeNodeId, role }) : null;
        if (level) assertScopeLevel(base.identity, level);
        const access = new Access(base.identity, level);
        return { ...base, access, clock, db: database.as(access.dbScope) };
      },
    },
    options.port,
    options.host,
  );
  return {
    ...server,
    stop: async () => {
      await warmer.stop();
      await events?.stop();
      await server.stop();
    },
  };
}
