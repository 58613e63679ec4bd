export {
  EventDefinition,
  Catalogue,
  CatalogueEvent,
  CatalogueKit,
  EventEnvelope,
  EventType,
  EventVersionError,
  OutboxEvent,
  PayloadOf,
  catalogueKit,
  defineEvent,
} from './catalogue';
export {
  MEMBERSHIP_EVENTS,
  MEMBERSHIP_PRODUCER,
  MembershipCatalogue,
  MembershipEvent,
  MembershipEventType,
  MembershipPayload,
  FundState,
  FundStateValue,
  FundPolicyState,
  GroupState,
  GroupStateValue,
  MemberState,
  MemberStateValue,
  RegionState,
  RegionStateValue,
  PartnerState,
  PartnerLinkState,
  OfficerState,
  ApiKeyState,
  membershipEvents,
} from './membership-events';
export { OUTBOX_CHANNEL, outboxDeliverySql, outboxDeliveryDownSql, recordEvents } from './outbox';
export { EventBatch, EventSource, ConsumerLag } from './transport';
export { PostgresOutboxSource, PostgresOutboxSourceOptions } from './postgres-outbox';
export {
  Consumer,
  ConsumerOptions,
  ConsumerStatus,
  EventHandler,
  consumerTablesSql,
  consumerTablesDownSql,
  consumerTablesPolicySql,
} from './consumer';
export { consumerMetricsText } from './metrics';
export { ConsumerSettings, TransportSettings, membershipConsumerSettings, transportSettings } from './settings';
export {
  JetStreamSource,
  JetStreamSourceOptions,
  NatsSettings,
  OutboxRelay,
  OutboxRelayOptions,
  natsStreamOf,
  natsSubjectOf,
} from './nats-transport';
export { OpenEventSourceOptions, OpenRelayOptions, openEventSource, startOutboxRelay, startServiceRelay } from './event-sources';
