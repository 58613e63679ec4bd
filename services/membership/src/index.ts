import type { DataSource } from 'typeorm';
import { migrate } from '@funds/db-kit';
import { createMembershipDataSource, MEMBERSHIP_SCHEMA } from './database';

export const service = {
  name: 'membership',
  schema: MEMBERSHIP_SCHEMA,
  createDataSource: (url: string) => createMembershipDataSource(url),
  migrate: (ds: DataSource) => migrate(ds, MEMBERSHIP_SCHEMA),
};
export { createMembershipDataSource, MEMBERSHIP_SCHEMA, MEMBERSHIP_ENTITIES } from './database';
