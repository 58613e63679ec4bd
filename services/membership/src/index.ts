import type { DataSource } from 'typeorm';
import { migrate } from '@funds/db-kit';
import type { SubgraphService } from '@funds/graphql-kit';
import { createMembershipDataSource, MEMBERSHIP_SCHEMA } from './database';
import { buildMembershipSchema, startMembershipServer } from './server';

/** How scripts (start, migrate, schema printing, tests) drive this service. */
export const service: SubgraphService = {
  name: 'membership',
  schema: MEMBERSHIP_SCHEMA,
  defaultPort: 4001,
  createDataSource: (url: string): DataSource => createMembershipDataSource(url),
  migrate: (ds: DataSource): Promise<string[]> => migrate(ds, MEMBERSHIP_SCHEMA, ['audit_event']),
  printSchema: async (): Promise<string> => (await buildMembershipSchema()).sdl,
  start: (options) => startMembershipServer(options),
};
export { createMembershipDataSource, MEMBERSHIP_SCHEMA, MEMBERSHIP_ENTITIES } from './database';
export { buildMembershipSchema, startMembershipServer, MembershipServerOptions } from './server';
export { loadDemoNetwork, isEmpty, DemoSummary } from './demo/load-demo';
export { addSyntheticGrid, GridOptions } from './demo/synthetic-grid';
