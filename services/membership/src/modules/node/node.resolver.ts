import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { MembershipContext } from '../../context';
import { Node } from '../hierarchy/hierarchy-node';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { entityLoader, openLoader } from '../hierarchy/hierarchy.loaders';
import { ENTITY_OF } from '../hierarchy/hierarchy.resolver';
import { Member } from '../member/member.entity';

/** Every type `node(id)` and entity references can answer: the hierarchy's levels and members. */
const NODE_ENTITY = { ...ENTITY_OF, MEMBER: Member } as const;

/** Loads the node with `id` at `level` when the caller may open it; members only for roles that read personal data. */
async function openNode(ctx: MembershipContext, id: string, level?: NodeLevel): Promise<Node | null> {
  const ref = await openLoader(ctx)
    .load(id)
    .catch(() => null);
  if (!ref || (level && ref.level !== level) || !ctx.access.canSee(ref)) return null;
  ctx.access.authorize('node', ref, 'id');
  return (await entityLoader(ctx, NODE_ENTITY[ref.level] as never).load(ref.id)) as Node | null;
}

@Resolver()
export class NodeQueryResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      'Any province, county, village, fund, group or member by id. Null for an id that does not exist and for one outside your scope alike (the two are not told apart).',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: MembershipContext): Promise<Node | null> {
    return openNode(ctx, id);
  }
}

/** Entity references to members from other subgraphs: batched, and limited like node(id). */
export function memberReferenceResolvers() {
  return {
    Member: { __resolveReference: (reference: { id: string }, ctx: MembershipContext) => openNode(ctx, reference.id, NodeLevel.MEMBER) },
  };
}
