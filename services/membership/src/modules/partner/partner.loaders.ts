import { isUuid } from '@funds/db-kit';
import { ConnectionSource, CursorCodec, pageSize, toPage, groupByKeys } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { entityLoader } from '../hierarchy/hierarchy.loaders';
import { Partner, PartnerLink } from './partner.entity';
import type { PartnerListArgs } from './partner.inputs';

/**
 * A partner by id through the request's batched loader (one statement for every partner asked for
 * in a tick); an id that is not a UUID is null without reaching the database.
 */
export function partnerById(ctx: MembershipContext, id: unknown): Promise<Partner | null> {
  return typeof id === 'string' && isUuid(id) ? entityLoader(ctx, Partner).load(id) : Promise.resolve(null);
}

/** Partners are listed by name, then id. */
const PARTNER_CURSOR = new CursorCodec<Partner>('partner', [
  { kind: 'text', of: (p) => p.name },
  { kind: 'uuid', of: (p) => p.id },
]);

/** Links of many nodes in one statement. */
export function partnerLinksOf(ctx: MembershipContext, nodeId: string): Promise<PartnerLink[]> {
  return ctx.loaders
    .get<string, PartnerLink[]>('partnerLinks', async (ids) => {
      const rows = await ctx.db.read((em) =>
        em.getRepository(PartnerLink).createQueryBuilder('l').where('l.node_id = ANY(:ids)', { ids }).orderBy('l.starts_on').getMany(),
      );
      return groupByKeys(ids, rows, (l) => l.nodeId);
    })
    .load(nodeId);
}

/** A page of partners by name (and the lazy count of the same filter). */
export async function partnerConnection(ctx: MembershipContext, args: PartnerListArgs): Promise<ConnectionSource<Partner>> {
  const first = pageSize(args.first);
  // The list and its count match the same escaped pattern (a bare % or _ in the search is a character, not a wildcard).
  const pattern = args.search ? `%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const after = args.after ? PARTNER_CURSOR.decode(args.after) : null;
  const rows = await ctx.db.read((em) => {
    const qb = em
      .getRepository(Partner)
      .createQueryBuilder('p')
      .orderBy('p.name')
      .addOrderBy('p.id')
      .limit(first + 1);
    if (pattern) qb.andWhere('(p.name ILIKE :s OR p.name_latin ILIKE :s)', { s: pattern });
    if (after) qb.andWhere('(p.name, p.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.getMany();
  });
  const page = toPage(rows, first, PARTNER_CURSOR);
  const count = () =>
    ctx.db.read((em) => {
      const qb = em.getRepository(Partner).createQueryBuilder('p');
      if (pattern) qb.where('(p.name ILIKE :s OR p.name_latin ILIKE :s)', { s: pattern });
      return qb.getCount();
    });
  return { page, count, cursor: PARTNER_CURSOR };
}
