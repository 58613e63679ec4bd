import { isUuid } from '@funds/db-kit';
import type { MembershipContext } from '../../context';
import { entityLoader } from '../hierarchy/hierarchy.loaders';
import { Partner } from './partner.entity';

/**
 * A partner by id through the request's batched loader (one statement for every partner asked for
 * in a tick); an id that is not a UUID is null without reaching the database.
 */
export function partnerById(ctx: MembershipContext, id: unknown): Promise<Partner | null> {
  return typeof id === 'string' && isUuid(id) ? entityLoader(ctx, Partner).load(id) : Promise.resolve(null);
}
