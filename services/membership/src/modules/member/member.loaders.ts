import type { MembershipContext } from '../../context';
import { childList } from '../hierarchy/hierarchy.repository';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Member } from './member.entity';
import { MemberTransfer } from './member-transfer.entity';

/** A member's moves (out of it and into it), oldest first; one statement for every member of the request's tick. */
export function transfersOf(ctx: MembershipContext, memberId: string): Promise<MemberTransfer[]> {
  return ctx.loaders
    .get<string, MemberTransfer[]>('transfers', async (ids) => {
      const rows = await ctx.db.read((em) =>
        em
          .getRepository(MemberTransfer)
          .createQueryBuilder('t')
          .where('t.member_id = ANY(:ids) OR t.to_member_id = ANY(:ids)', { ids })
          .orderBy('t.effective_on')
          .addOrderBy('t.created_at')
          .getMany(),
      );
      return ids.map((id) => rows.filter((t) => t.memberId === id || t.toMemberId === id));
    })
    .load(memberId);
}

/** Members are listed by family name, given name, then id; search reads names and the national id. */
export const MEMBER_LIST = childList<Member>({
  entity: Member,
  level: NodeLevel.MEMBER,
  table: 'member',
  sort: [
    { column: 'family_name', property: 'familyName', kind: 'text' },
    { column: 'given_name', property: 'givenName', kind: 'text' },
    { column: 'id', property: 'id', kind: 'uuid' },
  ],
  search: ['given_name', 'family_name', 'name_latin', 'national_id'],
});
