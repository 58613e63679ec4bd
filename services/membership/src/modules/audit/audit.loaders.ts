import type { EntityManager } from 'typeorm';
import { AUDIT_ANCESTRY_COLUMNS, AuditAncestry } from '@funds/db-kit';
import { AuditTarget, ConnectionSource, CursorCodec, NodeRef, pageSize, refOf, toPage } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { HierarchyRepository } from '../hierarchy/hierarchy.repository';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Member } from '../member/member.entity';
import { AuditEvent } from './audit-event.type';
import type { AuditEventArgs } from './audit.inputs';

const S = 'membership';

/** Newest first: by the log's own sequence. */
const AUDIT_CURSOR = new CursorCodec<AuditEvent & { seq: number }>('audit_event', [{ kind: 'int', of: (e) => e.seq }]);

const COLUMN: Record<string, (typeof AUDIT_ANCESTRY_COLUMNS)[number]> = {
  [NodeLevel.PROVINCE]: 'province_id',
  [NodeLevel.COUNTY]: 'county_id',
  [NodeLevel.VILLAGE]: 'village_id',
  [NodeLevel.FUND]: 'fund_id',
  [NodeLevel.GROUP]: 'group_id',
};

/**
 * A page of the audit log under `node` (null: the whole network, for a national admin), newest
 * first. Row-level security limits it to the caller's scope in any case.
 */
export async function auditEventConnection(
  ctx: MembershipContext,
  node: NodeRef | null,
  args: AuditEventArgs,
): Promise<ConnectionSource<AuditEvent & { seq: number }>> {
  const first = pageSize(args.first);
  const after = args.after ? AUDIT_CURSOR.decode(args.after) : null;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (node) add((p) => `${COLUMN[node.level]} = ${p}`, node.id);
  if (args.operation) add((p) => `operation = ${p}`, args.operation);
  if (args.outcome) add((p) => `outcome = ${p}`, args.outcome);
  if (args.subject) add((p) => `subject = ${p}`, args.subject);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const pageParams = [...params];
  const pageWhere = after ? `${filter ? `${filter} AND` : 'WHERE'} seq < $${pageParams.push(after[0])}` : filter;
  const rows: Record<string, unknown>[] = await ctx.db.read((em) =>
    em.query(
      `SELECT id, seq::int AS seq, occurred_at, request_id, subject, role, grants, operation, outcome, message, target_id, target_level, arguments
         FROM ${S}.audit_event ${pageWhere} ORDER BY seq DESC LIMIT ${first + 1}`,
      pageParams,
    ),
  );
  const events = rows.map((r) => ({
    id: r.id as string,
    seq: Number(r.seq),
    occurredAt: r.occurred_at as Date,
    requestId: r.request_id as string,
    subject: r.subject as string,
    role: r.role as string,
    grants: r.grants as string[],
    operation: r.operation as string,
    outcome: r.outcome as string,
    message: r.message as string | null,
    targetId: r.target_id as string | null,
    targetLevel: r.target_level as string | null,
    arguments: r.arguments as Record<string, unknown>,
  }));
  const count = async () => {
    const [{ n }] = await ctx.db.read((em) => em.query(`SELECT count(*)::int AS n FROM ${S}.audit_event ${filter}`, params));
    return n as number;
  };
  return { page: toPage(events, first, AUDIT_CURSOR), count, cursor: AUDIT_CURSOR };
}

const ancestryOf = (ref: NodeRef): AuditAncestry => ({
  provinceId: ref.provinceId,
  countyId: ref.countyId,
  villageId: ref.villageId,
  fundId: ref.fundId,
  groupId: ref.groupId,
});

/** The ancestry of a node the caller can see (its scope node), read in its transaction. */
export async function scopeAncestry(em: EntityManager, nodeId: string): Promise<AuditAncestry> {
  const [ref] = await new HierarchyRepository(em).locate([nodeId]);
  return ref ? ancestryOf(ref) : {};
}

type Row = Record<string, unknown> & { id?: unknown };

/**
 * The node a mutation's result concerns, for its audit row: a hierarchy node or member carries its
 * ancestry; a record of a fund (officer, formation stage) or of a node (partner link) takes that
 * node's; a deleted node's ref its last place; a payload is searched for the first record in it.
 * Anything else (a partner) is recorded under the caller's scope node.
 */
export async function auditTargetOf(result: unknown, em: EntityManager): Promise<AuditTarget | null> {
  if (typeof result === 'string') return { id: result, level: 'NODE' };
  if (!result || typeof result !== 'object') return null;
  const row = result as Row;
  if (typeof row.id !== 'string') {
    const inner = Object.values(row).find((v) => v && typeof v === 'object' && typeof (v as Row).id === 'string');
    return inner ? auditTargetOf(inner, em) : null;
  }
  const type = row.constructor as { LEVEL?: NodeLevel; name: string };
  if (type.LEVEL) return { id: row.id, level: type.LEVEL, ancestry: ancestryOf(refOf(type.LEVEL, row as never)) };
  if (type === Object && typeof row.level === 'string' && typeof row.provinceId === 'string') {
    // A node's ref (a deleted node's last place).
    return { id: row.id, level: row.level, ancestry: ancestryOf(row as unknown as NodeRef) };
  }
  const level = type.name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  if (row instanceof Member || typeof row.provinceId === 'string') {
    return {
      id: row.id,
      level: row instanceof Member ? NodeLevel.MEMBER : level,
      ancestry: ancestryOf(refOf(NodeLevel.MEMBER, row as never)),
    };
  }
  const owner = typeof row.fundId === 'string' ? row.fundId : typeof row.nodeId === 'string' ? row.nodeId : null;
  if (owner) {
    const [ref] = await new HierarchyRepository(em).locate([owner]);
    return { id: row.id, level, ...(ref ? { ancestry: ancestryOf(ref) } : {}) };
  }
  return { id: row.id, level };
}
