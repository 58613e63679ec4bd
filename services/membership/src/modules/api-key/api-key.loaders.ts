import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ConnectionSource, CursorCodec, pageSize, toPage } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { ApiKey } from './api-key.entity';
import type { ApiKeyListArgs } from './api-key.inputs';

/** Newest first: keys are uuid7, so by id descending. */
const API_KEY_CURSOR = new CursorCodec<ApiKey>('api_key', [{ kind: 'uuid', of: (k) => k.id }]);

const COLUMN: Record<string, string> = {
  [NodeLevel.PROVINCE]: 'province_id',
  [NodeLevel.COUNTY]: 'county_id',
  [NodeLevel.VILLAGE]: 'village_id',
  [NodeLevel.FUND]: 'fund_id',
  [NodeLevel.GROUP]: 'group_id',
};

/**
 * A page of the keys granted `node` or a node under it (null: every key, for a national admin),
 * newest first, with the lazy count of the same filter. Row-level security limits it to the
 * caller's scope as well.
 */
export async function apiKeyConnection(
  ctx: MembershipContext,
  node: { level: NodeLevel; id: string } | null,
  args: ApiKeyListArgs,
): Promise<ConnectionSource<ApiKey>> {
  const first = pageSize(args.first);
  const after = args.after ? API_KEY_CURSOR.decode(args.after) : null;
  const filtered = (em: EntityManager): SelectQueryBuilder<ApiKey> => {
    const qb = em.getRepository(ApiKey).createQueryBuilder('k');
    if (node) qb.where(`k.${COLUMN[node.level]} = :node`, { node: node.id });
    return qb;
  };
  const rows = await ctx.db.read((em) => {
    const qb = filtered(em)
      .orderBy('k.id', 'DESC')
      .limit(first + 1);
    if (after) qb.andWhere('k.id < :after', { after: after[0] });
    return qb.getMany();
  });
  const count = () => ctx.db.read((em) => filtered(em).getCount());
  return { page: toPage(rows, first, API_KEY_CURSOR), count, cursor: API_KEY_CURSOR };
}
