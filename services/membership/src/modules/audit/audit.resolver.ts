import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { connectionType, notFound } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { refLoader } from '../hierarchy/hierarchy.loaders';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { AuditEvent } from './audit-event.type';
import { AuditEventArgs } from './audit.inputs';
import { auditEventConnection } from './audit.loaders';

export const AuditEventConnection = connectionType(AuditEvent, 'AuditEvent');

@Resolver()
export class AuditQueryResolver {
  @Query(() => AuditEventConnection, {
    description:
      "The audit log of the membership subgraph's mutations under a node (your scope node unless given), newest first. National and regional admins only; partner apps never.",
  })
  async auditEvents(@Args() args: AuditEventArgs, @Ctx() ctx: MembershipContext) {
    ctx.access.authorize('auditEvents', null);
    // Without a node: everything row-level security shows the caller (its scope).
    const node = args.nodeId ? await refLoader(ctx).load(args.nodeId) : null;
    if (args.nodeId && (!node || node.level === NodeLevel.MEMBER || !ctx.access.canSee(node)))
      throw notFound('node', args.nodeId, 'nodeId');
    return new AuditEventConnection(await auditEventConnection(ctx, node, args));
  }
}
