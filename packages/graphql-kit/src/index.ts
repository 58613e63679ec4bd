import 'reflect-metadata';
export { DomainError, forbidden, notFound, formatError } from './errors';
export { LoaderRegistry, byKeys, groupByKeys } from './loaders';
export {
  PageArgs,
  PageInfo,
  Page,
  pageSize,
  CursorCodec,
  CursorPart,
  MAX_CURSOR_LENGTH,
  toPage,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  EXPORT_PAGE_SIZE,
  EXPORT_PAGE_FIELDS,
} from './pagination';
export { buildFederatedSchema, assertEveryEntityResolves, FederatedSchemaOptions, ReferenceResolvers, FEDERATION_LINK } from './federation';
export { BaseContext, baseContext, identityFromHeaders } from './context';
export {
  startSubgraphServer,
  SubgraphServerOptions,
  RunningServer,
  GRAPHQL_RESPONSE_JSON,
  responseMediaType,
  sendGraphQLError,
  jsonBody,
  jsonFallbackHandlers,
  keepConnectionsLongerThanClients,
} from './server';
export { connectionNodeFields, connectionType, ConnectionSource } from './connection';
export {
  CSV_BOM,
  CSV_MEDIA_TYPE,
  MEMBER_EXPORT_PATH,
  NEXT_AFTER_HEADER,
  crlfLines,
  csvCell,
  csvGuardSql,
  csvLine,
  csvLineEnds,
  firstCsvLines,
} from './csv';
import './scalars';
export { ServiceStatus, readServiceStatus, serviceStatusResolver } from './service-status';
export { SubgraphService, StartOptions, runSubgraphMain, statusOnlySubgraph } from './service';
export {
  isCalendarDate,
  IsCalendarDate,
  dateArg,
  parseCalendarDate,
  CalendarDay,
  MIN_DATE,
  MAX_DATE,
  Clock,
  systemClock,
  isTimeZone,
  businessToday,
} from './dates';
export {
  NAME_MAX,
  PERSON_NAME_MAX,
  FREE_TEXT_MAX,
  SEARCH_MAX,
  TextResult,
  checkName,
  checkFreeText,
  IsName,
  IsFreeText,
  IsSearchText,
  freeTextArg,
} from './text';
export { refuseUnstorableText } from './input-guard';
export {
  Logger,
  createLogger,
  useLogDestination,
  logLevel,
  maskText,
  serializeError,
  errorMessage,
  internalErrorLogger,
  logInternalError,
  RequestRecord,
  currentRequest,
  requestRecord,
  noteCaller,
  noteErrorCode,
  requestLogging,
  bindRequestRecord,
  requestRecordPlugin,
} from './logging';
export { AuditOptions, AuditTarget, RequestAudit, auditMutationFields, maskArguments, outcomeOf, MASKED } from './audit';
export { NodeLevel, LEVEL_ORDER, LEVEL_WORD } from './scope/levels';
export { NodeRef, ancestorAt } from './scope/node-ref';
export { AncestryColumns, refOf, ancestorRefOf } from './scope/ref-of';
export { Access, assertScopeLevel, hidden } from './scope/access';
export { ScopedRequestContext, scopeLevelLookup, scopedRequestContext } from './scope/scope-level';
export { MoneyType } from './money-type';
export { assertPermissionRows } from './permission-rows';
