import type { DataSource } from 'typeorm';
import { migrate } from '@funds/db-kit';
import type { SubgraphService } from '@funds/graphql-kit';
import { REPORTING_APPEND_ONLY, REPORTING_SCHEMA, createReportingDataSource } from './database';
import { buildReportingSchema, startReportingServer } from './server';

/**
 * The reporting subgraph: read models of portfolio indicators per hierarchy node and date, fed by
 * membership's and savings-loan's events (modules/events); it never reads another service's tables.
 * Province, County, Village, Fund and Group get their `portfolio` through federation.
 */
export const service: SubgraphService = {
  name: 'reporting',
  schema: REPORTING_SCHEMA,
  defaultPort: 4003,
  createDataSource: (url: string): DataSource => createReportingDataSource(url),
  migrate: (ds: DataSource): Promise<string[]> => migrate(ds, REPORTING_SCHEMA, REPORTING_APPEND_ONLY),
  printSchema: async (): Promise<string> => (await buildReportingSchema()).sdl,
  start: (options) => startReportingServer(options),
};
export { REPORTING_SCHEMA, createReportingDataSource } from './database';
export { buildReportingSchema, startReportingServer, ReportingServerOptions, reportingEventSettings } from './server';
export { createReportingConsumers, REPORTING_CONSUMERS } from './modules/events/events.consumer';
export { reconcileReporting, RECONCILED_FIGURES } from './modules/operations/reconcile';
export type { ReconciliationDifference, ReconciliationReport, ReconciledFigure } from './modules/operations/reconcile';
export { emptyReadModels, READ_MODEL_TABLES } from './modules/operations/rebuild';
export type { RebuildResult } from './modules/operations/rebuild';
