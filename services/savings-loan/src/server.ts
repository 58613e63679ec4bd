import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import type { GraphQLSchema } from 'graphql';
import { assertApplicationRole, ScopedDatabase } from '@funds/db-kit';
import {
  assertPermissionRows,
  buildFederatedSchema,
  Clock,
  createLogger,
  RunningServer,
  scopedRequestContext,
  serviceStatusResolver,
  startSubgraphServer,
  systemClock,
} from '@funds/graphql-kit';
import { ConsumerSettings, ConsumerStatus, consumerMetricsText, membershipConsumerSettings, startServiceRelay } from '@funds/events';
import type { SavingsLoanContext } from './context';
import { SAVINGS_LOAN_SCHEMA } from './database';
import { BusinessDays } from './modules/ledger/business-days';
import { FundBooksEntity, GroupBooksEntity, MemberBooksEntity, booksReferenceResolvers } from './modules/ledger/books.types';
import {
  FundBooksFieldsResolver,
  FundBooksResolver,
  GroupBooksResolver,
  JournalEntryResolver,
  LedgerMutationResolver,
  MemberBooksResolver,
} from './modules/ledger/ledger.resolver';
import { LedgerService } from './modules/ledger/ledger.service';
import { SavingsResolver } from './modules/savings/savings.resolver';
import { SavingsService } from './modules/savings/savings.service';
import { SavingsTermsFieldResolver, SharesResolver } from './modules/shares/shares.resolver';
import { SharesService } from './modules/shares/shares.service';
import {
  GroupMeetingsResolver,
  MeetingFieldsResolver,
  MeetingLineFieldsResolver,
  MeetingResolver,
} from './modules/meeting/meeting.resolver';
import { MeetingService } from './modules/meeting/meeting.service';
import {
  CapitalResolver,
  FundCapitalResolver,
  PartnerCapitalResolver,
  capitalReferenceResolvers,
} from './modules/capital/capital.resolver';
import { CapitalService } from './modules/capital/capital.service';
import { PartnerCapitalEntity } from './modules/capital/capital.types';
import { allocateByRatios } from './modules/capital/capital.allocate';
import { CycleResolver, FundCyclesResolver, SavingsCycleFieldsResolver } from './modules/cycle/cycle.resolver';
import { CycleService } from './modules/cycle/cycle.service';
import { shareOutByShares } from './modules/cycle/cycle.share-out';
import { FundLoansResolver, LoanFieldsResolver, LoanMutationResolver, MemberLoansResolver } from './modules/loan/loan.resolver';
import { LoanService } from './modules/loan/loan.service';
import { auditTargetOf, scopeAncestry, scopeLevel } from './modules/scope/fund-scope';
import { createReferenceConsumer } from './modules/reference/reference.consumer';

/** The books' events' producer name (reporting reads them as `savings-loan`; the stream FUNDS_EVENTS_SAVINGS_LOAN). */
export const SAVINGS_LOAN_PRODUCER = 'savings-loan';

/** Each module's resolvers; a module adds its own here (and its service to `services` below). */
const RESOLVERS = [
  serviceStatusResolver('savingsLoanStatus', 'savings-loan', SAVINGS_LOAN_SCHEMA),
  FundBooksResolver,
  FundBooksFieldsResolver,
  GroupBooksResolver,
  MemberBooksResolver,
  JournalEntryResolver,
  LedgerMutationResolver,
  SavingsResolver,
  SharesResolver,
  SavingsTermsFieldResolver,
  MeetingResolver,
  MeetingFieldsResolver,
  MeetingLineFieldsResolver,
  GroupMeetingsResolver,
  CapitalResolver,
  FundCapitalResolver,
  PartnerCapitalResolver,
  CycleResolver,
  FundCyclesResolver,
  SavingsCycleFieldsResolver,
  LoanMutationResolver,
  LoanFieldsResolver,
  FundLoansResolver,
  MemberLoansResolver,
] as const;

/** The services each resolver's constructor may ask for, by class. */
function serviceMap(db: ScopedDatabase, clock: Clock): Map<Function, unknown> {
  const days = new BusinessDays(clock);
  return new Map<Function, unknown>([
    [BusinessDays, days],
    [LedgerService, new LedgerService(db, days)],
    [SavingsService, new SavingsService(db, days)],
    [SharesService, new SharesService(db, days)],
    [MeetingService, new MeetingService(db, days)],
    [CapitalService, new CapitalService(db, days, allocateByRatios)],
    [CycleService, new CycleService(db, days, shareOutByShares)],
    [LoanService, new LoanService(db, days)],
  ]);
}

/**
 * The savings-loan subgraph's schema; with no data source it is only printed. `clock` is where
 * business dates come from (tests fix the instant).
 */
export async function buildSavingsLoanSchema(ds?: DataSource, clock: Clock = systemClock): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const services = ds ? serviceMap(new ScopedDatabase(ds), clock) : new Map<Function, unknown>();
  const built = await buildFederatedSchema({
    resolvers: RESOLVERS as never,
    orphanedTypes: [FundBooksEntity, GroupBooksEntity, MemberBooksEntity, PartnerCapitalEntity],
    referenceResolvers: { ...booksReferenceResolvers(), ...capitalReferenceResolvers() },
    container: { get: (cls: Function) => construct(cls, services) },
    auditMutations: true,
  });
  assertPermissionRows(built.schema, 'savings-loan');
  return built;
}

/** Builds a resolver with the services its constructor asks for (by parameter type). */
function construct(cls: Function, services: Map<Function, unknown>): unknown {
  const cached = services.get(cls);
  if (cached) return cached;
  const params: Function[] = Reflect.getMetadata('design:paramtypes', cls) ?? [];
  const instance = new (cls as new (...args: unknown[]) => unknown)(...params.map((p) => services.get(p)));
  services.set(cls, instance);
  return instance;
}

export interface SavingsLoanServerOptions {
  /** Connected as the application role (row-level security binds it). */
  dataSource: DataSource;
  gatewaySecret: string;
  port: number;
  host?: string;
  /** Where "now" comes from for business dates (default: the system clock). */
  clock?: Clock;
  /** How the consumer of membership's events runs (EVENTS_* settings unless given); false: none in this process. */
  events?: ConsumerSettings | false;
}

export async function startSavingsLoanServer(options: SavingsLoanServerOptions): Promise<RunningServer> {
  await assertApplicationRole(options.dataSource, SAVINGS_LOAN_SCHEMA);
  const { schema } = await buildSavingsLoanSchema(options.dataSource, options.clock);
  const database = new ScopedDatabase(options.dataSource);
  const auditOptions = { schema: SAVINGS_LOAN_SCHEMA, database, targetOf: auditTargetOf, scopeAncestry };
  const logger = createLogger('savings-loan');
  // The reference tables follow membership's events, applied in this process (modules/reference).
  const events =
    options.events === false
      ? null
      : await createReferenceConsumer(options.dataSource, options.events ?? membershipConsumerSettings(), (error) =>
          logger.warn({ err: error }, 'event consumer: a batch failed; it is read again'),
        );
  events?.consumer.start();
  // With EVENTS_TRANSPORT=nats, this process relays the books' outbox to JetStream (for reporting).
  const settings = options.events === false ? null : (options.events ?? membershipConsumerSettings());
  const relay = settings
    ? await startServiceRelay({
        producer: SAVINGS_LOAN_PRODUCER,
        schema: SAVINGS_LOAN_SCHEMA,
        database,
        connection: options.dataSource.options,
        settings,
        logger,
      }).catch(async (error: unknown) => {
        await events?.stop();
        throw error;
      })
    : null;
  const relayStatus = async () => {
    if (!relay) return [];
    return [await relay.health()];
  };
  const server = await startSubgraphServer<SavingsLoanContext>(
    {
      name: 'savings-loan',
      schema,
      logger,
      healthCheck: async () => {
        await options.dataSource.query('SELECT 1');
      },
      healthDetails: events ? async () => ({ ...(await events.health()), ...(relay ? { relay: await relayStatus() } : {}) }) : undefined,
      metrics: events
        ? async () => {
            // What cannot be read (the broker or membership's outbox is down) is left out, as on reporting's.
            const statuses = [...(await events.health()).events, ...(await relayStatus())];
            return consumerMetricsText(statuses.filter((s): s is ConsumerStatus => s.lag !== null));
          }
        : undefined,
      createContext: scopedRequestContext({ gatewaySecret: options.gatewaySecret, database, audit: auditOptions, scopeLevel }),
    },
    options.port,
    options.host,
  );
  return {
    ...server,
    stop: async () => {
      await relay?.close();
      await events?.stop();
      await server.stop();
    },
  };
}
