import type { DataSource } from 'typeorm';
import { ScopedDatabase, migrate } from '@funds/db-kit';
import type { SubgraphService } from '@funds/graphql-kit';
import { REPORTING_APPEND_ONLY, REPORTING_SCHEMA, createReportingDataSource } from './database';
import { buildReportingSchema, dayIn, startReportingServer } from './server';
import { warmPortfolioSnapshots as warmSnapshots } from './modules/portfolio/snapshot.service';

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

/**
 * Computes today's missing portfolio snapshots of every province (and so of everything under
 * it), as the warmer of a running server does: for scripts that fill the read models themselves
 * (the synthetic network, benchmarks). `dataSource` as the application role. Returns the provinces warmed.
 */
export function warmPortfolioSnapshots(dataSource: DataSource, now: Date = new Date()): Promise<number> {
  return warmSnapshots(new ScopedDatabase(dataSource), (country) => dayIn(country, now));
}
export type { RebuildResult } from './modules/operations/rebuild';
