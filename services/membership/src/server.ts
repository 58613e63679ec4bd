import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import express from 'express';
import type { Request } from 'express';
import { AuthError } from '@funds/auth';
import { assertApplicationRole, isUuid, ScopedDatabase } from '@funds/db-kit';
import {
  buildFederatedSchema,
  Clock,
  createLogger,
  RunningServer,
  scopedRequestContext,
  startSubgraphServer,
  systemClock,
} from '@funds/graphql-kit';
import type { GraphQLSchema } from 'graphql';
import { ConsumerSettings, MEMBERSHIP_PRODUCER, consumerMetricsText, membershipConsumerSettings, startServiceRelay } from '@funds/events';
import { enforceFieldRules } from './access/field-rules';
import type { MembershipContext } from './context';
import { HierarchyRepository } from './modules/hierarchy/hierarchy.repository';
import { NodeLevel } from './modules/hierarchy/hierarchy.enums';
import {
  CountryResolver,
  CountyResolver,
  FundResolver,
  GroupResolver,
  HierarchyQueryResolver,
  ProvinceResolver,
  VillageResolver,
  hierarchyReferenceResolvers,
} from './modules/hierarchy/hierarchy.resolver';
import { HierarchyService } from './modules/hierarchy/hierarchy.service';
import { NodeQueryResolver, memberReferenceResolvers } from './modules/node/node.resolver';
import { BusinessCalendar } from './modules/hierarchy/business-calendar';
import {
  CountyMembersResolver,
  FundMembersResolver,
  GroupMembersResolver,
  MemberResolver,
  ProvinceMembersResolver,
  VillageMembersResolver,
} from './modules/member/member.resolver';
import { MemberService } from './modules/member/member.service';
import { FundOfficersResolver, OfficerResolver } from './modules/officer/officer.resolver';
import { OfficerService } from './modules/officer/officer.service';
import { PartnerLinkResolver, PartnerResolver, partnerReferenceResolvers } from './modules/partner/partner.resolver';
import { PartnerService } from './modules/partner/partner.service';
import { FundFormationResolver } from './modules/formation/formation.resolver';
import { FormationService } from './modules/formation/formation.service';
import { Province } from './modules/hierarchy/province.entity';
import { County } from './modules/hierarchy/county.entity';
import { Village } from './modules/hierarchy/village.entity';
import { Fund } from './modules/hierarchy/fund.entity';
import { Group } from './modules/hierarchy/group.entity';
import { Member } from './modules/member/member.entity';
import { AuditQueryResolver } from './modules/audit/audit.resolver';
import { ApiKeyResolver } from './modules/api-key/api-key.resolver';
import { ApiKeyService } from './modules/api-key/api-key.service';
import { apiKeyCheckRoutes } from './modules/api-key/api-key.routes';
import { memberExportRoutes } from './modules/member/member-export.routes';
import { auditTargetOf, scopeAncestry } from './modules/audit/audit.loaders';
import { MEMBERSHIP_SCHEMA } from './database';

const RESOLVERS = [
  NodeQueryResolver,
  HierarchyQueryResolver,
  ProvinceResolver,
  CountyResolver,
  VillageResolver,
  FundResolver,
  GroupResolver,
  CountryResolver,
  MemberResolver,
  FundMembersResolver,
  GroupMembersResolver,
  ProvinceMembersResolver,
  CountyMembersResolver,
  VillageMembersResolver,
  OfficerResolver,
  FundOfficersResolver,
  PartnerResolver,
  PartnerLinkResolver,
  FundFormationResolver,
  AuditQueryResolver,
  ApiKeyResolver,
] as const;

/**
 * The membership subgraph's schema; with no data source it is only printed (services are not
 * called). `clock` is where business dates come from (tests fix the instant).
 */
export async function buildMembershipSchema(ds?: DataSource, clock: Clock = systemClock): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const calendar = new BusinessCalendar(clock);
  const db = ds ? new ScopedDatabase(ds) : null;
  const services = db
    ? new Map<Function, unknown>([
        [BusinessCalendar, calendar],
        [HierarchyService, new HierarchyService(db)],
        [MemberService, new MemberService(db, calendar)],
        [OfficerService, new OfficerService(db, calendar)],
        [PartnerService, new PartnerService(db)],
        [FormationService, new FormationService(db, calendar)],
        [ApiKeyService, new ApiKeyService(db, clock)],
      ])
    : new Map<Function, unknown>();
  const built = await buildFederatedSchema({
    resolvers: RESOLVERS as never,
    orphanedTypes: [Province, County, Village, Fund, Group, Member],
    referenceResolvers: { ...hierarchyReferenceResolvers(), ...memberReferenceResolvers(), ...partnerReferenceResolvers() },
    container: { get: (cls: Function) => construct(cls, services) },
    auditMutations: true,
  });
  return { ...built, schema: enforceFieldRules(built.schema) };
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

/** Scope levels never change (a county stays a county), so they are cached per process. */
const scopeLevels = new Map<string, NodeLevel>();

async function scopeLevel(db: ScopedDatabase, identity: { scopeNodeId: string; role: string }): Promise<NodeLevel> {
  const nodeId = identity.scopeNodeId;
  const known = scopeLevels.get(nodeId);
  if (known) return known;
  if (!isUuid(nodeId)) throw new AuthError('INVALID_TOKEN', `The token's scope node ${nodeId} does not exist`);
  // A database error is not a bad token: it propagates (the request fails as unavailable, and the
  // gateway's scope check answers SERVICE_UNAVAILABLE), never INVALID_TOKEN. Read in the caller's
  // own scope: its node is the one row of its level it can always see.
  const [ref] = await db.read({ nodeId, role: identity.role }, (em) => new HierarchyRepository(em).locate([nodeId]));
  if (!ref || ref.level === NodeLevel.MEMBER) throw new AuthError('INVALID_TOKEN', `The token's scope node ${nodeId} does not exist`);
  scopeLevels.set(nodeId, ref.level);
  return ref.level;
}

export interface MembershipServerOptions {
  dataSource: DataSource;
  gatewaySecret: string;
  port: number;
  host?: string;
  /** Where "now" comes from for business dates (default: the system clock). */
  clock?: Clock;
  /**
   * How membership's outbox is relayed to NATS JetStream when the transport is nats (EVENTS_*
   * settings unless given; with the Postgres transport consumers read the outbox and there is no
   * relay); false: none in this process.
   */
  relay?: Omit<ConsumerSettings, 'outboxUrl'> | false;
}

export async function startMembershipServer(options: MembershipServerOptions): Promise<RunningServer> {
  await assertApplicationRole(options.dataSource, MEMBERSHIP_SCHEMA);
  const { schema } = await buildMembershipSchema(options.dataSource, options.clock);
  const database = new ScopedDatabase(options.dataSource);
  const auditOptions = { schema: MEMBERSHIP_SCHEMA, database, targetOf: auditTargetOf, scopeAncestry };
  const logger = createLogger('membership');
  const settings = options.relay === false ? null : (options.relay ?? membershipConsumerSettings());
  const relay = settings
    ? await startServiceRelay({
        producer: MEMBERSHIP_PRODUCER,
        schema: MEMBERSHIP_SCHEMA,
        database,
        connection: options.dataSource.options,
        settings,
        logger,
      })
    : null;
  // One request's context, for /graphql and the internal export route alike: the gateway's signed identity, its scope, access and scoped database.
  const createContext: (req: Request) => Promise<MembershipContext> = scopedRequestContext({
    gatewaySecret: options.gatewaySecret,
    database,
    audit: auditOptions,
    scopeLevel,
  });
  const server = await startSubgraphServer<MembershipContext>(
    {
      name: 'membership',
      schema,
      logger,
      healthCheck: async () => {
        await options.dataSource.query('SELECT 1');
      },
      // The relay's backlog (outbox events not yet on the broker), as a consumer's lag.
      healthDetails: relay ? async () => ({ relay: [await relay.health()] }) : undefined,
      metrics: relay ? async () => consumerMetricsText([await relay.status()]) : undefined,
      internalRoutes: express
        .Router()
        .use(apiKeyCheckRoutes(new ApiKeyService(database, options.clock), options.gatewaySecret))
        .use(memberExportRoutes(createContext)),
      createContext,
    },
    options.port,
    options.host,
  );
  return {
    ...server,
    stop: async () => {
      await relay?.close();
      await server.stop();
    },
  };
}
