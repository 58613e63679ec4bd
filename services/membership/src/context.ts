import type { DataSource } from 'typeorm';
import type { BaseContext } from '@funds/graphql-kit';
import type { Access } from './access/access';

/** Per request: the verified caller, what it may do, loaders, and the (non-transactional) data source for reads. */
export interface MembershipContext extends BaseContext {
  access: Access;
  db: DataSource;
}
