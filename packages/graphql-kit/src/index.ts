import 'reflect-metadata';
export { DomainError, forbidden, notFound, formatError } from './errors';
export { LoaderRegistry, byKeys, groupByKeys } from './loaders';
export {
  PageArgs,
  PageInfo,
  Page,
  pageSize,
  encodeCursor,
  decodeCursor,
  toPage,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './pagination';
export { buildFederatedSchema, FederatedSchemaOptions, ReferenceResolvers, FEDERATION_LINK } from './federation';
export { BaseContext, baseContext, identityFromHeaders } from './context';
export { startSubgraphServer, SubgraphServerOptions, RunningServer } from './server';
export { connectionType, ConnectionSource } from './connection';
export { LocalDate } from './scalars';
export { ServiceStatus, readServiceStatus, serviceStatusResolver } from './service-status';
export { SubgraphService, StartOptions, runSubgraphMain, statusOnlySubgraph } from './service';
